// `scratchnet gradcheck` and the library's gradient_check behind it: every built-in example
// passes, a deliberately wrong backward rule is caught and named, bad values are refused.
#include <limits>
#include <regex>

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A sigmoid whose backward rule forgets the (1 − A) factor: ∂A/∂Z = A instead of A(1 − A).
// The mistake a learner makes; the gradient check must catch it.
struct ForgetfulSigmoid {
  static constexpr std::string_view name = "forgetful_sigmoid";
  static constexpr std::string_view formula = "σ(Z)";
  static constexpr int arity = 1;
  static Shape output_shape(std::span<const Shape> in) { return in[0]; }
  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& A) {
    ops::Sigmoid::forward<T>(in, A);
  }
  template <class T>
  static void backward(InputValues<T>, const Matrix<T>& A, const Matrix<T>& upstream,
                       InputGrads<T> grads) {
    if (grads[0]) grads[0]->array() += upstream.array() * A.array();  // wrong: no (1 − A)
  }
  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T>, const Matrix<T>& A, int) {
    return {"{out}", A, OpDef<T>::Applied::elementwise};
  }
  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) { return {{s[0], s[2]}}; }
};

// X → W1·X + b1 → A1 = forgetful σ → W2·A1 + b2 → σ → C: the wrong rule sits in the hidden
// layer, so W1 and b1 (behind it) get wrong gradients and W2, b2 (after it) right ones.
struct WrongNetwork {
  NumpyRandom rng{7};
  Parameter<double> W1{"W1", rng.randn<double>(3, 2), Matrix<double>::Zero(3, 2)};
  Parameter<double> b1{"b1", rng.randn<double>(3, 1), Matrix<double>::Zero(3, 1)};
  Parameter<double> W2{"W2", rng.randn<double>(1, 3), Matrix<double>::Zero(1, 3)};
  Parameter<double> b2{"b2", rng.randn<double>(1, 1), Matrix<double>::Zero(1, 1)};
  Graph<double> g;
  NodeId cost = -1;

  WrongNetwork() {
    const NodeId X = g.add_data("X", rng.randn<double>(2, 5));
    const NodeId Y = g.add_data("Y", Matrix<double>::Ones(1, 5));
    const NodeId W1_ = g.add_parameter(W1), b1_ = g.add_parameter(b1);
    const NodeId Z1 = g.add<ops::AddBias>("Z1", {g.add<ops::MatMul>("W1·X", {W1_, X}), b1_});
    const NodeId A1 = g.add<ForgetfulSigmoid>("A1", {Z1});
    const NodeId W2_ = g.add_parameter(W2), b2_ = g.add_parameter(b2);
    const NodeId Z2 = g.add<ops::AddBias>("Z2", {g.add<ops::MatMul>("W2·A1", {W2_, A1}), b2_});
    cost = g.add<ops::SquaredErrorCost>("C", {Y, g.add<ops::Sigmoid>("A2", {Z2})});
  }
};

// The table's row of node `name`.
std::string row_of(const std::string& table, const std::string& name) {
  std::smatch match;
  if (std::regex_search(table, match, std::regex("\n(" + name + " [^\n]*)"))) return match[1];
  return "";
}

TEST(GradientCheckLibrary, AWrongBackwardRuleIsCaughtAndNamed) {
  WrongNetwork net;
  const GradientCheck check = gradient_check(net.g, net.cost, {.entries = 0});
  ASSERT_EQ(check.parameters.size(), 4u);
  EXPECT_FALSE(check.passed());
  EXPECT_EQ(failing_names(check), "W1, b1");
  for (const ParameterCheck& p : check.parameters) {
    const bool behind_the_mistake = p.name == "W1" || p.name == "b1";
    EXPECT_EQ(check.passed(p), !behind_the_mistake) << p.name << ": " << p.worst_error;
    EXPECT_EQ(p.checked, p.shape.rows * p.shape.cols) << p.name;
    if (behind_the_mistake) {
      EXPECT_GT(p.worst_error, 1e-2) << p.name;  // far off, not noise
    }
  }
  EXPECT_EQ(check.parameters[0].feeds, "W1·X (matmul)");
  EXPECT_EQ(check.parameters[1].feeds, "Z1 (add_bias)");

  const std::string table = format_gradient_check(check);
  EXPECT_NE(row_of(table, "W1").find("FAIL"), std::string::npos) << table;
  EXPECT_NE(row_of(table, "b1").find("FAIL"), std::string::npos) << table;
  EXPECT_NE(row_of(table, "W2").find("PASS"), std::string::npos) << table;
  EXPECT_NE(row_of(table, "b2").find("PASS"), std::string::npos) << table;
  EXPECT_NE(table.find("\nFAIL: W1, b1 disagree with finite differences"), std::string::npos)
      << table;
}

