// `scratchnet explain` reproduces the article's hand calculations, and `scratchnet train
// --out` leaves everything a learner wants to look at.
#include <algorithm>
#include "png_image.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

// The block of `explain` output for node `node`: from its first line to the blank line.
std::string node_block(const std::string& out, const std::string& node) {
  const size_t start = out.find("\n" + node + " ");
  if (start == std::string::npos) return "";
  return out.substr(start + 1, out.find("\n\n", start + 1) - start);
}

// The value on the line of `quantity` in `block`: "[a, b; c, d]" or a number.
Matrix<double> value_of(const std::string& block, const std::string& quantity) {
  std::istringstream lines(block);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t at = line.find(quantity + " ");
    if (at == std::string::npos) continue;
    std::string text = line.substr(at + quantity.size());
    text = text.substr(0, text.find("(="));
    std::vector<std::vector<double>> rows(1);
    std::string number;
    auto flush = [&] {
      if (!number.empty()) rows.back().push_back(std::stod(number));
      number.clear();
    };
    for (char c : text) {
      if (c == ',' || c == ' ' || c == '[' || c == ']') {
        flush();
      } else if (c == ';') {
        flush();
        rows.emplace_back();
      } else {
        number += c;
      }
    }
    flush();
    Matrix<double> m(rows.size(), rows[0].size());
    for (size_t r = 0; r < rows.size(); ++r)
      for (size_t c = 0; c < rows[r].size(); ++c)
        m(r, c) = rows[r][c];
    return m;
  }
  ADD_FAILURE() << "no line '" << quantity << "' in\n" << block;
  return {};
}

void expect_close_12(const Matrix<double>& actual, const json& expected, const std::string& what) {
  expect_close(actual, expected, what);  // explain prints 12 significant digits: < 1e-9
}

struct ExplainRun {
  std::filesystem::path dir = temp_folder("explain");
  CliResult result;
  explicit ExplainRun(const std::string& flags) {
    std::ofstream(dir / "or.json") << R"([{"W": [[0.1, 0.6]], "b": [[0]]}])";
    result = run_cli("explain --data or --init-params " + (dir / "or.json").string() + " " + flags +
                     " --out " + dir.string());
  }
  ~ExplainRun() { std::filesystem::remove_all(dir); }
};

