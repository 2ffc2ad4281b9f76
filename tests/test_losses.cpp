// The cross-entropy losses, softmax and the other activations against PyTorch (float64),
// the L2 penalty, and the Trainer beyond the article: softmax classes, mini-batches and
// their determinism.
//
// The expected numbers were computed once with Debian's python3-torch 1.13 (float64) and
// pasted here; the snippet that produced each table is quoted above it.
#include <limits>

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

constexpr double kTorchTolerance = 1e-12;  // relative, float64

// C = loss(Y, Z) on a graph of its own, Z a parameter: forward, backward.
template <class Op>
struct LossGraph {
  Parameter<double> Z;
  Graph<double> g;
  NodeId cost;
  LossGraph(const Matrix<double>& y, const Matrix<double>& z) : Z{"Z", z, {}} {
    const NodeId Yn = g.add_data("Y", y);
    const NodeId Zn = g.add_parameter(Z);
    cost = g.template add<Op>("C", {Yn, Zn});
  }
  double run() {
    g.forward();
    g.backward(cost);
    return g.value(cost)(0, 0);
  }
};

// Computed in Python (python3-torch 1.13, float64) by:
//   import torch, torch.nn.functional as F
//   z = torch.tensor([0.5, -1.5, 3.0, -0.2, 1000.0, -1000.0, 50.0, -50.0, 1000.0, -1000.0],
//                    dtype=torch.float64, requires_grad=True)
//   y = torch.tensor([1.0, 0.0, 0.3, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0], dtype=torch.float64)
//   c = F.binary_cross_entropy_with_logits(z, y); c.backward()
//   c.item(), z.grad.tolist()
TEST(LossBce, ForwardAndGradientMatchTorchIncludingExtremeLogits) {
  LossGraph<ops::BceWithLogits> t(
      Matrix<double>({{1.0, 0.0, 0.3, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0}}),
      Matrix<double>({{0.5, -1.5, 3.0, -0.2, 1000.0, -1000.0, 50.0, -50.0, 1000.0, -1000.0}}));
  expect_close(t.run(), 205.3422216483118, "cost", kTorchTolerance);
  expect_close(t.Z.grad,
               {-0.03775406687981454, 0.018242552380635636, 0.06525741268224335,
                0.04501660026875222, 0.0, 0.0, 0.0, -0.1, 0.1, -0.1},
               "dC/dZ", kTorchTolerance);
  // A second pass gives the same numbers (nothing left over from the first but the
  // parameter's accumulated gradient).
  const Matrix<double> first = t.Z.grad;
  t.Z.grad.setZero();
  expect_close(t.run(), 205.3422216483118, "cost, second pass", kTorchTolerance);
  EXPECT_EQ(t.Z.grad, first);
}

// Several output rows: scratchnet's cost sums over the rows and averages over the examples
// (columns), as its squared-error cost does; torch's "mean" would also divide by the rows.
//   z2 = torch.tensor([[0.2, -0.7, 1.1], [2.5, -3.0, 0.4]], dtype=torch.float64,
//                     requires_grad=True)
//   y2 = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.5]], dtype=torch.float64)
//   c2 = F.binary_cross_entropy_with_logits(z2, y2, reduction="sum") / 3; c2.backward()
TEST(LossBce, SeveralOutputRowsSumOverRowsAndAverageOverExamples) {
  LossGraph<ops::BceWithLogits> t(Matrix<double>({{1.0, 0.0, 1.0}, {0.0, 1.0, 0.5}}),
                                  Matrix<double>({{0.2, -0.7, 1.1}, {2.5, -3.0, 0.4}}));
  expect_close(t.run(), 2.543050860549575, "cost", kTorchTolerance);
  expect_close(t.Z.grad,
               {-0.150055334229174, 0.11060407594394463, -0.0832466314682941, 0.30804727332625215,
                -0.3175247089408111, 0.03289588670415067},
               "dC/dZ", kTorchTolerance);
}

