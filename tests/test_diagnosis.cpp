// Numerical trouble, diagnosed: a NaN or infinity stops training and names the epoch and the
// first node (layer and operation) where it appeared; a diverging cost stops it and names the
// parameter whose gradient is largest for its size; the article's α = 50 run, which
// overshoots and then learns, is not stopped.
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

// The article's XOR network, 2-3-1 sigmoid, Xavier-initialised with seed 48.
Sequential<double> xor_network(const std::string& activation = "sigmoid", Loss loss = Loss::mse) {
  NumpyRandom rng(48);
  NetworkSpec spec;
  spec.hidden = {3};
  spec.activation = activation;
  spec.loss = loss;
  return make_network<double>(spec, rng);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Diagnosis, NanInTheDataNamesTheEpochTheNodeAndTheExample) {
  Dataset<double> xor_data = gate_dataset<double>("xor");
  xor_data.X(1, 2) = std::numeric_limits<double>::quiet_NaN();  // feature 2 of example 3
  Sequential<double> model = xor_network();
  const Matrix<double> before = model.parameters()[0]->value;
  TrainOptions options;
  options.epochs = 10;
  Trainer<double> trainer(model, xor_data.X, xor_data.Y, options);
  const CostLog log = trainer.run();
  ASSERT_TRUE(log.stopped);
  EXPECT_EQ(log.stopped->reason, TrainingStop::Reason::non_finite);
  EXPECT_EQ(log.stopped->epoch, 0);
  EXPECT_EQ(log.stopped->node, "X");
  const std::string& m = log.stopped->message;
  EXPECT_TRUE(contains(m, "epoch 0:")) << m;
  EXPECT_TRUE(contains(m, "node 'X' (data)")) << m;
  EXPECT_TRUE(contains(m, "feature 2 of example 3")) << m;
  EXPECT_TRUE(contains(m, "the data itself holds it")) << m;
  EXPECT_TRUE(log.epochs.empty());
  // Stopped before the update: the parameters are those it started with, not NaN.
  EXPECT_EQ(model.parameters()[0]->value, before);
}

// The article's loop, trainer.train_epoch(α), goes through the same finiteness check as
// run(): a NaN pass returns NaN and leaves the parameters as they were.
TEST(Diagnosis, TheArticlesLoopSkipsANonFiniteUpdate) {
  Dataset<double> xor_data = gate_dataset<double>("xor");
  xor_data.X(0, 1) = std::numeric_limits<double>::infinity();
  Sequential<double> model = xor_network();
  std::vector<Matrix<double>> before;
  for (const Parameter<double>* p : model.parameters())
    before.push_back(p->value);
  Trainer<double> trainer(model, xor_data.X, xor_data.Y);
  EXPECT_TRUE(std::isnan(trainer.train_epoch(1.0)));
  const auto after = model.parameters();
  for (size_t i = 0; i < before.size(); ++i)
    EXPECT_EQ(after[i]->value, before[i]) << after[i]->name;
  EXPECT_TRUE(contains(trainer.non_finite_report(0, 1.0), "node 'X' (data)"));
}

// The watch counts epochs of rising cost, and epochs above the first cost; either limit
// (stop_diverging, and ten times it) says diverging; 0 never does.
TEST(Diagnosis, TheDivergenceWatchCountsRisingAndAboveTheFirstCost) {
  DivergenceWatch watch;
  for (const auto& [epoch, cost] : {std::pair{0, 1.0}, {1, 1.5}, {2, 2.0}, {3, 1.2}})
    watch.observe(epoch, cost);
  EXPECT_EQ(watch.first_cost, 1.0);
  EXPECT_EQ(watch.previous_cost, 1.2);
  EXPECT_EQ(watch.rising, 0);  // 2.0 → 1.2 fell
  EXPECT_EQ(watch.above_first, 3);
  EXPECT_FALSE(watch.diverging(1));  // 3 epochs above the first, 10 allowed
  EXPECT_FALSE(watch.diverging(0));
  watch.observe(4, 1.3);
  EXPECT_TRUE(watch.rose_in_a_row(1));
  EXPECT_TRUE(watch.diverging(1));
  EXPECT_FALSE(watch.diverging(2));
  DivergenceWatch above;
  for (int epoch = 0; epoch <= 20; ++epoch)
    above.observe(epoch, epoch == 0 ? 1.0 : (epoch % 2 ? 3.0 : 2.0));  // never twice rising
  EXPECT_EQ(above.above_first, 20);
  EXPECT_FALSE(above.rose_in_a_row(2));
  EXPECT_TRUE(above.diverging(2));
  EXPECT_FALSE(above.diverging(3));
  EXPECT_FALSE(above.diverging(0));
}