TEST(CliExplain, SingleOrExampleAsTheArticleWorksItByHand) {
  const json ref = load_reference("worked_examples.json")["single_example_or"];
  ExplainRun run("--example 0");
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err;
  const std::string& out = run.result.out;
  EXPECT_NE(out.find("ŷ = 0.5\n"), std::string::npos) << out;
  EXPECT_NE(out.find("cost = 0.125 "), std::string::npos) << out;
  expect_close(value_of(node_block(out, "Z1"), "value")(0, 0), ref["z"], "z");
  expect_close(value_of(node_block(out, "A1"), "value")(0, 0), ref["y_hat"], "ŷ");
  expect_close(value_of(node_block(out, "C"), "value")(0, 0), ref["loss"], "loss");
  expect_close(value_of(node_block(out, "A1"), "gradient ∂C/∂A1")(0, 0), ref["dL_dyhat"], "∂L/∂ŷ");
  expect_close(value_of(node_block(out, "Z1"), "local ∂A1/∂Z1 = A1⊙(1−A1)")(0, 0), ref["dyhat_dz"],
               "∂ŷ/∂z");
  expect_close(value_of(node_block(out, "Z1"), "gradient ∂C/∂Z1")(0, 0), ref["dL_dz"], "∂L/∂z");
  expect_close(value_of(node_block(out, "b1"), "gradient ∂C/∂b1")(0, 0), ref["dL_db"], "∂L/∂b");
  const Matrix<double> dW = value_of(node_block(out, "W1"), "gradient ∂C/∂W1");
  expect_close(dW(0, 0), ref["dL_dw"][0], "∂L/∂w1");
  expect_close(dW(0, 1), ref["dL_dw"][1], "∂L/∂w2");
  EXPECT_NE(out.find("b1 = 0 − 1·0.125 = -0.125\n"), std::string::npos) << out;
  EXPECT_NE(out.find("after the step: ŷ = 0.468790626626, cost 0.109882325806"), std::string::npos)
      << out;
  EXPECT_NE(node_block(out, "X").find("none: no gradient flows into data"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(run.dir / "graph.svg"));
}

// Without --out, explain writes nothing (not even into the current folder) and says how to
// get the picture; it speaks of the loss the network has.
TEST(CliExplain, WritesGraphSvgOnlyWithOutAndNamesItsLoss) {
  const auto dir = temp_folder("explain_cwd");
  const std::string cli = std::string(SCRATCHNET_CLI);
  const std::string cmd = "cd " + dir.string() + " && " + cli +
                          " explain --data xor --hidden 3 --seed 48 > out.txt 2>&1 && " + cli +
                          " explain --data xor --hidden 3 --loss bce --seed 48 > bce.txt 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0)
      << read_file(dir / "out.txt") << read_file(dir / "bce.txt");
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    files.push_back(entry.path().filename().string());
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{"bce.txt", "out.txt"}));
  const std::string out = read_file(dir / "out.txt");
  EXPECT_NE(out.find("(add --out DIR to draw this pass"), std::string::npos) << out;
  EXPECT_NE(out.find("the squared error cost C = 1/(2m)·Σ(Y−Ŷ)²"), std::string::npos) << out;
  const std::string bce = read_file(dir / "bce.txt");
  EXPECT_NE(bce.find("the binary cross-entropy cost C = −1/m·Σ"), std::string::npos) << bce;
  EXPECT_EQ(bce.find("1/(2m)"), std::string::npos) << bce;
  std::filesystem::remove_all(dir);
}

TEST(CliExplain, AllFourOrExamplesGiveTheVectorisedGradients) {
  const json it = load_reference("worked_examples.json")["vectorized_or"]["iterations"][0];
  ExplainRun run("");
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err;
  const std::string& out = run.result.out;
  expect_close(value_of(node_block(out, "C"), "value")(0, 0), it["cost"], "cost");
  EXPECT_NE(out.find("cost = 0.0889"), std::string::npos);
  expect_close_12(value_of(node_block(out, "Z1"), "value"), it["Z"], "Z");
  expect_close_12(value_of(node_block(out, "A1"), "value"), it["Y_hat"], "Ŷ");
  expect_close_12(value_of(node_block(out, "A1"), "gradient ∂C/∂A1"), it["dC_dYhat"], "∂C/∂Ŷ");
  expect_close_12(value_of(node_block(out, "Z1"), "gradient ∂C/∂Z1"), it["dC_dZ"], "∂C/∂Z");
  expect_close_12(value_of(node_block(out, "W1"), "gradient ∂C/∂W1"), it["dC_dW"], "∂C/∂W");
  expect_close_12(value_of(node_block(out, "b1"), "gradient ∂C/∂b1"), it["dC_db"], "∂C/∂b");
  const json next = load_reference("worked_examples.json")["vectorized_or"]["iterations"][1];
  EXPECT_NE(out.find("cost " + format_number(next["cost"].get<double>())), std::string::npos)
      << out;
}

TEST(CliExplain, BadExampleIndexIsAUsageError) {
  ExplainRun negative("--example -1");
  EXPECT_EQ(negative.result.exit_code, 2);
  EXPECT_NE(negative.result.err.find("--example -1"), std::string::npos);
  ExplainRun run("--example 4");
  EXPECT_EQ(run.result.exit_code, 2);
  EXPECT_NE(run.result.err.find("--example 4: the data has 4 examples (0 to 3)"), std::string::npos)
      << run.result.err;
}

