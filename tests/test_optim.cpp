// The optimisers and learning-rate schedules against PyTorch's (torch.optim, float64), their
// validation, and how gradients accumulate between zero_grad() calls.
//
// The expected numbers were computed once with Debian's python3-torch 1.13 (float64) and
// pasted here; the snippet that produced each table is quoted above it.
#include <limits>

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

constexpr double kTorchTolerance = 1e-12;  // relative, float64

// The fixed problem of the Python snippet below: two parameters and five gradients each.
//   p1 = [[0.5, -1.25], [2.0, 0.3]],  p2 = [[0.7], [-0.4], [1.5]]
struct FixedProblem {
  Parameter<double> p1{"p1", Matrix<double>({{0.5, -1.25}, {2.0, 0.3}}),
                       Matrix<double>::Zero(2, 2)};
  Parameter<double> p2{"p2", Matrix<double>({{0.7}, {-0.4}, {1.5}}), Matrix<double>::Zero(3, 1)};
  std::vector<Parameter<double>*> params() { return {&p1, &p2}; }

  static Matrix<double> g1(int t) {
    static const std::vector<Matrix<double>> g = {
        Matrix<double>({{0.1, -0.2}, {0.3, 0.05}}), Matrix<double>({{-0.4, 0.25}, {0.0, 1.0}}),
        Matrix<double>({{0.6, 0.6}, {-0.3, 0.2}}), Matrix<double>({{0.01, -2.0}, {0.5, -0.5}}),
        Matrix<double>({{-0.7, 0.3}, {0.8, 0.0}})};
    return g[static_cast<size_t>(t)];
  }
  static Matrix<double> g2(int t) {
    static const std::vector<Matrix<double>> g = {
        Matrix<double>({{1.0}, {-1.0}, {0.5}}), Matrix<double>({{0.2}, {0.0}, {-0.3}}),
        Matrix<double>({{-0.5}, {0.4}, {0.1}}), Matrix<double>({{0.3}, {-0.2}, {2.0}}),
        Matrix<double>({{0.0}, {0.9}, {-1.1}})};
    return g[static_cast<size_t>(t)];
  }
  // Sets the gradients of step t by hand, as the Python snippet assigns p.grad.
  void set_grads(int t) {
    p1.grad = g1(t);
    p2.grad = g2(t);
  }
};

// After each of the 5 steps: p1 flattened row-major, then p2.
struct Expected {
  std::vector<double> p1, p2;
};

// Parameters after each step of the fixed problem, computed in Python by:
//   import torch
//   def params():
//       p1 = torch.tensor([[0.5, -1.25], [2.0, 0.3]], dtype=torch.float64, requires_grad=True)
//       p2 = torch.tensor([[0.7], [-0.4], [1.5]], dtype=torch.float64, requires_grad=True)
//       return [p1, p2]
//   G1 = [[[0.1, -0.2], [0.3, 0.05]], [[-0.4, 0.25], [0.0, 1.0]], [[0.6, 0.6], [-0.3, 0.2]],
//         [[0.01, -2.0], [0.5, -0.5]], [[-0.7, 0.3], [0.8, 0.0]]]
//   G2 = [[[1.0], [-1.0], [0.5]], [[0.2], [0.0], [-0.3]], [[-0.5], [0.4], [0.1]],
//         [[0.3], [-0.2], [2.0]], [[0.0], [0.9], [-1.1]]]
//   def run(make):
//       ps = params(); opt = make(ps); out = []
//       for t in range(5):
//           ps[0].grad = torch.tensor(G1[t], dtype=torch.float64)
//           ps[1].grad = torch.tensor(G2[t], dtype=torch.float64)
//           opt.step()
//           out.append([ps[0].detach().flatten().tolist(), ps[1].detach().flatten().tolist()])
//       return out
//   run(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9))
const std::vector<Expected> kTorchMomentum = {
    {{0.49, -1.23, 1.97, 0.295}, {0.6, -0.30000000000000004, 1.45}},
    {{0.521, -1.2369999999999999, 1.943, 0.19049999999999997},
     {0.48999999999999994, -0.21000000000000005, 1.435}},
    {{0.4889, -1.3033, 1.9487, 0.07644999999999996},
     {0.44099999999999995, -0.16900000000000004, 1.4115}},
    {{0.45901, -1.1629699999999998, 1.9038300000000001, 0.02380499999999995},
     {0.36689999999999995, -0.11210000000000003, 1.19035}},
    {{0.5021089999999999, -1.0666729999999998, 1.7834470000000002, -0.02357550000000006},
     {0.3002099999999999, -0.15089000000000002, 1.101315}},
};