// σ(z) keeps its relative precision for z ≪ 0, where (1 + tanh(z/2))/2 would cancel: at
// z = −50 the gradient is e^−50/m, not 0, as in torch.
//   z3 = torch.tensor([-20.0, -37.0, -50.0, -5.0], dtype=torch.float64, requires_grad=True)
//   y3 = torch.zeros(4, dtype=torch.float64)
//   c3 = F.binary_cross_entropy_with_logits(z3, y3); c3.backward()
TEST(LossBce, GradientOfVeryNegativeLogitsMatchesTorch) {
  LossGraph<ops::BceWithLogits> t(Matrix<double>({{0.0, 0.0, 0.0, 0.0}}),
                                  Matrix<double>({{-20.0, -37.0, -50.0, -5.0}}));
  expect_close(t.run(), 0.0016788376375679143, "cost", kTorchTolerance);
  expect_close(
      t.Z.grad,
      {5.152884045475509e-10, 2.1332619064360165e-17, 4.821874619909795e-23, 0.0016732127310712139},
      "dC/dZ", kTorchTolerance);
}

// Z is K = 3 classes × m = 5 examples; torch takes it transposed.
//   Z = torch.tensor([[0.2, 1000.0, 50.0, -1.0, 1000.0],
//                     [-0.5, -1000.0, -50.0, 2.0, 0.0],
//                     [1.3, 0.0, 0.0, 0.5, -1000.0]], dtype=torch.float64, requires_grad=True)
//   Y = torch.tensor([2, 1, 0, 1, 0])
//   C = F.cross_entropy(Z.T, Y); C.backward()
//   C.item(), Z.grad.flatten().tolist()
TEST(LossSoftmaxCe, ForwardAndGradientMatchTorchIncludingExtremeLogits) {
  LossGraph<ops::SoftmaxCrossEntropy> t(Matrix<double>({{2, 1, 0, 1, 0}}),
                                        Matrix<double>({{0.2, 1000.0, 50.0, -1.0, 1000.0},
                                                        {-0.5, -1000.0, -50.0, 2.0, 0.0},
                                                        {1.3, 0.0, 0.0, 0.5, -1000.0}}));
  expect_close(t.run(), 400.12911112824327, "cost", kTorchTolerance);
  expect_close(t.Z.grad,
               {0.04443702516231297, 0.2, 0.0, 0.00782251465413749, 0.0, 0.02206677363981369, -0.2,
                7.440151952041672e-45, -0.04288059308214483, 0.0, -0.06650379880212665, 0.0,
                3.857499695927836e-23, 0.03505807842800734, 0.0},
               "dC/dZ", kTorchTolerance);
  // Every column of the gradient sums to 0 (softmax − one-hot).
  for (Index j = 0; j < t.Z.grad.cols(); ++j)
    EXPECT_NEAR(t.Z.grad.col(j).sum(), 0.0, 1e-16) << "column " << j;
}

TEST(LossSoftmaxCe, RefusesALabelThatIsNotAClassIndex) {
  const Matrix<double> z = Matrix<double>({{0.1, 0.2}, {0.3, -0.4}, {1.0, 0.0}});  // 3 classes
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (double bad : {3.0, 1.5, -1.0, -0.5, 2.0000001, 4e9, 1e30, nan, inf, -inf}) {
    SCOPED_TRACE("label " + std::to_string(bad));
    LossGraph<ops::SoftmaxCrossEntropy> t(Matrix<double>({{0.0, bad}}), z);
    try {
      t.run();
      ADD_FAILURE() << "accepted";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("is not a class index 0…2"), std::string::npos)
          << e.what();
    }
  }
  // The largest class index is fine.
  LossGraph<ops::SoftmaxCrossEntropy> ok(Matrix<double>({{0.0, 2.0}}), z);
  EXPECT_TRUE(std::isfinite(ok.run()));
}

// A single-node graph: A = Op(Z).
template <class Op>
Matrix<double> apply(const Matrix<double>& z) {
  Graph<double> g;
  const NodeId A = g.add<Op>("A", {g.add_data("Z", z)});
  g.forward();
  return g.value(A);
}