TEST(GradientCheckLibrary, TheRightRulePassesOnTheSameNetwork) {
  WrongNetwork net;
  // The same graph with the real sigmoid in the hidden layer.
  Graph<double> g;
  const NodeId X = g.add_data("X", net.g.value(net.g.find("X")));
  const NodeId Y = g.add_data("Y", net.g.value(net.g.find("Y")));
  const NodeId Z1 = g.add<ops::AddBias>(
      "Z1", {g.add<ops::MatMul>("W1·X", {g.add_parameter(net.W1), X}), g.add_parameter(net.b1)});
  const NodeId A1 = g.add<ops::Sigmoid>("A1", {Z1});
  const NodeId Z2 = g.add<ops::AddBias>(
      "Z2", {g.add<ops::MatMul>("W2·A1", {g.add_parameter(net.W2), A1}), g.add_parameter(net.b2)});
  const NodeId C = g.add<ops::SquaredErrorCost>("C", {Y, g.add<ops::Sigmoid>("A2", {Z2})});
  const GradientCheck check = gradient_check(g, C, {.entries = 0});
  EXPECT_TRUE(check.passed()) << format_gradient_check(check);
  EXPECT_EQ(failing_names(check), "");
  EXPECT_LT(check.worst()->worst_error, 1e-7);
  EXPECT_NE(format_gradient_check(check).find("\nPASS: every gradient agrees"), std::string::npos);
}

// The check leaves the parameters as they were, and the graph as after forward + backward.
TEST(GradientCheckLibrary, LeavesParametersValuesAndGradientsAsTheyWere) {
  WrongNetwork net;
  const Matrix<double> W1 = net.W1.value, b2 = net.b2.value;
  net.g.forward();
  net.g.backward(net.cost);
  const Matrix<double> dW1 = net.W1.grad, dW2 = net.W2.grad;
  const double cost = net.g.value(net.cost)(0, 0);
  const GradientCheck check = gradient_check(net.g, net.cost, {.entries = 0});
  EXPECT_EQ(net.W1.value, W1);
  EXPECT_EQ(net.b2.value, b2);
  EXPECT_EQ(net.W1.grad, dW1);  // zeroed and recomputed, not accumulated twice
  EXPECT_EQ(net.W2.grad, dW2);
  EXPECT_EQ(net.g.value(net.cost)(0, 0), cost);
  EXPECT_EQ(check.cost, cost);
}

TEST(GradientCheckLibrary, ChecksASeededSampleOfEntries) {
  NumpyRandom rng(3);
  Parameter<double> W{"W", rng.randn<double>(6, 7), {}};
  Graph<double> g;
  const NodeId X = g.add_data("X", rng.randn<double>(7, 4));
  const NodeId C =
      g.add<ops::SquaredErrorCost>("C", {g.add_data("Y", Matrix<double>::Zero(6, 4)),
                                         g.add<ops::MatMul>("W·X", {g.add_parameter(W), X})});
  const GradientCheck five = gradient_check(g, C, {.entries = 5, .seed = 1});
  EXPECT_EQ(five.parameters[0].checked, 5);
  const GradientCheck again = gradient_check(g, C, {.entries = 5, .seed = 1});
  EXPECT_EQ(again.parameters[0].worst_error, five.parameters[0].worst_error);
  EXPECT_EQ(gradient_check(g, C, {.entries = 0}).parameters[0].checked, 42);
  EXPECT_EQ(gradient_check(g, C, {.entries = 100}).parameters[0].checked, 42);
}