//   run(lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8))
const std::vector<Expected> kTorchAdam = {
    {{0.4900000009999999, -1.2400000005, 1.9900000003333334, 0.2900000019999996},
     {0.6900000001, -0.3900000001, 1.4900000002}},
    {{0.4955950357485128, -1.2416273230448174, 1.9832994181079155, 0.2822334647190341},
     {0.6819695904270777, -0.3832994176534189, 1.4880850198941775}},
    {{0.49277785315164946, -1.2478560414637863, 1.984158095217337, 0.2750944078731506},
     {0.6792114341468133, -0.3808655131426904, 1.4855453680616368}},
    {{0.49039053648305153, -1.2439953694170618, 1.9801799957511392, 0.27240127356135735},
     {0.6755413597429485, -0.37784301711701757, 1.4793828065127492}},
    {{0.49271967841246855, -1.241532078071603, 1.9738293232804534, 0.270124960963516},
     {0.6724393099994572, -0.37933711417750166, 1.4773220997774485}},
};

//   run(lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.99, eps=1e-8))
const std::vector<Expected> kTorchRmsprop = {
    {{0.40000009999990005, -1.150000049999975, 1.9000000333333222, 0.20000019999960006},
     {0.600000009999999, -0.3000000099999991, 1.400000019999996}},
    {{0.49704287266865177, -1.2282397185047351, 1.9000000333333222, 0.10012373073672777},
     {0.5802934263784606, -0.3000000099999991, 1.4516397890605408}},
    {{0.41448631404085434, -1.3166013070937272, 1.9710651274001803, 0.08044054520840652},
     {0.6246664891342568, -0.33746179592989317, 1.4345930303571177}},
    {{0.41310357186063523, -1.221861047875161, 1.8944970687045621, 0.12477128148905586},
     {0.5988178945024653, -0.31896150239147353, 1.3385975243777477}},
    {{0.4828325391119504, -1.23600019267559, 1.8168733519194216, 0.12477128148905586},
     {0.5988178945024653, -0.3831325268544607, 1.3854706818756897}},
};

//   run(lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-6))
const std::vector<Expected> kTorchRmsprop09 = {
    {{0.46837822336669444, -1.2183777233904107, 1.9683775567281359, 0.2683792232718331},
     {0.6683773233979999, -0.368377323398, 1.4683774233970512}},
    {{0.4991472174513553, -1.2435671056788553, 1.9683775567281359, 0.23679206214749354},
     {0.6618540639439918, -0.368377323398, 1.485280413254063}},
    {{0.47263341944407095, -1.271893765297975, 1.9918823973036295, 0.2302758177216923},
     {0.6769570706569461, -0.38122050814237773, 1.4794433632712365}},
    {{0.47216767012891075, -1.2417556363088458, 1.9667759077150129, 0.24536628298108407},
     {0.667813136578048, -0.37460149612489535, 1.4488157542909672}},
    {{0.4954377815038983, -1.2464676928474465, 1.941439085707404, 0.24536628298108407},
     {0.667813136578048, -0.3968818086068354, 1.4642983509646814}},
};

void check_against_torch(Optimizer<double>& optimizer, FixedProblem& problem,
                         const std::vector<Expected>& expected) {
  for (int t = 0; t < 5; ++t) {
    SCOPED_TRACE("after step " + std::to_string(t + 1));
    problem.set_grads(t);
    optimizer.step();
    expect_close(problem.p1.value, expected[static_cast<size_t>(t)].p1, "p1", kTorchTolerance);
    expect_close(problem.p2.value, expected[static_cast<size_t>(t)].p2, "p2", kTorchTolerance);
  }
}