TEST(Diagnosis, NanInAMiniBatchNamesTheExampleOfTheDataset) {
  // 40 examples in shuffled batches of 8: the NaN is found in some batch, at some column;
  // the message must name its place in X, not in the batch.
  NumpyRandom data_rng(7);
  Matrix<double> X = data_rng.randn<double>(2, 40);
  Matrix<double> Y = (X.row(0).array() > 0).cast<double>().matrix();
  X(0, 29) = std::numeric_limits<double>::infinity();
  Sequential<double> model = xor_network();
  TrainOptions options;
  options.epochs = 3;
  options.batch_size = 8;
  options.optimizer = "adam";
  options.learning_rate = 0.01;
  const CostLog log = Trainer<double>(model, X, Y, options).run();
  ASSERT_TRUE(log.stopped);
  EXPECT_EQ(log.stopped->epoch, 0);
  EXPECT_EQ(log.stopped->node, "X");
  EXPECT_TRUE(contains(log.stopped->message, "is inf (feature 1 of example 30)"))
      << log.stopped->message;
}

TEST(Diagnosis, AnOverflowNamesTheFirstOperationAndItsLayer) {
  // Inputs near the largest double: W1·X overflows in the first layer's matmul. (A sigmoid
  // would round inf to 1 and train on, finite; ReLU passes it to the next layer, whose cost
  // or gradients it spoils.)
  Matrix<double> X(2, 4);
  X << 0, 0, 1e308, 1e308, 0, 1e308, 0, 1e308;
  Matrix<double> Y(1, 4);
  Y << 0, 1, 1, 0;
  Sequential<double> model = xor_network("relu");
  model.parameters()[0]->value.setConstant(1.5);  // every weight positive: the sums overflow
  TrainOptions options;
  options.epochs = 5;
  const CostLog log = Trainer<double>(model, X, Y, options).run();
  ASSERT_TRUE(log.stopped);
  EXPECT_EQ(log.stopped->node, "W1·X");
  const std::string& m = log.stopped->message;
  EXPECT_TRUE(contains(m, "the value of node 'W1·X' (matmul, layer 1, LinearLayer(2 → 3)) is inf"))
      << m;
  EXPECT_TRUE(contains(m, "row 1, example 4")) << m;  // 1.5e308 + 1.5e308; alone each fits
  EXPECT_TRUE(contains(m, "try a lower --lr (now 1)")) << m;
}

TEST(Diagnosis, FindNonFiniteLooksAtGradientsWhenEveryValueIsFinite) {
  // W·X = 1e-300·1e300 = 1 is finite; ∂C/∂W = ∂C/∂Z · Xᵀ = 1e10 · 1e300 overflows.
  Parameter<double> W{"W", Matrix<double>::Constant(1, 1, 1e-300), {}};
  Graph<double> g;
  const NodeId x = g.add_data("X", Matrix<double>::Constant(1, 1, 1e300));
  const NodeId w = g.add_parameter(W);
  const NodeId z = g.add<ops::MatMul>("Z", {w, x});
  const NodeId y = g.add_data("Y", Matrix<double>::Constant(1, 1, -1e10));
  const NodeId cost = g.add<ops::SquaredErrorCost>("C", {y, z});
  g.forward();
  zero_grad<double>(std::vector<Parameter<double>*>{&W});
  g.backward(cost);
  const auto found = g.find_non_finite(cost);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->node, w);
  EXPECT_TRUE(found->in_gradient);
  EXPECT_TRUE(std::isinf(found->value));
}

TEST(Diagnosis, FindNonFiniteFindsNothingInAHealthyGraph) {
  Dataset<double> xor_data = gate_dataset<double>("xor");
  Sequential<double> model = xor_network();
  Trainer<double> trainer(model, xor_data.X, xor_data.Y);
  trainer.forward_backward();
  EXPECT_FALSE(trainer.graph().find_non_finite(trainer.cost_node()));
}

TEST(Diagnosis, ACostRisingEpochsInARowStopsTraining) {
  // The article's network at α = 50: the cost rises at epochs 1 and 2 (0.129 → 0.180 →
  // 0.209) before it falls. Allowed two rising epochs, training stops at epoch 2.
  Dataset<double> xor_data = gate_dataset<double>("xor");
  Sequential<double> model = xor_network();
  TrainOptions options;
  options.learning_rate = 50;
  options.epochs = 100;
  options.stop_diverging = 2;
  const CostLog log = Trainer<double>(model, xor_data.X, xor_data.Y, options).run();
  ASSERT_TRUE(log.stopped);
  EXPECT_EQ(log.stopped->reason, TrainingStop::Reason::diverging);
  EXPECT_EQ(log.stopped->epoch, 2);
  EXPECT_EQ(log.epochs.back(), 2);  // the last cost is in the log
  const std::string& m = log.stopped->message;
  EXPECT_TRUE(contains(m, "epoch 2: training is diverging: the cost rose 2 epochs in a row")) << m;
  EXPECT_TRUE(contains(m, "try a lower --lr (now 50)")) << m;
  EXPECT_FALSE(log.stopped->node.empty());
  EXPECT_TRUE(contains(m, "node '" + log.stopped->node + "' (parameter, layer ")) << m;
}

