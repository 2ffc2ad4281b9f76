// Parameters as JSON and the CSV outputs.
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

Sequential<double> xor_network() {
  NumpyRandom rng(48);
  NetworkSpec spec;
  spec.hidden = {3};
  return make_network<double>(spec, rng);
}

TEST(ParamsJson, RoundTripsBitForBit) {
  const auto dir = temp_folder("params");
  Sequential<double> model = xor_network();
  const Dataset<double> data = gate_dataset<double>("xor");
  Trainer<double>(model, data.X, data.Y).run({1.0, 300, 100});
  save_params_json(dir / "params.json", model);

  Sequential<double> loaded = xor_network();
  set_params(loaded, load_params_json<double>(dir / "params.json"), "params.json");
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(loaded.linear_layers()[i]->W(), model.linear_layers()[i]->W());
    EXPECT_EQ(loaded.linear_layers()[i]->b(), model.linear_layers()[i]->b());
  }
  EXPECT_EQ(loaded.forward(data.X), model.forward(data.X));
  // Nothing but the file itself is left behind by the atomic write.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
  std::filesystem::remove_all(dir);
}

// Each malformed file gives a DataError whose message names the file and the problem.
TEST(ParamsJson, MalformedFilesAreRefusedWithClearMessages) {
  const auto dir = temp_folder("badparams");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{", "not valid JSON"},
      {"", "the file is empty, expected a parameters file (JSON)"},
      {"{\"W\": [[1]]}", "expected a list"},
      {"[]", "expected a list"},
      {"[1]", "layer 1 must be an object with \"W\" and \"b\""},
      {"[{\"W\": [[1, 2]]}]", "layer 1 must be an object"},
      {"[{\"W\": [[1, \"a\"]], \"b\": [[0]]}]", "row 1, column 2 is \"a\", expected a number"},
      {"[{\"W\": [[1, 2], [3]], \"b\": [[0]]}]", "row 2 has 1 number, expected 2"},
      {"[{\"W\": [], \"b\": [[0]]}]", "layer 1 \"W\" is an empty list, expected a non-empty list"},
      {"[{\"W\": [[1, 2]], \"b\": 0}]", "layer 1 \"b\" is 0, expected a non-empty list"},
      {"[{\"W\": [[1, 1e999]], \"b\": [[0]]}]", "not valid JSON"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto path = dir / ("bad" + std::to_string(i) + ".json");
    std::ofstream(path) << cases[i].first;
    try {
      load_params_json<double>(path);
      ADD_FAILURE() << "accepted: " << cases[i].first;
    } catch (const DataError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(path.string()), std::string::npos) << msg;
      EXPECT_NE(msg.find(cases[i].second), std::string::npos) << "message: " << msg;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
    }
  }
  EXPECT_THROW(load_params_json<double>(dir / "missing.json"), DataError);
  EXPECT_THROW(load_params_json<double>(dir), DataError);
  std::filesystem::remove_all(dir);
}

TEST(ParamsJson, ShapesThatDoNotMatchTheNetworkAreRefused) {
  Sequential<double> model = xor_network();
  std::vector<LayerParams<double>> params = {
      {Matrix<double>::Zero(3, 2), Matrix<double>::Zero(3, 1)}};
  EXPECT_THROW(set_params(model, params, "p.json"), ShapeError);  // one layer for two
  // W chains with layer 1 (test_shapes.cpp has layers that do not); b has two rows, not one.
  params.push_back({Matrix<double>::Zero(1, 3), Matrix<double>::Zero(2, 1)});
  try {
    set_params(model, params, "p.json");
    FAIL() << "expected a ShapeError";
  } catch (const ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "p.json: layer 2: LinearLayer(3 → 1) needs W 1×3 and b 1×1, got W 1×3 and b 2×1"),
              std::string::npos)
        << e.what();
  }
}

TEST(CostsCsv, SeventeenSignificantDigits) {
  const auto dir = temp_folder("costs");
  write_costs_csv(dir / "costs.csv", {{0, 100}, {0.1, 1.0 / 3}, std::nullopt});
  EXPECT_EQ(read_file(dir / "costs.csv"),
            "epoch,cost\n0,0.10000000000000001\n100,0.33333333333333331\n");
  std::filesystem::remove_all(dir);
}

TEST(Files, UnwritableTargetIsAnErrorNamingTheFile) {
  try {
    write_file_atomically("/nonexistent-folder/x.csv", "x");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-folder/x.csv"), std::string::npos);
  }
}

}  // namespace
}  // namespace scratchnet::testing