// The article's update, θ ← θ − α·g, bit for bit, in both number types.
TEST(OptimSgd, WithoutMomentumIsTheArticlesUpdateExactly) {
  FixedProblem problem;
  SGD<double> sgd(problem.params(), 0.1);
  Matrix<double> p1 = problem.p1.value, p2 = problem.p2.value;
  for (int t = 0; t < 5; ++t) {
    problem.set_grads(t);
    sgd.step();
    p1 = p1 - 0.1 * FixedProblem::g1(t);
    p2 = p2 - 0.1 * FixedProblem::g2(t);
    EXPECT_EQ(problem.p1.value, p1) << "step " << t + 1;
    EXPECT_EQ(problem.p2.value, p2) << "step " << t + 1;
  }
  // Five plain steps of the same rate agree with torch's SGD (momentum 0) too:
  // p1 = [[0.5, -1.25], [2.0, 0.3]] − 0.1·ΣG1, element by element.
  Matrix<double> sum = Matrix<double>::Zero(2, 2);
  for (int t = 0; t < 5; ++t)
    sum += FixedProblem::g1(t);
  EXPECT_LT((problem.p1.value - (Matrix<double>({{0.5, -1.25}, {2.0, 0.3}}) - 0.1 * sum)).norm(),
            1e-15);

  Parameter<float> q{"q", Matrix<float>::Constant(2, 3, 0.75f),
                     Matrix<float>::Constant(2, 3, 0.3f)};
  q.grad(1, 2) = -1.7f;
  const Matrix<float> expected = q.value - 0.01f * q.grad;
  SGD<float> sgd32({&q}, 0.01);
  sgd32.step();
  EXPECT_EQ(q.value, expected);
}

TEST(OptimSgd, MomentumMatchesTorchSgdMomentum09) {
  FixedProblem problem;
  SGD<double> momentum(problem.params(), 0.1, 0.9);
  check_against_torch(momentum, problem, kTorchMomentum);
}

TEST(OptimAdam, MatchesTorchAdamStepByStep) {
  FixedProblem problem;
  Adam<double> adam(problem.params(), 0.01, 0.9, 0.999, 1e-8);
  check_against_torch(adam, problem, kTorchAdam);
}

TEST(OptimRmsprop, MatchesTorchRmspropStepByStep) {
  FixedProblem problem;
  RMSprop<double> rmsprop(problem.params(), 0.01);  // PyTorch's defaults: α = 0.99, ε = 1e-8
  check_against_torch(rmsprop, problem, kTorchRmsprop);
  FixedProblem problem2;
  RMSprop<double> other(problem2.params(), 0.01, 0.9, 1e-6);
  check_against_torch(other, problem2, kTorchRmsprop09);
}

TEST(OptimRmsprop, MadeByMakeOptimizerFromItsChoiceMatchesTorch) {
  FixedProblem problem;
  auto rmsprop =
      make_optimizer<double>(problem.params(), {.choice = "rmsprop", .learning_rate = 0.01});
  check_against_torch(*rmsprop, problem, kTorchRmsprop);
  FixedProblem problem2;
  auto other = make_optimizer<double>(
      problem2.params(),
      {.choice = {"rmsprop", {{"alpha", 0.9}, {"eps", 1e-6}}}, .learning_rate = 0.01});
  check_against_torch(*other, problem2, kTorchRmsprop09);
  for (double alpha : {1.0, -0.1})
    EXPECT_THROW(
        make_optimizer<double>(problem.params(), {.choice = {"rmsprop", {{"alpha", alpha}}}}),
        FieldError)
        << alpha;
}

TEST(OptimAdam, MadeByMakeOptimizerMatchesTorchToo) {
  FixedProblem problem;
  auto adam = make_optimizer<double>(
      problem.params(), {.choice = {"adam", {{"beta1", 0.9}, {"beta2", 0.999}, {"eps", 1e-8}}},
                         .learning_rate = 0.01});
  check_against_torch(*adam, problem, kTorchAdam);
  FixedProblem problem2;
  auto momentum = make_optimizer<double>(
      problem2.params(), {.choice = {"momentum", {{"momentum", 0.9}}}, .learning_rate = 0.1});
  check_against_torch(*momentum, problem2, kTorchMomentum);
}