TEST(CliTrainOut, WritesEveryFileAndAModelThatPredictsTheSame) {
  const auto dir = temp_folder("train_out");
  const CliResult r = run_cli(
      "train --data xor --cross 0*1 --init plain --epochs 2000 --graph --out " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* file :
       {"costs.csv", "predictions.csv", "params.json", "model.json", "graph.svg",
        "learning_curve.png", "decision_boundary.png", "decision_boundary_shaded.png"})
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  const PngImage curve((dir / "learning_curve.png").string());
  EXPECT_EQ(curve.width, 800);
  EXPECT_EQ(curve.height, 600);
  const std::string svg = read_file(dir / "graph.svg");
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("W1"), std::string::npos);
  // X's rows are labelled with the features' names, the cross's included.
  for (const char* feature : {">x1</text>", ">x2</text>", ">x1*x2</text>"})
    EXPECT_NE(svg.find(feature), std::string::npos) << feature;
  SavedModel<double> saved = load_model<double>(dir / "model.json");
  ASSERT_EQ(saved.crosses.size(), 1u);
  const Dataset<double> data = gate_dataset<double>("xor");
  const Matrix<double> p = saved.model.forward(apply_crosses(data.X, saved.crosses));
  const auto params = load_params_json<double>(dir / "params.json");
  EXPECT_EQ(saved.model.linear_layers()[0]->W(), params[0].W);
  EXPECT_EQ((p.array() >= 0.5).cast<double>().matrix(), data.Y);
  // Everything that was written is complete: no temporary file is left behind.
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
  std::filesystem::remove_all(dir);
}

