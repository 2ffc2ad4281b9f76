// LiveRun, what the playground calls: frames carry the library's own numbers, the graph walk
// shows the article's hand-worked OR example, requests out of range are refused by name.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "scratchnet/run/live_run.hpp"

namespace scratchnet::testing {
namespace {

using json = nlohmann::json;

RunConfig xor_config() {
  return run_config_from_json(R"({"data": "xor", "hidden": [3], "epochs": 5000})");
}

TEST(LiveRun, AFrameAfterAllEpochsHoldsTheSessionsOwnCostToTheLastBit) {
  LiveRun live(xor_config());
  const json first = json::parse(live.frame_json({}));  // no training asked: epoch 0
  EXPECT_EQ(first["epoch"], 0);
  const json frame = json::parse(live.frame_json({.epochs = 5000}));
  Session<double> session(xor_config());
  session.train();
  const RunResult<double> result = session.result();
  EXPECT_EQ(frame["epoch"], 5000);
  EXPECT_EQ(frame["train_cost"].get<double>(), result.train_cost);
  EXPECT_EQ(frame["train_accuracy"].get<double>(), 100);
  EXPECT_TRUE(frame["done"].get<bool>());
  EXPECT_TRUE(frame["test_cost"].is_null());
  // More frames train no further than the run's epochs.
  EXPECT_EQ(json::parse(live.frame_json({.epochs = 10}))["epoch"], 5000);
  ASSERT_EQ(frame["weights"].size(), 2u);
  EXPECT_EQ(frame["weights"][0].size(), 3u);  // W1: 3 × 2
  EXPECT_EQ(frame["weights"][0][0].size(), 2u);
}

TEST(LiveRun, TheGridAndEachHiddenNeuronsMapCoverThePlane) {
  LiveRun live(xor_config());
  const json frame = json::parse(live.frame_json({.epochs = 100, .grid = 10, .neurons = true}));
  ASSERT_TRUE(frame.contains("grid"));
  EXPECT_EQ(frame["grid"]["size"], 10);
  EXPECT_EQ(frame["grid"]["output"].size(), 100u);
  EXPECT_LT(frame["grid"]["x1"][0].get<double>(), 0);  // the points, with a margin
  EXPECT_GT(frame["grid"]["x1"][1].get<double>(), 1);
  ASSERT_EQ(frame["neurons"].size(), 3u);
  for (const json& neuron : frame["neurons"]) {
    EXPECT_EQ(neuron["layer"], 1);
    ASSERT_EQ(neuron["output"].size(), 100u);
    for (const json& v : neuron["output"]) {
      EXPECT_GT(v.get<double>(), 0);  // a sigmoid's
      EXPECT_LT(v.get<double>(), 1);
    }
  }
  // The grid's output is the network's, to the 4 decimals a frame sends: its corner (x1, x2
  // lowest) against predict.
  const double lo1 = frame["grid"]["x1"][0], lo2 = frame["grid"]["x2"][0];
  Matrix<double> corner(2, 1);
  corner << lo1, lo2;
  EXPECT_DOUBLE_EQ(frame["grid"]["output"][0].get<double>(),
                   std::round(live.session().model().forward(corner)(0, 0) * 1e4) / 1e4);
}

// The grid's graph is built once and computed again each frame, a block of points at a
// time: after more training every point (here 60 × 60, four blocks, the last one short) is
// the trained network's, and so is each hidden neuron's map.
TEST(LiveRun, EachFramesGridIsTheNetworkTrainedSoFar) {
  LiveRun live(xor_config());
  const FrameRequest request{.epochs = 50, .grid = 60, .neurons = true};
  json frame = json::parse(live.frame_json(request));
  frame = json::parse(live.frame_json(request));  // the same grid, after 50 epochs more
  ASSERT_EQ(frame["epoch"], 100);
  const Index n = 60;
  const double lo1 = frame["grid"]["x1"][0], hi1 = frame["grid"]["x1"][1];
  const double lo2 = frame["grid"]["x2"][0], hi2 = frame["grid"]["x2"][1];
  Matrix<double> points(2, n * n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) {
      points(0, i * n + j) = lo1 + (hi1 - lo1) * static_cast<double>(j) / (n - 1);
      points(1, i * n + j) = lo2 + (hi2 - lo2) * static_cast<double>(i) / (n - 1);
    }
  Sequential<double>& model = live.session().model();
  const Matrix<double> expected = model.forward(points);
  Graph<double> first_layer;  // A1 = σ(W1·X + b1), over all the points at once
  const NodeId A1 = model.build(first_layer, first_layer.add_data("X", points), 2);
  first_layer.forward();
  const Matrix<double>& hidden = first_layer.value(A1);
  ASSERT_EQ(hidden.rows(), 3);
  ASSERT_EQ(frame["grid"]["output"].size(), static_cast<size_t>(n * n));
  for (Index k = 0; k < n * n; ++k) {
    ASSERT_NEAR(frame["grid"]["output"][static_cast<size_t>(k)].get<double>(), expected(0, k),
                0.5e-4 + 1e-12)
        << "point " << k;
    for (Index r = 0; r < 3; ++r)
      ASSERT_NEAR(
          frame["neurons"][static_cast<size_t>(r)]["output"][static_cast<size_t>(k)].get<double>(),
          hidden(r, k), 0.5e-4 + 1e-12)
          << "neuron " << r + 1 << ", point " << k;
  }
}

// 3 or more classes: each class's probability over the plane, which sum to 1 at each point.
TEST(LiveRun, AGridOfThreeClassesHasEachClasssProbability) {
  LiveRun live(run_config_from_json(
      R"({"data": "blobs3", "points": 90, "hidden": [4], "loss": "softmax_ce", "epochs": 100})"));
  const json frame = json::parse(live.frame_json({.epochs = 20, .grid = 20}));
  ASSERT_EQ(frame["grid"]["classes"].size(), 3u);
  for (size_t k = 0; k < 400; ++k) {
    double sum = 0;
    for (const json& c : frame["grid"]["classes"])
      sum += c[k].get<double>();
    EXPECT_NEAR(sum, 1, 3 * 0.5e-4) << "point " << k;
    EXPECT_EQ(frame["grid"]["output"][k], frame["grid"]["classes"][2][k]);
  }
}

// A frame's neuron maps are bounded: a wide network over a fine grid is told to ask less.
TEST(LiveRun, NeuronMapsBeyondTheirBudgetAreRefused) {
  LiveRun live(run_config_from_json(R"({"data": "xor", "hidden": [64, 64], "epochs": 10})"));
  try {
    (void)live.frame_json({.grid = 200, .neurons = true});
    FAIL() << "no error";
  } catch (const FieldError& e) {
    EXPECT_STREQ(e.what(),
                 "neurons: maps of 128 neurons over a 200×200 grid are 5120000 values, more "
                 "than the 2000000 a frame may send: ask for a smaller grid");
  }
  EXPECT_NO_THROW((void)live.frame_json({.grid = 100, .neurons = true}));
}

TEST(LiveRun, TheGraphWalkShowsTheArticlesOrExample) {
  const std::filesystem::path weights =
      std::filesystem::temp_directory_path() / "scratchnet_live_or_weights.json";
  std::ofstream(weights) << R"([{"W": [[0.1, 0.6]], "b": [[0.0]]}])";
  RunConfig config = run_config_from_json(R"({"data": "or", "epochs": 10})");
  config.init_params = weights.string();
  LiveRun live(config);
  const json step = json::parse(live.explain_json(0, 1.0));
  EXPECT_DOUBLE_EQ(step["output"][0][0].get<double>(), 0.5);  // ŷ = σ(0) at (0, 0)
  EXPECT_DOUBLE_EQ(step["cost"].get<double>(), 0.125);        // ½(0 − 0.5)²
  bool saw_b = false;
  for (const json& u : step["updates"])
    if (u["name"] == "b1") {  // the article's b, of layer 1
      saw_b = true;
      EXPECT_DOUBLE_EQ(u["gradient"][0][0].get<double>(), 0.125);
      EXPECT_DOUBLE_EQ(u["after"][0][0].get<double>(), -0.125);
    }
  EXPECT_TRUE(saw_b);
  EXPECT_NEAR(step["cost_after"].get<double>(), 0.1099, 5e-5);
  // Every gradient path carries its upstream gradient, local gradient and their product.
  bool saw_product = false;
  for (const json& node : step["nodes"])
    for (const json& path : node["paths"]) {
      EXPECT_FALSE(path["local_formula"].get<std::string>().empty()) << node["name"];
      saw_product = saw_product || !path["product"].is_null();
    }
  EXPECT_TRUE(saw_product);
  // The graph, drawn: node k's group is titled n{k}, as the page finds it.
  const std::string svg = step["svg"].get<std::string>();
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  for (const json& node : step["nodes"])
    EXPECT_NE(svg.find("<title>n" + std::to_string(node["id"].get<int>()) + "</title>"),
              std::string::npos)
        << node["name"];
  std::filesystem::remove(weights);
}

TEST(LiveRun, TestDataGetsItsOwnCost) {
  LiveRun live(run_config_from_json(
      R"({"data": "gaussians", "validation_split": 0.25, "hidden": [2], "epochs": 50})"));
  const json frame = json::parse(live.frame_json({.epochs = 50}));
  ASSERT_TRUE(frame["test_cost"].is_number());
  EXPECT_GT(frame["test_cost"].get<double>(), 0);
  EXPECT_TRUE(frame["test_accuracy"].is_number());
}

TEST(LiveRun, RequestsBeyondTheirLimitsAreRefusedByName) {
  LiveRun live(xor_config());
  const auto field_of = [&](const FrameRequest& r) {
    try {
      live.frame_json(r);
    } catch (const FieldError& e) {
      return e.message([](std::string_view f) { return std::string(f); });
    }
    return std::string("accepted");
  };
  EXPECT_EQ(field_of({.grid = 1000}), "grid must be 0 (none) or 2 to 200, got 1000");
  EXPECT_EQ(field_of({.epochs = -1}), "epochs must be 0 to 1000000, got -1");
  EXPECT_EQ(field_of({.train_seconds = 5}), "train_seconds must be 0 to 1, got 5");
  EXPECT_THROW(LiveRun(run_config_from_json(R"({"dtype": "float32"})")), FieldError);
}

}  // namespace
}  // namespace scratchnet::testing