// A small graph W·X → cost, for the gradient-accumulation tests.
struct TinyGraph {
  Parameter<double> W{"W", Matrix<double>({{0.3, -0.8, 0.5}}), Matrix<double>::Zero(1, 3)};
  Parameter<double> b{"b", Matrix<double>({{0.1}}), Matrix<double>::Zero(1, 1)};
  Graph<double> g;
  NodeId cost;
  TinyGraph() {
    const NodeId X = g.add_data("X", Matrix<double>({{1.0, 2.0}, {-1.0, 0.5}, {0.25, 3.0}}));
    const NodeId Y = g.add_data("Y", Matrix<double>({{1.0, 0.0}}));
    const NodeId Wn = g.add_parameter(W);
    const NodeId bn = g.add_parameter(b);
    const NodeId Z = g.add<ops::AddBias>("Z", {g.add<ops::MatMul>("WX", {Wn, X}), bn});
    cost = g.add<ops::BceWithLogits>("C", {Y, Z});
  }
};

TEST(OptimZeroGrad, BackwardAccumulatesAcrossPassesAndZeroGradClears) {
  TinyGraph t;
  t.g.forward();
  t.g.backward(t.cost);
  const Matrix<double> dW = t.W.grad, db = t.b.grad;
  ASSERT_GT(dW.norm(), 0.0);
  ASSERT_GT(db.norm(), 0.0);
  // A second pass without zero_grad adds the same gradient again: exactly twice.
  t.g.forward();
  t.g.backward(t.cost);
  EXPECT_EQ(t.W.grad, (2 * dW).eval());
  EXPECT_EQ(t.b.grad, (2 * db).eval());
  // The graph's own view of the parameter node is the parameter's gradient.
  EXPECT_EQ(t.g.grad(t.g.find("W")), t.W.grad);

  SGD<double> sgd({&t.W, &t.b}, 0.1);
  sgd.zero_grad();
  EXPECT_TRUE(t.W.grad.isZero(0));
  EXPECT_TRUE(t.b.grad.isZero(0));
  EXPECT_EQ(t.W.grad.rows(), 1);  // zeroed, not emptied
  EXPECT_EQ(t.W.grad.cols(), 3);
  // After zero_grad one pass gives the single-pass gradient again.
  t.g.forward();
  t.g.backward(t.cost);
  EXPECT_EQ(t.W.grad, dW);
  EXPECT_EQ(t.b.grad, db);

  Adam<double> adam({&t.W, &t.b}, 0.1);
  adam.zero_grad();
  EXPECT_TRUE(t.W.grad.isZero(0));
  EXPECT_TRUE(t.b.grad.isZero(0));
}

TEST(OptimZeroGrad, TheFreeFunctionAndTheModelZeroToo) {
  NumpyRandom rng(1);
  Sequential<double> model = make_network<double>({.n_inputs = 2, .hidden = {3}}, rng);
  for (Parameter<double>* p : model.parameters())
    p->grad.setConstant(4.0);
  model.zero_grad();
  for (Parameter<double>* p : model.parameters())
    EXPECT_TRUE(p->grad.isZero(0)) << p->name;
  for (Parameter<double>* p : model.parameters())
    p->grad.setConstant(-2.0);
  const std::vector<Parameter<double>*> params = model.parameters();
  zero_grad<double>(params);
  for (Parameter<double>* p : params)
    EXPECT_TRUE(p->grad.isZero(0)) << p->name;
}