TEST(CliTrainOut, SvgPlotsOnRequestAndNoBoundaryForOtherThanTwoFeatures) {
  const auto dir = temp_folder("train_svg");
  std::ofstream(dir / "three.csv") << "a,b,c,y\n0,0,1,0\n0,1,0,1\n1,0,0,1\n1,1,1,0\n";
  const CliResult r =
      run_cli("train --data " + (dir / "three.csv").string() +
              " --epochs 50 --plot-format svg --log-cost --quiet --out " + (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "learning_curve.svg"));
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "decision_boundary.svg"));
  EXPECT_EQ(r.out.find("epoch"), std::string::npos) << "--quiet prints only the result";
  EXPECT_NE(r.out.find("accuracy"), std::string::npos);
  const CliResult bad = run_cli("train --plot-format gif");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown plot format 'gif'"), std::string::npos);
  const CliResult graph_without_out = run_cli("train --graph");
  EXPECT_EQ(graph_without_out.exit_code, 2);
  EXPECT_NE(graph_without_out.err.find("--graph needs --out"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scratchnet::testing

namespace scratchnet::testing {
namespace {

TEST(CliSweep, JudgesEveryRateAndDrawsTheirCurvesTogether) {
  const auto dir = temp_folder("sweep");
  const CliResult r =
      run_cli("sweep --data xor --hidden 5,3 --lr 0.005,0.5,5,50 --out " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto line_of = [&](const std::string& rate) {
    const size_t at = r.out.find("\n" + std::string(10 - rate.size(), ' ') + rate + "  ");
    return at == std::string::npos ? "" : r.out.substr(at + 1, r.out.find('\n', at + 1) - at);
  };
  EXPECT_NE(line_of("0.005").find("barely moved"), std::string::npos) << r.out;
  EXPECT_NE(line_of("5").find("learned"), std::string::npos) << r.out;
  EXPECT_NE(line_of("50").find("overshot: the cost jumped to"), std::string::npos) << r.out;
  const PngImage image((dir / "learning_rate_sweep.png").string());
  EXPECT_EQ(image.width, 800);
  std::filesystem::remove_all(dir);
}

TEST(CliSweep, ARateTooLargeForTheArticlesOrWeightsDiverges) {
  const auto dir = temp_folder("sweep_or");
  std::ofstream(dir / "or.json") << R"([{"W": [[0.1, 0.6]], "b": [[0]]}])";
  const CliResult r = run_cli("sweep --data or --init-params " + (dir / "or.json").string() +
                              " --lr 1,500 --epochs 200 --plot-format svg --out " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("diverged: the cost rose from 0.0889 to 0.125"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("nan"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "learning_rate_sweep.svg"));
  EXPECT_EQ(run_cli("sweep --lr 0.5,-1").exit_code, 2);
  std::filesystem::remove_all(dir);
}

TEST(JudgeRun, NamesWhatTheLearningRateDid) {
  using Kind = RunVerdict::Kind;
  EXPECT_EQ(judge_run({{0, 1, 2}, {0.1, 0.05, 0.01}, std::nullopt}).kind, Kind::learned);
  EXPECT_EQ(judge_run({{0, 1, 2}, {0.1, 0.099, 0.098}, std::nullopt}).kind, Kind::barely_moved);
  EXPECT_EQ(judge_run({{0, 1, 2}, {0.1, 0.3, 0.01}, std::nullopt}).kind, Kind::overshot);
  EXPECT_EQ(judge_run({{0, 1, 2}, {0.1, 0.3, 0.2}, std::nullopt}).kind, Kind::diverged);
  const RunVerdict nan =
      judge_run({{0, 1}, {0.1, 0.2}, TrainingStop{TrainingStop::Reason::non_finite, 2, "", ""}});
  EXPECT_EQ(nan.kind, Kind::diverged);
  EXPECT_NE(nan.text.find("not finite at epoch 2"), std::string::npos);
}

}  // namespace
}  // namespace scratchnet::testing

namespace scratchnet::testing {
namespace {

// On a terminal (a pseudo-terminal from `script`), a run shows the progress bar, taken off
// the line before each log line; piped, the same run prints only the log lines.
// SCRATCHNET_FAULT=progress-clock-late gives the bar a clock that moves one second per
// reading, so a short run is "long" on any machine: the bar shows at its first look, at
// epoch 64, and says 64 epochs a second. (tests/test_progress.cpp has the bar's timing.)
TEST(CliProgress, ABarOnATerminalAndPlainLinesOffIt) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "no `script`";
  const std::string flags = "train --data xor --hidden 3 --epochs 1000 --log-every 500";
  const auto dir = temp_folder("progress");
  const std::string cmd = "SCRATCHNET_FAULT=progress-clock-late script -qec '" +
                          std::string(SCRATCHNET_CLI) + " " + flags + "' /dev/null > " +
                          (dir / "tty.txt").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string on_terminal = read_file(dir / "tty.txt");
  EXPECT_NE(on_terminal.find("] epoch 64/1000  cost "), std::string::npos) << on_terminal;
  EXPECT_NE(on_terminal.find("  64 epochs/s  "), std::string::npos) << on_terminal;
  EXPECT_NE(on_terminal.find(" s left"), std::string::npos);
  EXPECT_NE(on_terminal.find("] epoch 960/1000  cost "), std::string::npos) << "the last look";
  EXPECT_NE(on_terminal.find("s left\r\033[K     500  "), std::string::npos)
      << "the bar is taken off before a log line: " << on_terminal;
  // Piped, with the same late clock: no bar, the log lines as ever.
  const std::string piped_cmd = "SCRATCHNET_FAULT=progress-clock-late " +
                                std::string(SCRATCHNET_CLI) + " " + flags + " > " +
                                (dir / "piped.txt").string();
  ASSERT_EQ(std::system(piped_cmd.c_str()), 0);
  const std::string piped = read_file(dir / "piped.txt");
  EXPECT_EQ(piped.find("epochs/s"), std::string::npos) << piped;
  EXPECT_EQ(piped.find('\r'), std::string::npos) << piped;
  EXPECT_NE(piped.find("\n     500  "), std::string::npos) << piped;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scratchnet::testing