//   S = torch.softmax(torch.tensor([[0.2, 1000.0, 50.0, -1.0], [-0.5, 999.0, -50.0, 2.0],
//                                   [1.3, 0.0, 0.0, 0.5]], dtype=torch.float64), dim=0)
TEST(LossActivations, SoftmaxColumnsSumToOneStablyAndMatchTorch) {
  const Matrix<double> A = apply<ops::Softmax>(
      Matrix<double>({{0.2, 1000.0, 50.0, -1.0}, {-0.5, 999.0, -50.0, 2.0}, {1.3, 0.0, 0.0, 0.5}}));
  EXPECT_TRUE(A.allFinite()) << A;
  for (Index j = 0; j < A.cols(); ++j)
    EXPECT_NEAR(A.col(j).sum(), 1.0, 1e-15) << "column " << j;
  expect_close(A,
               {0.22218512581156485, 0.7310585786300049, 1.0, 0.039112573270687456,
                0.11033386819906847, 0.2689414213699951, 3.720075976020836e-44, 0.7855970345892759,
                0.6674810059893668, 0.0, 1.9287498479639178e-22, 0.1752903921400367},
               "softmax", kTorchTolerance);
  // float32 too: e^1000 would overflow a naive float softmax long before this.
  Graph<float> g;
  const NodeId S = g.add<ops::Softmax>(
      "A", {g.add_data("Z", Matrix<double>({{1000.0, 0.0}, {999.0, 88.0}}).cast<float>())});
  g.forward();
  EXPECT_TRUE(g.value(S).allFinite()) << g.value(S);
  EXPECT_NEAR(g.value(S)(0, 0), 0.7310586f, 1e-6f);
  EXPECT_NEAR(g.value(S).col(1).sum(), 1.0f, 1e-6f);
}

//   A = torch.tensor([[-2.0, -0.5, 0.0, 0.5, 3.0, 20.0]], dtype=torch.float64)
//   torch.relu(A), torch.tanh(A)
TEST(LossActivations, ReluAndTanhForwardMatchTorch) {
  const Matrix<double> z = Matrix<double>({{-2.0, -0.5, 0.0, 0.5, 3.0, 20.0}});
  EXPECT_EQ(apply<ops::ReLU>(z), Matrix<double>({{0.0, 0.0, 0.0, 0.5, 3.0, 20.0}}));
  expect_close(apply<ops::Tanh>(z),
               {-0.9640275800758169, -0.46211715726000974, 0.0, 0.46211715726000974,
                0.9950547536867305, 1.0},
               "tanh", kTorchTolerance);
}

Matrix<double> xor_X() {
  return Matrix<double>({{0, 0, 1, 1}, {0, 1, 0, 1}});
}
Matrix<double> xor_Y() {
  return Matrix<double>({{0, 1, 1, 0}});
}

// C = L + λ/2·Σ‖W‖² over the weights of every linear layer (not the biases), and its
// gradient is the plain one plus λ·W.
TEST(LossL2, TrainerCostIsThePlainLossPlusHalfLambdaSumOfSquaredWeights) {
  for (Loss loss : {Loss::mse, Loss::bce}) {
    SCOPED_TRACE(std::string(to_string(loss)));
    NumpyRandom rng(7);
    Sequential<double> model = make_network<double>(
        {.n_inputs = 2, .hidden = {3, 2}, .activation = "tanh", .loss = loss}, rng);
    const Matrix<double> X = xor_X(), Y = xor_Y();
    const double lambda = 0.05;
    Trainer<double> plain(model, X, Y, {.loss = loss});
    Trainer<double> penalised(model, X, Y, {.loss = loss, .l2 = lambda});

    const double L = plain.forward_backward();
    std::vector<Matrix<double>> dW, db;
    for (const LinearLayer<double>* layer : model.linear_layers()) {
      dW.push_back(layer->dW());
      db.push_back(layer->db());
    }
    double squares = 0;
    for (const LinearLayer<double>* layer : model.linear_layers())
      squares += layer->W().squaredNorm();
    ASSERT_EQ(model.linear_layers().size(), 3u);
    ASSERT_GT(squares, 0.0);

    const double C = penalised.forward_backward();
    EXPECT_LT(relative_error(C, L + lambda / 2 * squares), 1e-14)
        << "C " << full_precision(C) << ", L " << full_precision(L) << ", Σ‖W‖² "
        << full_precision(squares);
    EXPECT_GT(C, L);
    size_t i = 0;
    for (const LinearLayer<double>* layer : model.linear_layers()) {
      const Matrix<double> expected = dW[i] + lambda * layer->W();
      EXPECT_LT((layer->dW() - expected).norm(), 1e-15 * (1 + expected.norm())) << "dW" << i + 1;
      EXPECT_EQ(layer->db(), db[i]) << "db" << i + 1 << ": biases are not penalised";
      ++i;
    }
    // The penalty is in the cost node the trainer reports.
    EXPECT_EQ(penalised.graph().value(penalised.cost_node())(0, 0), C);
  }
}

