// Session: a whole run from a RunConfig. The article's runs, described as JSON, reproduce
// the reference trajectories to 1e-9; a run trained in pieces ends where one trained at once
// ends; the decision boundary comes as numbers; the outputs land in the folder.
#include "scratchnet/run/session.hpp"

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

// The reference case `name` as the JSON a front-end would send.
std::string config_json_of(const std::string& name, const std::filesystem::path& dir) {
  const json config = load_reference("trajectories.json")[name]["config"];
  json c = {{"epochs", config["epochs"]}, {"learning_rate", config["lr"]}, {"log_every", 1}};
  std::string data = config["data"];
  std::transform(data.begin(), data.end(), data.begin(), ::tolower);
  c["data"] = data.substr(0, data.find(' '));
  if (data.find("x1*x2") != std::string::npos) c["crosses"] = {"0*1"};
  c["hidden"] = config["hidden"];
  if (config.contains("init")) {
    c["init"] = config["init"];
    c["seed"] = config["seed"];
  } else {
    const auto path = dir / (name + ".json");
    std::ofstream(path) << json::array({{{"W", config["W"]}, {"b", config["b"]}}}).dump();
    c["init_params"] = path.string();
  }
  return c.dump();
}

TEST(Session, ReproducesTheArticlesTrajectoriesFromAJsonRunConfig) {
  const auto dir = temp_folder("session_reference");
  for (const std::string name :
       {"or_1layer_article_weights", "xor_feature_cross_1layer_seed48_plain",
        "xor_2layer_3hidden_seed48_xavier", "xor_2layer_3hidden_seed48_plain"}) {
    SCOPED_TRACE(name);
    const json ref = load_reference("trajectories.json")[name];
    Session<double> session(run_config_from_json(config_json_of(name, dir)));
    const CostLog log = session.train();
    ASSERT_EQ(log.costs.size(), ref["config"]["epochs"].get<size_t>());
    for (const auto& [epoch, cost] : ref["costs"].items())
      expect_close(log.costs.at(std::stoul(epoch)), cost, "cost at epoch " + epoch);
    const RunResult<double> result = session.result();
    expect_close(result.train.probabilities, ref["final_probabilities"], "final probabilities");
    EXPECT_EQ(result.train.accuracy_percent, ref["accuracy_percent"].get<double>());
    const auto layers = session.model().linear_layers();
    ASSERT_EQ(layers.size(), ref["final_params"].size());
    for (size_t i = 0; i < layers.size(); ++i)
      expect_close(layers[i]->W(), ref["final_params"][i]["W"], "final W" + std::to_string(i + 1));
  }
}

TEST(Session, TrainedInPiecesEndsBitForBitWhereOneRunEnds) {
  RunConfig config;
  config.hidden = {3};
  config.epochs = 300;
  config.batch = 2;
  config.optimizer = {"adam", {}};
  config.learning_rate = 0.05;
  Session<double> whole(config);
  whole.train();
  Session<double> pieces(config);
  pieces.train_epochs(100);
  EXPECT_EQ(pieces.epochs_done(), 100);
  pieces.train_epochs(150);
  pieces.train_epochs(50);
  EXPECT_EQ(pieces.epochs_done(), 300);
  const auto a = whole.model().parameters(), b = pieces.model().parameters();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(a[i]->value, b[i]->value) << a[i]->name;
}

// train() after train_epochs continues the run (with momentum's velocity) to config.epochs.
TEST(Session, TrainAfterTrainEpochsContinuesToTheConfiguredEpochs) {
  RunConfig config;
  config.hidden = {3};
  config.epochs = 200;
  config.optimizer = {"momentum", {{"momentum", 0.9}}};
  config.learning_rate = 0.1;
  Session<double> whole(config);
  whole.train();
  Session<double> pieces(config);
  pieces.train_epochs(70);
  const CostLog log = pieces.train();
  EXPECT_EQ(pieces.epochs_done(), 200);
  EXPECT_EQ(log.epochs.back(), 199);
  const auto a = whole.model().parameters(), b = pieces.model().parameters();
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(a[i]->value, b[i]->value) << a[i]->name;
}

TEST(Session, TrainUntilAPassedDeadlineStillTrainsOneEpoch) {
  RunConfig config;
  config.hidden = {3};
  Session<double> session(config);
  session.train_until(std::chrono::steady_clock::now() - std::chrono::seconds(1));
  EXPECT_EQ(session.epochs_done(), 1);
}

// A choice's parameters reach what they configure: the hidden layers' activation, the
// optimiser, the schedule.
TEST(Session, AnActivationsParametersReachTheModel) {
  const RunConfig config = run_config_from_json(
      R"({"hidden": [3], "activation": {"name": "leaky-relu", "negative_slope": 0.2}})");
  Session<double> session(config);
  EXPECT_EQ(session.setup().model.describe(),
            "LinearLayer(2 → 3) → LeakyReLULayer(negative_slope 0.2) → LinearLayer(3 → 1) → "
            "SigmoidLayer");
  const RunConfig elu = run_config_from_json(R"({"hidden": [3], "activation": {"name": "elu"}})");
  EXPECT_NE(Session<double>(elu).setup().model.describe().find("EluLayer(alpha 1)"),
            std::string::npos);
}

