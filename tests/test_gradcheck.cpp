// Every operation and every layer against central finite differences (float64, the
// library's gradient_check): the analytic gradient must agree to a relative error below 1e-7.
#include <set>

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

constexpr double kGradTolerance = 1e-7;
constexpr double kStep = 1e-6;

// ‖a − n‖ / (‖a‖ + ‖n‖): scale-free, and defined when both are zero.
double gradient_error(const Matrix<double>& analytic, const Matrix<double>& numeric) {
  const double denom = analytic.norm() + numeric.norm();
  return denom == 0 ? 0 : (analytic - numeric).norm() / denom;
}

// Every input of the operation is a parameter; the output is reduced to a scalar by the
// squared-error cost against a random target, so every entry has a non-trivial gradient.
void check_operation(const OpDef<double>& op, std::array<Index, 3> sizes, NumpyRandom& rng,
                     const OpParams& op_params) {
  SCOPED_TRACE(std::string(op.name) + " with sizes " + std::to_string(sizes[0]) + "," +
               std::to_string(sizes[1]) + "," + std::to_string(sizes[2]));
  const std::vector<Shape> shapes = op.example_input_shapes(sizes);
  ASSERT_EQ(static_cast<int>(shapes.size()), op.arity);
  std::vector<Parameter<double>> params(shapes.size());
  Graph<double> g;
  std::vector<NodeId> inputs;
  for (size_t i = 0; i < shapes.size(); ++i) {
    params[i].name = "in" + std::to_string(i);
    if (static_cast<int>(i) == op.label_slot) {
      // Class indices 0…K−1, K the rows of the other input: data, not differentiated.
      const Index classes = shapes[1 - i].rows;
      Matrix<double> labels(shapes[i].rows, shapes[i].cols);
      for (Index j = 0; j < labels.size(); ++j)
        labels(j) = std::floor(rng.uniform() * static_cast<double>(classes));
      inputs.push_back(g.add_data("labels", labels));
      continue;
    }
    params[i].value = rng.randn<double>(shapes[i].rows, shapes[i].cols);
    inputs.push_back(g.add_parameter(params[i]));
  }
  const NodeId out = g.add_op(op, "out", inputs, op_params);
  const Matrix<double> target = rng.randn<double>(g.value(out).rows(), g.value(out).cols()) * 2.0;
  const NodeId target_node = g.add_data("target", target);
  const NodeId cost = g.add<ops::SquaredErrorCost>("cost", {target_node, out});
  // Every parameter node (the label slot is data), every entry.
  const GradientCheck check = gradient_check(g, cost, {.entries = 0, .threshold = kGradTolerance});
  EXPECT_EQ(check.parameters.size(), static_cast<size_t>(op.arity - (op.label_slot >= 0)));
  EXPECT_TRUE(check.passed()) << format_gradient_check(check);
}

TEST(GradientCheck, EveryRegisteredOperationOnRandomShapes) {
  NumpyRandom rng(2024);
  ASSERT_GE(op_registry<double>().size(), 12u);
  for (const OpDef<double>* op : op_registry<double>()) {
    check_operation(*op, {1, 1, 1}, rng, op->example_params);
    for (int trial = 0; trial < 5; ++trial) {
      const std::array<Index, 3> sizes = {1 + static_cast<Index>(rng.uniform() * 5),
                                          1 + static_cast<Index>(rng.uniform() * 5),
                                          1 + static_cast<Index>(rng.uniform() * 5)};
      check_operation(*op, sizes, rng, op->example_params);
    }
  }
}

// Leaky ReLU's slope is a node parameter: the gradient follows it, from ReLU's 0 up.
TEST(GradientCheck, LeakyReluAtSeveralSlopes) {
  NumpyRandom rng(7);
  const OpDef<double>& op = op_def<ops::LeakyReLU, double>();
  for (double slope : {0.0, 0.01, 0.2, 0.5, 0.99})
    for (int trial = 0; trial < 3; ++trial) {
      SCOPED_TRACE("negative_slope " + std::to_string(slope));
      check_operation(op, {2 + trial, 1, 3 + trial}, rng, OpParams{{slope}});
    }
}

// ELU's α is a node parameter; at α = 1 ELU is smooth, elsewhere it has a kink at 0.
TEST(GradientCheck, EluAtSeveralAlphas) {
  NumpyRandom rng(8);
  const OpDef<double>& op = op_def<ops::Elu, double>();
  for (double alpha : {0.1, 0.5, 1.0, 2.0})
    for (int trial = 0; trial < 3; ++trial) {
      SCOPED_TRACE("alpha " + std::to_string(alpha));
      check_operation(op, {2 + trial, 1, 3 + trial}, rng, OpParams{{alpha}});
    }
}

TEST(GradientCheck, EveryOperationIsInTheRegistryOnce) {
  std::set<std::string_view> names;
  for (const OpDef<double>* op : op_registry<double>())
    names.insert(op->name);
  EXPECT_EQ(names.size(), op_registry<double>().size());
  EXPECT_EQ(find_op<double>("sigmoid"), (&op_def<ops::Sigmoid, double>()));
  EXPECT_EQ(find_op<double>("nope"), nullptr);
}