// Learning rates for epochs 0..7 from base 0.1, computed in Python by:
//   import torch
//   def rates(make, epochs=8):
//       p = torch.zeros(1, requires_grad=True)
//       opt = torch.optim.SGD([p], lr=0.1)
//       sched = make(opt); out = []
//       for e in range(epochs):
//           out.append(opt.param_groups[0]["lr"])
//           opt.step(); sched.step()
//       return out
//   rates(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5))
//   rates(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.5))
//   rates(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=2, gamma=0.9))
//   rates(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9))
TEST(OptimSchedule, StepAndExponentialMatchTorchSchedulers) {
  const std::vector<double> step_05 = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025};
  const std::vector<double> exp_05 = {0.1,     0.05,     0.025,     0.0125,
                                      0.00625, 0.003125, 0.0015625, 0.00078125};
  const std::vector<double> step_09 = {0.1,
                                       0.1,
                                       0.09000000000000001,
                                       0.09000000000000001,
                                       0.08100000000000002,
                                       0.08100000000000002,
                                       0.07290000000000002,
                                       0.07290000000000002};
  const std::vector<double> exp_09 = {0.1,
                                      0.09000000000000001,
                                      0.08100000000000002,
                                      0.07290000000000002,
                                      0.06561000000000002,
                                      0.05904900000000002,
                                      0.05314410000000002,
                                      0.04782969000000002};
  const LrSchedule step{{"step", {{"gamma", 0.5}, {"step_size", 3}}}};
  const LrSchedule exponential{{"exponential", {{"gamma", 0.5}}}};
  const LrSchedule step9{{"step", {{"gamma", 0.9}, {"step_size", 2}}}};
  const LrSchedule exponential9{{"exp", {{"gamma", 0.9}}}};  // the short name too
  const LrSchedule none{"none"};
  for (int epoch = 0; epoch < 8; ++epoch) {
    const auto e = static_cast<size_t>(epoch);
    const std::string at = " at epoch " + std::to_string(epoch);
    expect_close(step.rate_at(0.1, epoch), step_05[e], "StepLR(3, 0.5)" + at, kTorchTolerance);
    expect_close(exponential.rate_at(0.1, epoch), exp_05[e], "ExponentialLR(0.5)" + at,
                 kTorchTolerance);
    expect_close(step9.rate_at(0.1, epoch), step_09[e], "StepLR(2, 0.9)" + at, kTorchTolerance);
    expect_close(exponential9.rate_at(0.1, epoch), exp_09[e], "ExponentialLR(0.9)" + at,
                 kTorchTolerance);
    EXPECT_EQ(none.rate_at(0.1, epoch), 0.1) << at;
  }
  // γ = 0.5 is exact in binary: these are equal, not just close.
  EXPECT_EQ(step.rate_at(0.1, 7), 0.025);
  EXPECT_EQ(exponential.rate_at(0.1, 3), 0.0125);
}

// Trainer::run sets the scheduled rate before every epoch: the same as setting it by hand.
TEST(OptimSchedule, TrainerRunAppliesTheRateOfEveryEpoch) {
  const Matrix<double> X = Matrix<double>({{0, 0, 1, 1}, {0, 1, 0, 1}}),
                       Y = Matrix<double>({{0, 1, 1, 0}});
  const NetworkSpec spec{.n_inputs = 2, .hidden = {3}, .loss = Loss::bce};
  const LrSchedule schedule{{"step", {{"gamma", 0.5}, {"step_size", 2}}}};
  NumpyRandom rng_a(2), rng_b(2), rng_c(2);
  Sequential<double> a = make_network<double>(spec, rng_a);
  Sequential<double> b = make_network<double>(spec, rng_b);
  Sequential<double> c = make_network<double>(spec, rng_c);
  Trainer<double> ta(a, X, Y,
                     {.learning_rate = 0.5, .epochs = 6, .loss = Loss::bce, .schedule = schedule});
  ta.run();
  Trainer<double> tb(b, X, Y, {.loss = Loss::bce});
  SGD<double> sgd(b.parameters(), 0.5);
  for (int epoch = 0; epoch < 6; ++epoch) {
    sgd.set_learning_rate(schedule.rate_at(0.5, epoch));
    tb.train_epoch(sgd);
  }
  Trainer<double> tc(c, X, Y, {.learning_rate = 0.5, .epochs = 6, .loss = Loss::bce});
  tc.run();  // no decay
  const auto pa = a.parameters(), pb = b.parameters(), pc = c.parameters();
  bool decay_mattered = false;
  for (size_t i = 0; i < pa.size(); ++i) {
    EXPECT_EQ(pa[i]->value, pb[i]->value) << "parameter " << i;
    decay_mattered = decay_mattered || pa[i]->value != pc[i]->value;
  }
  EXPECT_TRUE(decay_mattered);
}