// Six examples of three classes around (0, 0), (3, 0) and (0, 3).
Matrix<double> three_class_X() {
  return Matrix<double>({{0.0, 0.5, 3.0, 3.2, 0.0, 0.3}, {0.0, 0.2, 0.0, 0.4, 3.0, 3.1}});
}
Matrix<double> three_class_Y() {
  return Matrix<double>({{0, 0, 1, 1, 2, 2}});
}

TEST(LossSoftmaxTrainer, LearnsThreeSeparableClassesToFullAccuracy) {
  NumpyRandom rng(3);
  Sequential<double> model = make_network<double>(
      {.n_inputs = 2, .hidden = {}, .n_outputs = 3, .loss = Loss::softmax_ce}, rng);
  ASSERT_EQ(model.layers().back()->type(), "softmax");
  const Matrix<double> X = three_class_X(), Y = three_class_Y();
  Trainer<double> trainer(
      model, X, Y,
      {.learning_rate = 0.1, .epochs = 300, .loss = Loss::softmax_ce, .optimizer = "adam"});
  EXPECT_EQ(trainer.graph().value(trainer.output_node()).rows(), 3);  // the logits
  const CostLog log = trainer.run();
  ASSERT_FALSE(log.stopped);
  EXPECT_LT(log.costs.back(), 0.1 * log.costs.front());
  const Prediction<double> p = predict(model, X, Y);
  EXPECT_EQ(p.accuracy_percent, 100.0);
  EXPECT_EQ(p.labels, Y);  // arg-max labels: class indices, one row
  ASSERT_EQ(p.probabilities.rows(), 3);
  for (Index j = 0; j < p.probabilities.cols(); ++j)
    EXPECT_NEAR(p.probabilities.col(j).sum(), 1.0, 1e-12);
}

TEST(LossSoftmaxTrainer, CheckLabelsRefusesClassesBeyondKNamingTheExample) {
  NumpyRandom rng(3);
  Sequential<double> model = make_network<double>(
      {.n_inputs = 2, .hidden = {}, .n_outputs = 3, .loss = Loss::softmax_ce}, rng);
  const Matrix<double> X = three_class_X();
  const Matrix<double> Y = Matrix<double>({{0, 0, 1, 3, 2, 2}});  // example 4 has class 3 of 0…2
  try {
    Trainer<double> trainer(model, X, Y, {.loss = Loss::softmax_ce});
    ADD_FAILURE() << "label 3 accepted for 3 classes";
  } catch (const DataError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("example 4"), std::string::npos) << what;
    EXPECT_NE(what.find("label 3"), std::string::npos) << what;
  }
  EXPECT_THROW(check_labels<double>(Matrix<double>({{0, 1.5}}), Loss::softmax_ce, 3), DataError);
  EXPECT_THROW(check_labels<double>(Matrix<double>({{-1, 1}}), Loss::softmax_ce, 3), DataError);
  EXPECT_NO_THROW(check_labels<double>(Matrix<double>({{0, 1, 2}}), Loss::softmax_ce, 3));
  EXPECT_THROW(check_labels<double>(Matrix<double>({{0, 2}}), Loss::bce, 1), DataError);
  EXPECT_NO_THROW(check_labels<double>(Matrix<double>({{0, 1, 0.25}}), Loss::bce, 1));
}