// A node feeding two consumers receives the sum of the gradients of both paths:
// s = σ(p), q = p ⊙ s, C = cost(Y, q) → ∂C/∂p = ∂C/∂q ⊙ s + (∂C/∂q ⊙ p) ⊙ s(1 − s).
TEST(GradientCheck, ANodeWithTwoConsumersSumsTheirGradients) {
  NumpyRandom rng(5);
  Parameter<double> p{"p", rng.randn<double>(3, 4), {}};
  Graph<double> g;
  const NodeId P = g.add_parameter(p);
  const NodeId S = g.add<ops::Sigmoid>("s", {P});
  const NodeId Q = g.add<ops::Hadamard>("q", {P, S});
  const NodeId Y = g.add_data("Y", rng.randn<double>(3, 4));
  const NodeId C = g.add<ops::SquaredErrorCost>("C", {Y, Q});
  EXPECT_EQ(g.consumers(P), (std::vector<NodeId>{S, Q}));
  g.forward();
  g.backward(C);
  const Matrix<double> dQ = g.grad(Q);
  const Matrix<double> s = g.value(S);
  const Matrix<double> by_hand =
      (dQ.array() * s.array() + (dQ.array() * p.value.array()) * s.array() * (1 - s.array()))
          .matrix();
  EXPECT_LT(gradient_error(p.grad, by_hand), 1e-15);
  EXPECT_LT(gradient_error(p.grad, numeric_gradient(g, C, p, kStep)), kGradTolerance);
}

// x ⊙ x: the same node in both slots of one consumer.
TEST(GradientCheck, ANodeUsedTwiceByOneOperation) {
  NumpyRandom rng(6);
  Parameter<double> x{"x", rng.randn<double>(2, 3), {}};
  Graph<double> g;
  const NodeId X = g.add_parameter(x);
  const NodeId sq = g.add<ops::Hadamard>("x⊙x", {X, X});
  const NodeId Y = g.add_data("Y", Matrix<double>::Zero(2, 3));
  const NodeId C = g.add<ops::SquaredErrorCost>("C", {Y, sq});
  g.forward();
  g.backward(C);
  const Matrix<double> expected = (2 * g.grad(sq).array() * x.value.array()).matrix();
  EXPECT_LT(gradient_error(x.grad, expected), 1e-15);
  EXPECT_LT(gradient_error(x.grad, numeric_gradient(g, C, x, kStep)), kGradTolerance);
}

// Whole networks of the article's layers, on random shapes, every parameter checked.
TEST(GradientCheck, LinearAndSigmoidLayersOnRandomNetworks) {
  NumpyRandom rng(11);
  for (int trial = 0; trial < 6; ++trial) {
    const Index n_in = 1 + static_cast<Index>(rng.uniform() * 4);
    const Index m = 1 + static_cast<Index>(rng.uniform() * 6);
    NetworkSpec spec;
    spec.n_inputs = n_in;
    for (int h = 0; h < trial % 3; ++h)
      spec.hidden.push_back(1 + static_cast<Index>(rng.uniform() * 4));
    spec.n_outputs = 1 + trial % 2;
    spec.init = Init::he;
    Sequential<double> model = make_network<double>(spec, rng);
    Graph<double> g;
    const NodeId X = g.add_data("X", rng.randn<double>(n_in, m));
    const NodeId Y =
        g.add_data("Y", (rng.randn<double>(spec.n_outputs, m).array() > 0).cast<double>().matrix());
    const NodeId C = g.add<ops::SquaredErrorCost>("C", {Y, model.build(g, X)});
    const GradientCheck check = gradient_check(g, C, {.entries = 0, .threshold = kGradTolerance});
    EXPECT_EQ(check.parameters.size(), model.parameters().size());
    EXPECT_TRUE(check.passed()) << "trial " << trial << " of " << model.describe() << "\n"
                                << format_gradient_check(check);
  }
}

// The layers' backward rules are exactly the article's formulas (SPEC Part II).
TEST(Layers, BackwardFollowsTheArticlesFormulas) {
  NumpyRandom rng(3);
  Sequential<double> model;
  auto& linear = model.add<LinearLayer<double>>(3, 2, Init::xavier, rng);
  model.add<SigmoidLayer<double>>();
  auto& linear2 = model.add<LinearLayer<double>>(2, 1, Init::xavier, rng);
  model.add<SigmoidLayer<double>>();
  Graph<double> g;
  const NodeId X = g.add_data("X", rng.randn<double>(3, 5));
  const NodeId Y = g.add_data("Y", Matrix<double>::Ones(1, 5));
  const NodeId C = g.add<ops::SquaredErrorCost>("C", {Y, model.build(g, X)});
  g.forward();
  g.backward(C);
  const Matrix<double>& A_prev = g.value(X);
  const Matrix<double>& dZ1 = g.grad(g.find("Z1"));
  const Matrix<double>& A1 = g.value(g.find("A1"));
  const Matrix<double>& dA1 = g.grad(g.find("A1"));
  // SigmoidLayer: dZ = upstream ⊙ A ⊙ (1 − A)
  EXPECT_LT(gradient_error(dZ1, (dA1.array() * A1.array() * (1 - A1.array())).matrix()), 1e-15);
  // LinearLayer: dW = upstream·A_prevᵀ, db = row sums of upstream, dA_prev = Wᵀ·upstream
  EXPECT_LT(gradient_error(linear.dW(), dZ1 * A_prev.transpose()), 1e-15);
  EXPECT_LT(gradient_error(linear.db(), dZ1.rowwise().sum()), 1e-15);
  const Matrix<double>& dZ2 = g.grad(g.find("Z2"));
  EXPECT_LT(gradient_error(dA1, linear2.W().transpose() * dZ2), 1e-15);
  // update_params: θ ← θ − α·∂C/∂θ
  const Matrix<double> W_before = linear.W(), dW = linear.dW();
  linear.update_params(0.5);
  EXPECT_EQ(linear.W(), W_before - 0.5 * dW);
}

}  // namespace
}  // namespace scratchnet::testing