TEST(OptimRegistry, EveryEntryIsFoundByItsNameAndBuildsWithItsDefaults) {
  Parameter<double> p{"p", Matrix<double>::Zero(1, 1), Matrix<double>::Zero(1, 1)};
  for (const OptimizerEntry& e : optimizer_registry()) {
    EXPECT_EQ(&find_choice(optimizer_registry(), e.name, "optimizer"), &e);
    EXPECT_NO_THROW(validate(OptimizerOptions{.choice = default_choice(e)})) << e.name;
    EXPECT_NE(make_optimizer<double>({&p}, {.choice = std::string(e.name)}), nullptr) << e.name;
  }
  for (const ScheduleEntry& e : schedule_registry()) {
    EXPECT_EQ(&find_choice(schedule_registry(), e.name, "schedule"), &e);
    EXPECT_NO_THROW(validate(LrSchedule{default_choice(e)})) << e.name;
    EXPECT_EQ(LrSchedule{std::string(e.name)}.rate_at(0.1, 0), 0.1) << e.name;  // epoch 0: α
  }
  try {
    validate(LrSchedule{"linear"});
    ADD_FAILURE() << "schedule 'linear' accepted";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "schedule");
    EXPECT_NE(std::string(e.what()).find("expected none, step or exponential"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(validate(OptimizerOptions{.choice = "nesterov"}), FieldError);
}

// Throws FieldError naming `field`, as RunConfig names it.
template <class Options>
void expect_refused(const Options& options, const std::string& field, const std::string& what) {
  try {
    validate(options);
    ADD_FAILURE() << what << ": accepted, expected a FieldError naming " << field;
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), field) << what << ": '" << e.what() << "'";
  }
}

OptimizerOptions with(const char* optimizer, const char* key, double value) {
  return {.choice = {optimizer, {{key, value}}}};
}

TEST(OptimValidate, RefusesBadOptimizerValuesNamingTheField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_NO_THROW(validate(OptimizerOptions{}));
  EXPECT_NO_THROW(validate(with("momentum", "momentum", 0)));  // no momentum is fine
  EXPECT_NO_THROW(validate(OptimizerOptions{.choice = {"adam", {{"beta1", 0}, {"beta2", 0}}}}));
  for (double lr : {0.0, -1.0, nan, inf})
    expect_refused(OptimizerOptions{.learning_rate = lr}, "learning_rate",
                   "lr " + std::to_string(lr));
  for (double momentum : {1.0, 1.5, -0.1, nan})
    expect_refused(with("momentum", "momentum", momentum), "optimizer.momentum",
                   "momentum " + std::to_string(momentum));
  for (double beta1 : {1.0, -0.5, nan})
    expect_refused(with("adam", "beta1", beta1), "optimizer.beta1",
                   "beta1 " + std::to_string(beta1));
  for (double beta2 : {1.0, 2.0, -1e-9, nan})
    expect_refused(with("adam", "beta2", beta2), "optimizer.beta2",
                   "beta2 " + std::to_string(beta2));
  for (double eps : {0.0, -1e-8, nan, inf})
    expect_refused(with("adam", "eps", eps), "optimizer.eps", "eps " + std::to_string(eps));
  expect_refused(with("sgd", "momentum", 0.5), "optimizer.momentum", "sgd has no momentum");
  // make_optimizer validates too: no optimiser is built from bad options.
  Parameter<double> p{"p", Matrix<double>::Ones(1, 1), Matrix<double>::Zero(1, 1)};
  EXPECT_THROW(make_optimizer<double>({&p}, with("momentum", "momentum", 1.0)), FieldError);
  EXPECT_THROW(make_optimizer<double>({&p}, with("adam", "eps", 0)), FieldError);
}

