// The article's hand calculations, node by node (reference/worked_examples.json).
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

// Part I: one OR example, x = [0, 0], y = 0, w = [0.1, 0.6], b = 0, one step on the bias.
TEST(WorkedExample, SingleOrExampleNodeByNode) {
  const json ref = load_reference("worked_examples.json")["single_example_or"];
  Sequential<double> model;
  Matrix<double> w(1, 2);
  w << ref["w"][0].get<double>(), ref["w"][1].get<double>();
  auto& linear = model.add<LinearLayer<double>>(w, Matrix<double>::Constant(1, 1, ref["b"]));
  model.add<SigmoidLayer<double>>();
  Matrix<double> x(2, 1);
  x << ref["x"][0].get<double>(), ref["x"][1].get<double>();
  Trainer<double> trainer(model, x, Matrix<double>::Constant(1, 1, ref["y"]));
  const Graph<double>& g = trainer.graph();
  const NodeId z = g.find("Z1"), y_hat = g.find("A1");

  const double cost = trainer.train_epoch(1.0);  // forward, backward, then b ← b − 1·∂L/∂b
  expect_close(g.value(z)(0, 0), ref["z"], "z");
  expect_close(g.value(y_hat)(0, 0), ref["y_hat"], "ŷ");
  expect_close(cost, ref["loss"], "loss");  // with m = 1 the cost is the loss ½(y − ŷ)²
  expect_close(g.grad(y_hat)(0, 0), ref["dL_dyhat"], "∂L/∂ŷ (upstream of the sigmoid)");
  // The sigmoid's local gradient ∂ŷ/∂z = ŷ(1 − ŷ), and the chain rule: ∂L/∂z = ∂L/∂ŷ · ∂ŷ/∂z.
  const double local = g.value(y_hat)(0, 0) * (1 - g.value(y_hat)(0, 0));
  expect_close(local, ref["dyhat_dz"], "∂ŷ/∂z");
  expect_close(g.grad(z)(0, 0), ref["dL_dz"], "∂L/∂z");
  expect_close(g.grad(z)(0, 0), g.grad(y_hat)(0, 0) * local, "chain rule at z");
  // ∂z/∂w = x = 0: the weights cannot learn from this example; the bias can.
  expect_close(linear.dW()(0, 0), ref["dL_dw"][0], "∂L/∂w1");
  expect_close(linear.dW()(0, 1), ref["dL_dw"][1], "∂L/∂w2");
  expect_close(linear.db()(0, 0), ref["dL_db"], "∂L/∂b");
  expect_close(linear.b()(0, 0), ref["b_after_step"], "b after the step");

  const double cost_after = trainer.train_epoch(1.0);
  expect_close(g.value(y_hat)(0, 0), ref["y_hat_after_step"], "ŷ after the step");
  expect_close(cost_after, ref["loss_after_step"], "loss after the step");
}

// Part I, vectorised: all four OR examples as columns, three full-batch iterations.
TEST(WorkedExample, VectorisedOrThreeIterations) {
  const json ref = load_reference("worked_examples.json")["vectorized_or"];
  const json& first = ref["iterations"][0];
  Sequential<double> model;
  auto& linear = model.add<LinearLayer<double>>(to_matrix(first["W"]), to_matrix(first["b"]));
  model.add<SigmoidLayer<double>>();
  const Dataset<double> data = gate_dataset<double>("or");
  expect_close(data.X, ref["X"], "X");
  expect_close(data.Y, ref["Y"], "Y");
  Trainer<double> trainer(model, data.X, data.Y);
  const Graph<double>& g = trainer.graph();
  for (const json& it : ref["iterations"]) {
    const std::string i = "iteration " + std::to_string(it["iteration"].get<int>()) + ": ";
    expect_close(linear.W(), it["W"], i + "W");
    expect_close(linear.b(), it["b"], i + "b");
    const double cost = trainer.train_epoch(1.0);
    expect_close(g.value(g.find("Z1")), it["Z"], i + "Z");
    expect_close(g.value(g.find("A1")), it["Y_hat"], i + "Ŷ");
    expect_close(cost, it["cost"], i + "cost");
    expect_close(g.grad(g.find("A1")), it["dC_dYhat"], i + "∂C/∂Ŷ");
    expect_close(g.grad(g.find("Z1")), it["dC_dZ"], i + "∂C/∂Z");
    expect_close(linear.dW(), it["dC_dW"], i + "∂C/∂W");
    expect_close(linear.db(), it["dC_db"], i + "∂C/∂b");
  }
}

// The figures the article prints (rounded), from our own training runs.
TEST(WorkedExample, ArticlesRoundedFigures) {
  const json reported = load_reference("worked_examples.json")["article_reported"];
  TrainOptions options;  // lr 1, 5000 epochs, as the article
  options.log_every = 1;

  Sequential<double> or_model;
  or_model.add<LinearLayer<double>>((Matrix<double>(1, 2) << 0.1, 0.6).finished(),
                                    Matrix<double>::Zero(1, 1));
  or_model.add<SigmoidLayer<double>>();
  const Dataset<double> or_data = gate_dataset<double>("or");
  const CostLog or_log = Trainer<double>(or_model, or_data.X, or_data.Y).run(options);
  EXPECT_NEAR(or_log.costs[0], reported["or_first_cost"].get<double>(), 5e-4);
  EXPECT_NEAR(or_log.costs[1], reported["or_second_cost"].get<double>(), 5e-4);
  EXPECT_NEAR(or_log.costs.back(), reported["or_cost_after_5000_epochs_approx"].get<double>(),
              5e-5);

  NumpyRandom rng(48);
  NetworkSpec spec;
  spec.hidden = {3};
  Sequential<double> xor_model = make_network<double>(spec, rng);
  const Dataset<double> xor_data = gate_dataset<double>("xor");
  const CostLog xor_log = Trainer<double>(xor_model, xor_data.X, xor_data.Y).run(options);
  EXPECT_NEAR(xor_log.costs.back(),
              reported["xor_2layer_cost_after_5000_epochs_approx"].get<double>(), 5e-5);
}

}  // namespace
}  // namespace scratchnet::testing