// The fixed problem of the Python snippet below: Linear(2→3), tanh, Linear(3→1), sigmoid,
// BCE, 5 examples in batches of 2 (the last of 1), shuffled by NumPy's RandomState(3),
// momentum 0.9 at rate 0.3, 3 epochs.
Sequential<double> reference_model() {
  Sequential<double> model;
  model.add<LinearLayer<double>>(Matrix<double>({{0.5, -0.3}, {0.8, 0.2}, {-0.6, 0.9}}),
                                 Matrix<double>({{0.1}, {-0.2}, {0.05}}));
  model.add<TanhLayer<double>>();
  model.add<LinearLayer<double>>(Matrix<double>({{0.7, -1.1, 0.4}}), Matrix<double>({{0.3}}));
  model.add<SigmoidLayer<double>>();
  return model;
}
Matrix<double> reference_X() {
  return Matrix<double>({{0.0, 1.0, 0.5, -1.0, 2.0}, {1.0, 0.0, -0.5, 1.5, 1.0}});
}
Matrix<double> reference_Y() {
  return Matrix<double>({{1.0, 0.0, 1.0, 0.0, 1.0}});
}

//   import numpy as np, torch, torch.nn.functional as F
//   W1 = torch.tensor([[0.5, -0.3], [0.8, 0.2], [-0.6, 0.9]], dtype=torch.float64,
//                     requires_grad=True)
//   b1 = torch.tensor([[0.1], [-0.2], [0.05]], dtype=torch.float64, requires_grad=True)
//   W2 = torch.tensor([[0.7, -1.1, 0.4]], dtype=torch.float64, requires_grad=True)
//   b2 = torch.tensor([[0.3]], dtype=torch.float64, requires_grad=True)
//   X = torch.tensor([[0.0, 1.0, 0.5, -1.0, 2.0], [1.0, 0.0, -0.5, 1.5, 1.0]],
//                    dtype=torch.float64)
//   Y = torch.tensor([[1.0, 0.0, 1.0, 0.0, 1.0]], dtype=torch.float64)
//   params = [W1, b1, W2, b2]
//   opt = torch.optim.SGD(params, lr=0.3, momentum=0.9)
//   order = np.arange(5); rs = np.random.RandomState(3)
//   for epoch in range(3):
//       rs.shuffle(order); total = 0.0
//       for start in range(0, 5, 2):
//           cols = order[start:start + 2]
//           opt.zero_grad()
//           Z = W2 @ torch.tanh(W1 @ X[:, cols] + b1) + b2
//           c = F.binary_cross_entropy_with_logits(Z, Y[:, cols])
//           c.backward(); opt.step()
//           total += c.item() * len(cols)
//       print(total / 5)          # the epoch's size-weighted mean cost
//   [p.flatten().tolist() for p in params]
// The orders were [3, 4, 1, 0, 2], [1, 4, 0, 2, 3], [1, 3, 4, 0, 2]; the batch costs of
// epoch 0 were 1.0495902303784228, 0.7034671457940089, 0.47158254373989206.
const std::vector<double> kReferenceEpochCosts = {0.7955394592169511, 0.6146783153019855,
                                                  0.669136910647525};
const std::vector<std::vector<double>> kReferenceParams = {
    {1.3251004457288167, -0.3567130052842934, 0.21217555649769185, 0.9687252808945178,
     -0.22942667015072854, 1.0991428305446214},
    {0.527232596413517, 0.024677342010424316, 0.24571302654828986},
    {1.6475839829723966, -0.21173498897431528, -0.2545127855822287},
    {0.2331159367943286}};