TEST(GradientCheckLibrary, RelativeErrorIsScaleFreeAndFlooredByTiny) {
  EXPECT_DOUBLE_EQ(relative_gradient_error(1.0, 3.0, 1e-3), 0.5);
  EXPECT_DOUBLE_EQ(relative_gradient_error(-1e-4, -3e-4, 1e-9), 0.5);
  EXPECT_DOUBLE_EQ(relative_gradient_error(1e-10, 2e-10, 1e-3), 1e-10 / 1e-3);
  EXPECT_EQ(relative_gradient_error(0, 0, 0), 0);
  EXPECT_EQ(relative_gradient_error(std::nan(""), 1, 1e-3), kInfinity);
}

TEST(GradientCheckLibrary, RefusesBadOptionsNamingTheField) {
  WrongNetwork net;
  for (const double bad : {0.0, -1e-6, kInfinity, std::nan("")}) {
    EXPECT_THROW(gradient_check(net.g, net.cost, {.step = bad}), UsageError);
    EXPECT_THROW(gradient_check(net.g, net.cost, {.threshold = bad}), UsageError);
  }
  try {
    validate(GradientCheckOptions{.threshold = -1});
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("threshold"), std::string::npos) << e.what();
  }
}

// The CLI on every built-in example and network shape: exit 0, every row PASS.
void expect_passes(const std::string& flags) {
  SCOPED_TRACE(flags);
  const CliResult r = run_cli("gradcheck " + flags);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_NE(r.out.find("PASS: every gradient agrees with finite differences"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
}

TEST(CliGradcheck, TheArticlesFourExamplesPass) {
  const auto dir = temp_folder("gradcheck_or");
  std::ofstream(dir / "or.json") << R"([{"W": [[0.1, 0.6]], "b": [[0]]}])";
  expect_passes("--data or --init-params " + (dir / "or.json").string());
  expect_passes("--data xor --cross 0*1 --init plain");
  expect_passes("--data xor --hidden 3");
  expect_passes("--data xor --hidden 5,3 --entries all");
  std::filesystem::remove_all(dir);
}

TEST(CliGradcheck, LossesActivationsAndL2Pass) {
  const auto dir = temp_folder("gradcheck_beyond");
  const std::string two = write_blobs_csv(dir, 40, 2).string();
  const std::string three = write_blobs_csv(dir, 30, 3).string();
  expect_passes("--data xor --hidden 4 --loss bce");
  expect_passes("--data xor --hidden 4 --activation tanh --loss bce --l2 0.1");
  expect_passes("--data xor --hidden 5,3 --l2 0.01");
  // ReLU on data away from its kink (xor's (0,0) example puts Z1 = b1 = 0 exactly on it).
  expect_passes("--data " + two + " --hidden 6,4 --activation relu --init he --loss bce");
  expect_passes("--data " + three + " --hidden 5 --loss softmax-ce");
  expect_passes("--data " + three + " --hidden 5 --activation relu --init he --loss softmax-ce " +
                "--l2 0.05");
  std::filesystem::remove_all(dir);
}

TEST(CliGradcheck, PrintsTheTableWithShapesAndCounts) {
  const CliResult r = run_cli("gradcheck --data xor --hidden 3 --entries 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(C(θ + h·eᵢ) − C(θ − h·eᵢ)) / 2h,  h = 1e-06"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("|analytic − numeric| / max(|analytic| + |numeric|, tiny)"),
            std::string::npos);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\nW1 +W1·X \(matmul\) +3×2 +2/6 )"))) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\nb2 +Z2 \(add_bias\) +1×1 +1/1 )"))) << r.out;
}