// The article's first hand calculation (SPEC Part I.3): OR, W = [0.1, 0.6], b = 0, example 0
// (x = (0, 0), y = 0): ŷ = σ(0) = 0.5, L = ½(0 − 0.5)² = 0.125, ∂L/∂b = 0.5·0.25 = 0.125,
// so b ← 0 − 1·0.125. The step is shown, not taken.
TEST(Session, ExplainStepIsTheArticlesHandCalculation) {
  const auto dir = temp_folder("session_explain");
  std::ofstream(dir / "or.json") << R"([{"W": [[0.1, 0.6]], "b": [[0]]}])";
  RunConfig config;
  config.data = "or";
  config.init_params = (dir / "or.json").string();
  Session<double> session(config);
  const ExplainedStep<double> step = session.explain_step(0, 1.0);
  EXPECT_EQ(step.examples, "example 0");
  EXPECT_EQ(step.m, 1);
  EXPECT_EQ(step.output(0, 0), 0.5);
  EXPECT_EQ(step.cost, 0.125);
  ASSERT_EQ(step.updates.size(), 2u);
  EXPECT_EQ(step.updates[0].name, "W1");
  EXPECT_EQ(step.updates[0].after, step.updates[0].value);  // x = (0, 0): ∂L/∂W = 0
  EXPECT_EQ(step.updates[1].name, "b1");
  EXPECT_EQ(step.updates[1].gradient(0, 0), 0.125);
  EXPECT_EQ(step.updates[1].after(0, 0), -0.125);
  EXPECT_LT(step.cost_after, step.cost);
  // Every node the cost depends on, each gradient the sum of its paths.
  std::vector<std::string> names;
  for (const NodeExplanation<double>& node : step.nodes)
    names.push_back(node.name);
  for (const std::string name : {"X", "Y", "W1", "b1", "Z1", "C"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  EXPECT_NE(step.graph_dot.find("digraph"), std::string::npos);
  EXPECT_EQ(session.model().linear_layers()[0]->b()(0, 0), 0.0);  // not taken
  // all four examples: m = 4, on the session's own graph
  EXPECT_EQ(session.explain_step().m, 4);
  EXPECT_EQ(session.explain_step().examples, "4 examples");
}

TEST(Session, ExplainStepRefusesAnExampleOutsideTheDataNamingTheField) {
  RunConfig config;
  config.data = "or";
  Session<double> session(config);
  for (const Index bad : {Index{4}, Index{-1}}) {
    try {
      session.explain_step(bad);
      ADD_FAILURE() << "example " << bad << " was accepted";
    } catch (const FieldError& e) {
      EXPECT_EQ(e.field(), "example");
      EXPECT_EQ(std::string(e.what()), bad == 4 ? "example 4: the data has 4 examples (0 to 3)"
                                                : "example -1: an example index is 0 or more");
    }
  }
  EXPECT_THROW(session.explain_step(std::nullopt, -1.0), FieldError);
}

TEST(Session, TheDecisionBoundaryAsNumbersIsTheModelsOutputOnTheGrid) {
  RunConfig config;
  config.hidden = {3};
  config.epochs = 2000;
  Session<double> session(config);
  session.train();
  const DecisionGrid grid = session.decision_grid(5);
  ASSERT_EQ(grid.x1.size(), 5u);
  EXPECT_DOUBLE_EQ(grid.x1.front(), -0.5);  // xor's [0, 1] widened by half its range
  EXPECT_DOUBLE_EQ(grid.x1.back(), 1.5);
  ASSERT_EQ(grid.probability.rows(), 5);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j) {
      Matrix<double> point(2, 1);
      point << grid.x1[static_cast<size_t>(j)], grid.x2[static_cast<size_t>(i)];
      // one column at a time goes through another product kernel than the whole grid
      EXPECT_NEAR(grid.probability(i, j), session.model().forward(point)(0, 0), 1e-12);
    }
  // xor learned: (0, 0) → 0 and (1, 0) → 1 (grid points 1 and 3 are 0 and 1)
  EXPECT_LT(grid.probability(1, 1), 0.5);
  EXPECT_GT(grid.probability(1, 3), 0.5);
}

TEST(Session, WritesTheRunsFilesIntoOut) {
  const auto dir = temp_folder("session_outputs");
  RunConfig config;
  config.hidden = {3};
  config.epochs = 50;
  config.out = (dir / "run").string();
  Session<double> session(config);
  session.train();
  const auto written = session.write_outputs(session.result());
  std::vector<std::string> names;
  for (const auto& p : written) {
    names.push_back(p.filename().string());
    EXPECT_TRUE(std::filesystem::exists(p)) << p;
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"costs.csv", "params.json", "metrics.json", "predictions.csv",
                                      "learning_curve.png", "decision_boundary.png",
                                      "decision_boundary_shaded.png", "model.json"}));
  // the model is still the session's after it was saved
  EXPECT_EQ(session.model().linear_layers().size(), 2u);
}

TEST(Session, ABadConfigIsRefusedBeforeAnyFolderIsMade) {
  const auto dir = temp_folder("session_refused");
  RunConfig config;
  config.out = (dir / "never").string();
  config.learning_rate = -1;
  EXPECT_THROW(Session<double>{config}, FieldError);
  EXPECT_FALSE(std::filesystem::exists(dir / "never"));
}

}  // namespace
}  // namespace scratchnet::testing