TEST(LossMiniBatch, TrainEpochMatchesTorchWithNumpysShuffle) {
  Sequential<double> model = reference_model();
  const Matrix<double> X = reference_X(), Y = reference_Y();
  Trainer<double> trainer(model, X, Y, {.loss = Loss::bce, .batch_size = 2, .seed = 3});
  EXPECT_FALSE(trainer.full_batch());
  const auto optimizer = make_optimizer<double>(
      model.parameters(), {.choice = {"momentum", {{"momentum", 0.9}}}, .learning_rate = 0.3});
  for (int epoch = 0; epoch < 3; ++epoch)
    expect_close(trainer.train_epoch(*optimizer), kReferenceEpochCosts[static_cast<size_t>(epoch)],
                 "mean cost of epoch " + std::to_string(epoch), kTorchTolerance);
  const std::vector<Parameter<double>*> params = model.parameters();
  ASSERT_EQ(params.size(), kReferenceParams.size());
  for (size_t i = 0; i < params.size(); ++i)
    expect_close(params[i]->value, kReferenceParams[i], "parameter " + std::to_string(i),
                 kTorchTolerance);
}

TEST(LossMiniBatch, RunLogsTheSameEpochCostsAsTorch) {
  Sequential<double> model = reference_model();
  const Matrix<double> X = reference_X(), Y = reference_Y();
  Trainer<double> trainer(model, X, Y,
                          {.learning_rate = 0.3,
                           .epochs = 3,
                           .log_every = 1,
                           .loss = Loss::bce,
                           .batch_size = 2,
                           .seed = 3,
                           .optimizer = {"momentum", {{"momentum", 0.9}}}});
  const CostLog log = trainer.run();
  ASSERT_EQ(log.costs.size(), 3u);
  EXPECT_EQ(log.epochs, (std::vector<int>{0, 1, 2}));
  ASSERT_EQ(log.epoch_seconds.size(), 3u);  // mini-batch epochs are timed one by one
  for (double s : log.epoch_seconds)
    EXPECT_GT(s, 0.0);
  for (size_t e = 0; e < 3; ++e)
    expect_close(log.costs[e], kReferenceEpochCosts[e], "logged cost of epoch " + std::to_string(e),
                 kTorchTolerance);
  const std::vector<Parameter<double>*> params = model.parameters();
  for (size_t i = 0; i < params.size(); ++i)
    expect_close(params[i]->value, kReferenceParams[i], "parameter " + std::to_string(i),
                 kTorchTolerance);
}

// Trains a fresh xavier network (seed 21) for 3 epochs of batches of 2 on 5 examples.
std::vector<Matrix<double>> params_after_three_epochs(std::uint32_t shuffle_seed) {
  NumpyRandom rng(21);
  Sequential<double> model = make_network<double>(
      {.n_inputs = 2, .hidden = {4}, .activation = "relu", .loss = Loss::bce}, rng);
  const Matrix<double> X = reference_X(), Y = reference_Y();
  Trainer<double> trainer(model, X, Y,
                          {.learning_rate = 0.05,
                           .epochs = 3,
                           .loss = Loss::bce,
                           .batch_size = 2,
                           .seed = shuffle_seed,
                           .optimizer = "adam"});
  trainer.run();
  std::vector<Matrix<double>> values;
  for (const Parameter<double>* p : model.parameters())
    values.push_back(p->value);
  return values;
}

TEST(LossMiniBatch, TheSameSeedGivesBitIdenticalParametersAnotherSeedDoesNot) {
  const auto a = params_after_three_epochs(5);
  const auto b = params_after_three_epochs(5);
  const auto c = params_after_three_epochs(6);
  ASSERT_EQ(a.size(), 4u);
  bool any_difference = false;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i], b[i]) << "parameter " << i << " differs between two runs of seed 5";
    any_difference = any_difference || a[i] != c[i];
  }
  EXPECT_TRUE(any_difference) << "seeds 5 and 6 shuffled alike";
}

TEST(LossConfusionMatrix, CountsActualAgainstPredictedAndSkipsLabelsOutOfRange) {
  const Matrix<double> Y{{0, 1, 2, 2, 1, 0, 7}};
  const Matrix<double> labels{{0, 2, 2, 1, 1, 0, 0}};
  EXPECT_EQ(confusion_matrix(Y, labels, 3),
            (std::vector<std::vector<long>>{{2, 0, 0}, {0, 1, 1}, {0, 1, 1}}));
  EXPECT_EQ(confusion_matrix(Y, labels, 2), (std::vector<std::vector<long>>{{2, 0}, {0, 1}}));
}