// ReLU on xor at the start: the example (0, 0) gives Z1 = b1 = 0, exactly on ReLU's kink,
// so nudging b1 by ±h straddles two slopes — the false alarm the help warns about, and a
// real failure of the check: exit 1, b1 named, one line on stderr.
TEST(CliGradcheck, FailsWithExit1AndOneLineOnReLUsKink) {
  const CliResult r =
      run_cli("gradcheck --data xor --hidden 3 --activation relu --init he --entries all");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(row_of(r.out, "b1").find("FAIL"), std::string::npos) << r.out;
  EXPECT_NE(row_of(r.out, "W1").find("PASS"), std::string::npos) << r.out;  // W1·0 = 0
  EXPECT_NE(r.out.find("FAIL: b1 disagrees"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kink"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("gradient check failed for b1 (worst: b1, relative error"),
            std::string::npos)
      << r.err;
}

TEST(CliGradcheck, RefusesBadValuesWithOneLine) {
  for (const std::string flags :
       {"--threshold 0", "--threshold -1e-6", "--threshold nan", "--step 0", "--step -1",
        "--step inf", "--entries 0", "--entries some", "--examples 0", "--examples -3",
        "--dtype float16", "--l2 -1", "--threads 0"}) {
    SCOPED_TRACE(flags);
    const CliResult r = run_cli("gradcheck --data xor --hidden 3 " + flags);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    const std::string field = flags.substr(2, flags.find(' ') - 2);
    EXPECT_NE(r.err.find(field == "l2" ? "l2" : field), std::string::npos) << r.err;
  }
}

TEST(CliGradcheck, SaysWhatItIgnoresAndThatItRunsInFloat64) {
  const CliResult r =
      run_cli("gradcheck --data xor --hidden 3 --dtype float32 --lr 0.5 --epochs 10 --graph");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("computed in float64, not float32"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ignored --lr, --epochs, --graph: they change training, not the gradient"),
            std::string::npos)
      << r.out;
}

TEST(CliGradcheck, AcceptsEveryFlagOfTrainSoATrainCommandLineCanBeChecked) {
  // Every train flag, with a valid value: gradcheck either uses it or says it ignores it.
  const auto dir = temp_folder("gradcheck_train_flags");
  const CliResult r = run_cli(
      "gradcheck --data xor --hidden 3 --lr 0.5 --epochs 10 --log-every 5 --batch 2 "
      "--optimizer adam --momentum 0.5 --beta1 0.8 --beta2 0.99 --eps 1e-7 --lr-decay step "
      "--lr-gamma 0.5 --lr-step 2 --l2 0.01 --stop-diverging 3 --checkpoint-every 2 --resume " +
      (dir / "run").string() + " --out " + (dir / "run").string() +
      " --plot-format svg --log-cost --graph --quiet --dtype float64 --threads 1");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // listed in train's order of flags, which gradcheck reads off train itself
  EXPECT_NE(r.out.find("--stop-diverging, --out, --checkpoint-every, --resume, --plot-format, "
                       "--log-cost, --graph, --quiet: they change training"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir / "run"));  // nothing is written
  std::filesystem::remove_all(dir);
}

TEST(CliGradcheck, ChecksTheFirstExamplesWhenAsked) {
  const auto dir = temp_folder("gradcheck_examples");
  const std::string csv = write_blobs_csv(dir, 40, 2).string();
  const CliResult some = run_cli("gradcheck --data " + csv + " --hidden 3 --examples 10");
  ASSERT_EQ(some.exit_code, 0) << some.err;
  EXPECT_NE(some.out.find("the first 10 of 40 examples"), std::string::npos) << some.out;
  const CliResult all = run_cli("gradcheck --data " + csv + " --hidden 3 --examples all");
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("40 examples"), std::string::npos) << all.out;
  std::filesystem::remove_all(dir);
}

TEST(CliGradcheck, HelpTeachesTheMethod) {
  const CliResult r = run_cli("gradcheck --help");
  ASSERT_EQ(r.exit_code, 0);
  for (const char* words : {"central difference", "Why a relative error", "ReLU has a kink",
                            "--threshold", "--entries", "--examples"})
    EXPECT_NE(r.out.find(words), std::string::npos) << words;
}

}  // namespace
}  // namespace scratchnet::testing
