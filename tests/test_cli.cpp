// `scratchnet train` as a user runs it: the reference runs through the flags, the files it
// writes, and one clear line for every bad flag.
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

// Runs a reference case through `scratchnet train` and checks what it writes.
void check_cli_trajectory(const std::string& name, const std::string& flags) {
  SCOPED_TRACE(name);
  const json ref = load_reference("trajectories.json")[name];
  const auto dir = temp_folder("cli_" + name);
  std::string init_flags;
  if (!ref["config"].contains("init")) {
    std::ofstream(dir / "init.json") << ref["initial_params"].dump();
    init_flags = " --init-params " + (dir / "init.json").string();
  }
  const CliResult r =
      run_cli("train " + flags + init_flags + " --lr 1 --epochs 5000 --log-every 100 --out " +
              (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("accuracy " + std::to_string(ref["accuracy_percent"].get<int>()) + "%"),
            std::string::npos)
      << r.out;

  const auto costs = read_csv_cells(dir / "out" / "costs.csv");
  ASSERT_EQ(costs[0], (std::vector<std::string>{"epoch", "cost"}));
  ASSERT_EQ(costs.size(), 1 + 50 + 1u);  // epoch 0, 100, …, 4900, and 4999
  for (size_t i = 1; i < costs.size(); ++i)
    expect_close(std::stod(costs[i][1]), ref["costs"][costs[i][0]], "cost at epoch " + costs[i][0]);
  EXPECT_EQ(costs.back()[0], "4999");

  const auto predictions = read_csv_cells(dir / "out" / "predictions.csv");
  ASSERT_EQ(predictions.size(), 5u);
  EXPECT_EQ(predictions[0].back(), "label");
  for (size_t j = 1; j < predictions.size(); ++j) {
    const size_t n = predictions[j].size();
    expect_close(std::stod(predictions[j][n - 2]), ref["final_probabilities"][0][j - 1],
                 "probability " + std::to_string(j));
    EXPECT_EQ(std::stod(predictions[j][n - 1]), ref["predictions"][0][j - 1].get<double>());
  }

  const auto params = load_params_json<double>(dir / "out" / "params.json");
  ASSERT_EQ(params.size(), ref["final_params"].size());
  for (size_t i = 0; i < params.size(); ++i) {
    expect_close(params[i].W, ref["final_params"][i]["W"], "final W" + std::to_string(i + 1));
    expect_close(params[i].b, ref["final_params"][i]["b"], "final b" + std::to_string(i + 1));
  }
  std::filesystem::remove_all(dir);
}

TEST(CliTrain, OrWithTheArticlesWeights) {
  check_cli_trajectory("or_1layer_article_weights", "--data or");
}

TEST(CliTrain, XorWithFeatureCross) {
  check_cli_trajectory("xor_feature_cross_1layer_seed48_plain",
                       "--data xor --cross 0*1 --init plain --seed 48");
}

TEST(CliTrain, XorTwoLayersXavier) {
  check_cli_trajectory("xor_2layer_3hidden_seed48_xavier",
                       "--data xor --hidden 3 --init xavier --seed 48");
}

TEST(CliTrain, XorTwoLayersPlainStaysStuck) {
  check_cli_trajectory("xor_2layer_3hidden_seed48_plain",
                       "--data xor --hidden 3 --init plain --seed 48");
}

TEST(CliTrain, PrintsTheCostLogPredictionsAndAccuracy) {
  const CliResult r = run_cli("train --data and --epochs 250 --log-every 100");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* line :
       {"       0  ", "     100  ", "     200  ", "     249  ", "predictions", "accuracy "})
    EXPECT_NE(r.out.find(line), std::string::npos) << "missing '" << line << "' in\n" << r.out;
  EXPECT_EQ(r.out.find("     300  "), std::string::npos);
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(CliTrain, HelpExplainsEveryOption) {
  const CliResult r = run_cli("train --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* flag : {"--data", "--cross", "--hidden", "--activation", "--init",
                           "--init-params", "--seed", "--lr", "--epochs", "--log-every", "--out"})
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  const CliResult top = run_cli("--help");
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.out.find("train"), std::string::npos);
}

// Every bad flag: exit code 2, one line on stderr naming what is wrong, nothing on stdout.
TEST(CliTrain, BadFlagsGiveOneClearLineAndExitCode2) {
  const auto dir = temp_folder("badflags");
  std::ofstream(dir / "malformed.json") << "[{\"W\": [[0.1, 0.6]], ";
  std::ofstream(dir / "wrong_shape.json") << R"([{"W": [[0.1, 0.6, 0.2]], "b": [[0]]}])";
  std::ofstream(dir / "wrong_count.json") << R"([{"W": [[0.1, 0.6]], "b": [[0]]}])";
  const std::string d = dir.string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--lr -1", "--lr (the learning rate) must be a positive number"},
      {"--lr 0", "--lr (the learning rate) must be a positive number"},
      {"--lr nan", "--lr (the learning rate) must be a positive number"},
      {"--lr abc", "--lr"},
      {"--epochs 0", "--epochs must be at least 1"},
      {"--epochs -5", "--epochs must be at least 1"},
      {"--log-every 0", "--log-every must be at least 1"},
      {"--hidden 0", "a hidden layer needs at least 1 neuron"},
      {"--hidden 3,x", "'x' is not a layer size"},
      {"--cross 0*9", "feature cross 0*9 names feature 9, but the data has only 2 features"},
      {"--cross 01", "bad feature cross '01'"},
      {"--data nand", "unknown dataset 'nand'"},
      {"--init glorot", "--init: unknown choice 'glorot'"},
      {"--activation swish", "--activation: unknown choice 'swish'"},
      {"--init-params " + d + "/missing.json",
       "missing.json: no such file, expected a parameters file (JSON)"},
      {"--init-params " + d, "is a directory"},
      {"--init-params " + d + "/malformed.json", "malformed.json: not valid JSON"},
      {"--data or --init-params " + d + "/wrong_shape.json",
       "wrong_shape.json: layer 1: LinearLayer(2 → 1) needs W 1×2 and b 1×1, got W 1×3"},
      {"--data or --hidden 3 --init-params " + d + "/wrong_count.json",
       "has parameters for 1 linear layer(s), but the network has 2"},
      {"--out /proc/forbidden", "--out: cannot create the folder"},
      {"--no-such-flag", "--no-such-flag"},
      {"--hidden 100000000", "hidden layer 1 has 100000000 neurons (at most 1000000)"},
      {"--lr -1e-9", "--lr (the learning rate) must be a positive number, got -1e-09"},
  };
  for (const auto& [flags, expected] : cases) {
    const CliResult r = run_cli("train " + flags);
    EXPECT_EQ(r.exit_code, 2) << flags << "\n" << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos)
        << "flags: " << flags << "\nstderr: " << r.err << "expected: " << expected;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << flags << ": " << r.err;
    EXPECT_EQ(r.err.rfind("scratchnet: error: ", 0), 0u) << r.err;
  }
  std::filesystem::remove_all(dir);
}

TEST(Cli, AnUnknownCommandIsNamed) {
  const CliResult r = run_cli("trian");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command 'trian' (expected train, explain"), std::string::npos)
      << r.err;
}

TEST(Cli, NoCommandIsAUsageError) {
  const CliResult r = run_cli("");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("scratchnet: error"), std::string::npos);
}

}  // namespace
}  // namespace scratchnet::testing