TEST(OptimValidate, RefusesBadScheduleValuesNamingTheField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NO_THROW(validate(LrSchedule{}));
  EXPECT_NO_THROW(validate(LrSchedule{{"step", {{"gamma", 1.0}, {"step_size", 1}}}}));  // no decay
  for (double gamma : {0.0, -0.5, 1.5, nan})
    expect_refused(LrSchedule{{"exponential", {{"gamma", gamma}}}}, "schedule.gamma",
                   "gamma " + std::to_string(gamma));
  for (double step : {0.0, -3.0, 2.5})
    expect_refused(LrSchedule{{"step", {{"gamma", 0.5}, {"step_size", step}}}},
                   "schedule.step_size", "step " + std::to_string(step));
  // TrainOptions passes both on.
  expect_refused(TrainOptions{.optimizer = {"momentum", {{"momentum", 1.0}}}}, "optimizer.momentum",
                 "TrainOptions momentum 1");
  expect_refused(TrainOptions{.schedule = {{"step", {{"gamma", 0.0}}}}}, "schedule.gamma",
                 "TrainOptions gamma 0");
  expect_refused(TrainOptions{.epochs = 0}, "epochs", "TrainOptions epochs 0");
}

TEST(OptimMake, BuildsTheRightKind) {
  Parameter<double> p{"p", Matrix<double>::Zero(1, 1), Matrix<double>::Zero(1, 1)};
  const auto sgd = make_optimizer<double>({&p}, {.choice = "sgd", .learning_rate = 0.5});
  const auto momentum = make_optimizer<double>(
      {&p}, {.choice = {"momentum", {{"momentum", 0.9}}}, .learning_rate = 0.5});
  const auto adam = make_optimizer<double>({&p}, {.choice = "adam", .learning_rate = 0.5});
  EXPECT_NE(dynamic_cast<SGD<double>*>(sgd.get()), nullptr);
  EXPECT_NE(dynamic_cast<SGD<double>*>(momentum.get()), nullptr);
  EXPECT_NE(dynamic_cast<Adam<double>*>(adam.get()), nullptr);
  EXPECT_EQ(dynamic_cast<Adam<double>*>(sgd.get()), nullptr);
  for (const auto* o : {sgd.get(), momentum.get(), adam.get()}) {
    EXPECT_EQ(o->learning_rate(), 0.5);
    ASSERT_EQ(o->parameters().size(), 1u);
    EXPECT_EQ(o->parameters()[0], &p);
  }
  const auto adam32 = make_optimizer<float>({}, {.choice = "adam"});
  EXPECT_NE(dynamic_cast<Adam<float>*>(adam32.get()), nullptr);

  // sgd and momentum tell apart by what they do: two steps of the gradient 1 move plain
  // SGD by 0.5 and 0.5, momentum by 0.5 and 0.5·(0.9 + 1) = 0.95.
  auto moved_by = [&](Optimizer<double>& o) {
    p.value.setZero();
    std::vector<double> steps;
    for (int t = 0; t < 2; ++t) {
      const double before = p.value(0, 0);
      p.grad.setOnes();
      o.step();
      steps.push_back(before - p.value(0, 0));
    }
    return steps;
  };
  EXPECT_EQ(moved_by(*sgd), (std::vector<double>{0.5, 0.5}));
  const std::vector<double> m = moved_by(*momentum);
  EXPECT_EQ(m[0], 0.5);
  EXPECT_NEAR(m[1], 0.95, 1e-15);
  // Adam's first step is α·sign(g) (up to ε): 0.5.
  const std::vector<double> a = moved_by(*adam);
  EXPECT_NEAR(a[0], 0.5, 1e-7);

  // set_learning_rate is what the schedules use.
  sgd->set_learning_rate(0.25);
  EXPECT_EQ(sgd->learning_rate(), 0.25);
  EXPECT_EQ(moved_by(*sgd), (std::vector<double>{0.25, 0.25}));
}

}  // namespace
}  // namespace scratchnet::testing