TEST(Diagnosis, ASaturatedRunSaysTheActivationsSaturated) {
  // At α = 5000 the first steps push every weighted sum far out: σ is 0 or 1, σ(1−σ) = 0,
  // no gradient flows, and the cost stays at 0.25. The stop says so, not "a small gradient".
  Dataset<double> xor_data = gate_dataset<double>("xor");
  Sequential<double> model = xor_network();
  TrainOptions options;
  options.learning_rate = 5000;
  options.epochs = 2000;
  const CostLog log = Trainer<double>(model, xor_data.X, xor_data.Y, options).run();
  ASSERT_TRUE(log.stopped);
  EXPECT_EQ(log.stopped->reason, TrainingStop::Reason::diverging);
  const std::string& m = log.stopped->message;
  EXPECT_TRUE(contains(m,
                       "the activations saturated (σ at 0 or 1, where its local gradient "
                       "σ(1−σ) is 0), so the gradients vanished"))
      << m;
  EXPECT_FALSE(contains(m, "the largest gradient for its size")) << m;
}

TEST(Diagnosis, TheArticlesAlpha50RunOvershootsButIsNotStopped) {
  // With the default patience the article's α = 50 run trains to the end and learns XOR: a
  // false alarm here would stop a run the article shows converging.
  const CliResult r =
      run_cli("train --data xor --hidden 3 --init xavier --seed 48 --lr 50 --epochs 5000 -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "accuracy 100%")) << r.out;
}

TEST(Diagnosis, Alpha50DivergesWithCrossEntropyAndTheCliSaysWhereAndWhatToDo) {
  // The cross-entropy is not bounded as the squared error of a sigmoid is: at α = 50 the
  // cost leaps from 0.708 to 2.6 and 9.7 and swings between them, never back below its
  // start. After 10·10 epochs above it, training stops.
  const auto dir = temp_folder("alpha50");
  const CliResult r = run_cli(
      "train --data xor --hidden 3 --activation relu --loss bce --seed 48 --lr 50 "
      "--epochs 5000 --out " +
      (dir / "out").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(contains(r.err,
                       "scratchnet: error: training stopped at epoch 100: training is "
                       "diverging: the cost has stayed above its first value"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "for 100 epochs")) << r.err;
  EXPECT_TRUE(contains(r.err, "(parameter, layer ")) << r.err;
  EXPECT_TRUE(contains(r.err, "try a lower --lr (now 50)")) << r.err;
  // A failed run writes no results.
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "model.json"));
  // --stop-diverging 0 trains to the end (and the run is as bad as it looks).
  const CliResult regardless = run_cli(
      "train --data xor --hidden 3 --activation relu --loss bce --seed 48 --lr 50 "
      "--epochs 300 --stop-diverging 0 -q");
  EXPECT_EQ(regardless.exit_code, 0) << regardless.err;
  EXPECT_TRUE(contains(regardless.out, "accuracy 50%")) << regardless.out;
  std::filesystem::remove_all(dir);
}

TEST(Diagnosis, StopDivergingMustNotBeNegative) {
  const CliResult r = run_cli("train --data xor --stop-diverging -1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--stop-diverging must be at least 0")) << r.err;
}

template <class T>
void expect_stable_sigmoid() {
  Matrix<T> Z(1, 4);
  Z << T(-1000), T(-100), T(100), T(1000);
  Matrix<T> A(1, 4);
  const Matrix<T>* inputs[] = {&Z};
  ops::Sigmoid::forward<T>(inputs, A);
  EXPECT_TRUE(A.allFinite()) << A;
  EXPECT_EQ(A(0, 0), T(0));  // e^1000 overflows to inf in the denominator: 1/inf = 0
  EXPECT_EQ(A(0, 3), T(1));
  Matrix<T> dZ = Matrix<T>::Zero(1, 4);
  Matrix<T>* grads[] = {&dZ};
  ops::Sigmoid::backward<T>(inputs, A, Matrix<T>::Ones(1, 4), grads);
  EXPECT_TRUE(dZ.allFinite()) << dZ;
}

TEST(Diagnosis, SigmoidIsFiniteForHugeInputs) {
  expect_stable_sigmoid<double>();
  expect_stable_sigmoid<float>();
}

}  // namespace
}  // namespace scratchnet::testing