// The article's full-batch epochs are timed as a whole, not one by one (they are tiny).
TEST(LossMiniBatch, FullBatchRunsRecordNoEpochTimes) {
  NumpyRandom rng(9);
  Sequential<double> model = make_network<double>({.n_inputs = 2, .hidden = {3}}, rng);
  const Matrix<double> X = xor_X(), Y = xor_Y();
  const CostLog log = Trainer<double>(model, X, Y, {.epochs = 20}).run();
  EXPECT_TRUE(log.epoch_seconds.empty());
  EXPECT_GT(log.seconds, 0.0);
}

// Full batch (batch_size 0): train_epoch with plain SGD is the article's step().
TEST(LossMiniBatch, FullBatchTrainEpochWithSgdEqualsStep) {
  for (Loss loss : {Loss::mse, Loss::bce}) {
    SCOPED_TRACE(std::string(to_string(loss)));
    NumpyRandom rng_a(9), rng_b(9);
    const NetworkSpec spec{.n_inputs = 2, .hidden = {3}, .loss = loss};
    Sequential<double> a = make_network<double>(spec, rng_a);
    Sequential<double> b = make_network<double>(spec, rng_b);
    const Matrix<double> X = xor_X(), Y = xor_Y();
    Trainer<double> ta(a, X, Y, {.loss = loss, .batch_size = 0});
    Trainer<double> tb(b, X, Y, {.loss = loss, .batch_size = 0});
    EXPECT_TRUE(ta.full_batch());
    SGD<double> sgd(a.parameters(), 0.7);
    for (int epoch = 0; epoch < 10; ++epoch) {
      const double ca = ta.train_epoch(sgd);
      const double cb = tb.train_epoch(0.7);
      EXPECT_EQ(ca, cb) << "epoch " << epoch;
    }
    const auto pa = a.parameters(), pb = b.parameters();
    for (size_t i = 0; i < pa.size(); ++i)
      EXPECT_EQ(pa[i]->value, pb[i]->value) << "parameter " << i;
  }
}

// 40 examples of two classes, separable: class 1 to the right of x1 = 0.
template <class T>
std::pair<Matrix<T>, Matrix<T>> two_blobs() {
  Matrix<T> X(2, 40), Y(1, 40);
  for (Index j = 0; j < 40; ++j) {
    const int cls = static_cast<int>(j % 2);
    X(0, j) = static_cast<T>((cls ? 1.5 : -1.5) + 0.1 * static_cast<double>((j * 7) % 11 - 5));
    X(1, j) = static_cast<T>(0.3 * static_cast<double>((j * 3) % 7 - 3));
    Y(0, j) = static_cast<T>(cls);
  }
  return {X, Y};
}

template <class T>
void check_mini_batches_train() {
  const auto [X, Y] = two_blobs<T>();
  NumpyRandom rng(4);
  Sequential<T> model =
      make_network<T>({.n_inputs = 2, .hidden = {4}, .activation = "tanh", .loss = Loss::bce}, rng);
  Trainer<T> trainer(model, X, Y,
                     {.learning_rate = 0.05,
                      .epochs = 30,
                      .log_every = 1,
                      .loss = Loss::bce,
                      .batch_size = 8,
                      .seed = 1,
                      .optimizer = "adam"});
  EXPECT_FALSE(trainer.full_batch());
  const CostLog log = trainer.run();
  ASSERT_FALSE(log.stopped);
  ASSERT_EQ(log.costs.size(), 30u);
  EXPECT_LT(log.costs.back(), 0.5 * log.costs.front());
  EXPECT_EQ(predict(model, X, Y).accuracy_percent, 100.0);
}

TEST(LossMiniBatch, TrainsInFloat32AndFloat64) {
  {
    SCOPED_TRACE("float32");
    check_mini_batches_train<float>();
  }
  {
    SCOPED_TRACE("float64");
    check_mini_batches_train<double>();
  }
}

}  // namespace
}  // namespace scratchnet::testing
