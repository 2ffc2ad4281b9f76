// `scratchnet train` beyond the article, as a user runs it: cross-entropy losses, Adam,
// float32, mini-batches, validation splits, metrics.json, the confusion matrix, one clear
// line for every bad value, reproducible runs, and Fashion-MNIST when it is installed.
#include <algorithm>
#include <regex>

#include "png_image.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

json read_json(const std::filesystem::path& path) {
  return json::parse(read_file(path));
}

const std::string kXorAdam =
    "train --data xor --hidden 4 --activation tanh --loss bce --optimizer adam --lr 0.05 "
    "--epochs 300";

TEST(CliTrainBeyond, XorWithTanhBceAndAdamReachesFullAccuracy) {
  const CliResult r = run_cli(kXorAdam + " --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("accuracy 100% (4 of 4 correct)"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(CliTrainBeyond, AnActivationsParameterFlagReachesTheNetwork) {
  const CliResult r = run_cli(
      "train --data xor --hidden 2 --activation leaky-relu --negative-slope 0.2 --epochs 10");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("LeakyReLULayer(negative_slope 0.2)"), std::string::npos) << r.out;
  const CliResult elu =
      run_cli("train --data xor --hidden 2 --activation elu --elu-alpha 0.5 --epochs 10");
  ASSERT_EQ(elu.exit_code, 0) << elu.err;
  EXPECT_NE(elu.out.find("EluLayer(alpha 0.5)"), std::string::npos) << elu.out;
}

TEST(CliTrainBeyond, Float32WorksAndFloat16IsRefusedNamingDtype) {
  const auto dir = temp_folder("dtype");
  const CliResult r =
      run_cli(kXorAdam + " --dtype float32 --quiet --out " + (dir / "f32").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("accuracy 100%"), std::string::npos) << r.out;
  EXPECT_EQ(read_json(dir / "f32" / "metrics.json")["dtype"], "float32");

  const CliResult bad = run_cli(kXorAdam + " --dtype float16");
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("--dtype"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("float16"), std::string::npos) << bad.err;
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
  EXPECT_TRUE(bad.out.empty()) << bad.out;
  std::filesystem::remove_all(dir);
}

TEST(CliTrainBeyond, MetricsJsonDescribesTheRun) {
  const auto dir = temp_folder("metrics");
  const CliResult r = run_cli(kXorAdam + " --quiet --out " + (dir / "xor").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json m = read_json(dir / "xor" / "metrics.json");
  for (const char* key : {"epochs", "train_cost", "train_accuracy", "seconds", "dtype", "threads"})
    EXPECT_TRUE(m.contains(key)) << key << " missing in " << m.dump(2);
  EXPECT_EQ(m["epochs"], 300);
  EXPECT_EQ(m["train_accuracy"], 1.0);
  EXPECT_TRUE(m["train_cost"].is_number());
  EXPECT_GT(m["train_cost"].get<double>(), 0.0);
  EXPECT_LT(m["train_cost"].get<double>(), 0.693);  // below the cost of guessing ½
  EXPECT_GT(m["seconds"].get<double>(), 0.0);
  EXPECT_EQ(m["dtype"], "float64");
  EXPECT_GE(m["threads"].get<int>(), 1);
  EXPECT_EQ(m["loss"], "bce");
  EXPECT_EQ(m["optimizer"], "adam");
  EXPECT_FALSE(m.contains("test_accuracy")) << "no test data, no test accuracy";
  // The final cost printed is the one in metrics.json.
  const std::regex final_cost("final cost ([0-9.eE+-]+)");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(r.out, match, final_cost)) << r.out;
  EXPECT_EQ(std::stod(match[1]), m["train_cost"].get<double>());

  // With a validation split the held-out accuracy is there too.
  const auto csv = write_blobs_csv(dir, 40, 2);
  const CliResult split = run_cli("train --data " + csv.string() +
                                  " --hidden 3 --loss bce --optimizer adam --lr 0.05 --epochs 200 "
                                  "--validation-split 0.25 --quiet --out " +
                                  (dir / "split").string());
  ASSERT_EQ(split.exit_code, 0) << split.err;
  const json s = read_json(dir / "split" / "metrics.json");
  ASSERT_TRUE(s.contains("test_accuracy")) << s.dump(2);
  EXPECT_EQ(s["test_accuracy"], 1.0) << "the two blobs are far apart";
  EXPECT_EQ(s["examples"], 30);  // 40 − round(0.25·40) held out
  EXPECT_EQ(s["confusion_matrix_of"], "test");
  EXPECT_NE(split.out.find("test accuracy 100% (10 of 10 correct)"), std::string::npos)
      << split.out;
  std::filesystem::remove_all(dir);
}

// The confusion matrix printed after its title: one line per class, "%2zu %-11.11s" (the
// class and its name, which may hold spaces) then `classes` counts.
std::vector<std::vector<long>> printed_confusion(const std::string& out, int classes) {
  std::vector<std::vector<long>> counts;
  const size_t at = out.find("confusion matrix (rows: actual, columns: predicted)");
  if (at == std::string::npos) return counts;
  std::istringstream lines(out.substr(at));
  std::string line;
  std::getline(lines, line);  // the title
  std::getline(lines, line);  // the column numbers
  for (int k = 0; k < classes && std::getline(lines, line); ++k) {
    EXPECT_EQ(std::stoi(line.substr(0, 2)), k) << line;
    std::istringstream cells(line.size() > 14 ? line.substr(14) : "");
    std::vector<long> row;
    long c;
    while (cells >> c)
      row.push_back(c);
    counts.push_back(row);
  }
  return counts;
}

// Two classes through softmax: XOR with softmax-ce, measured on the training data.
TEST(CliTrainBeyond, SoftmaxCeOnXorPrintsATwoByTwoConfusionMatrix) {
  const CliResult r = run_cli(
      "train --data xor --hidden 4 --activation tanh --loss softmax-ce --optimizer adam --lr 0.05 "
      "--epochs 300");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("accuracy 100% (4 of 4 correct)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("LinearLayer(4 → 2) → SoftmaxLayer"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("on the training data:"), std::string::npos) << r.out;
  EXPECT_EQ(printed_confusion(r.out, 2), (std::vector<std::vector<long>>{{2, 0}, {0, 2}})) << r.out;
}

// softmax-ce reads a CSV label column as class indices 0…K−1 (LabelKind::class_index).
TEST(CliTrainBeyond, SoftmaxCeOnThreeClassesPrintsAConfusionMatrixAndTestAccuracy) {
  const auto dir = temp_folder("softmax");
  const auto csv = write_blobs_csv(dir, 60, 3);
  const CliResult r =
      run_cli("train --data " + csv.string() +
              " --hidden 8 --activation relu --init he --loss softmax-ce --optimizer adam "
              "--lr 0.05 --epochs 200 --validation-split 0.25 --out " +
              (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("test accuracy 100% (15 of 15 correct)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("accuracy 100% (45 of 45 correct)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("on the test data:"), std::string::npos) << r.out;
  const auto printed = printed_confusion(r.out, 3);
  ASSERT_EQ(printed.size(), 3u) << r.out;
  long total = 0;
  for (size_t a = 0; a < 3; ++a) {
    ASSERT_EQ(printed[a].size(), 3u) << r.out;
    for (size_t p = 0; p < 3; ++p) {
      total += printed[a][p];
      if (a != p) {
        EXPECT_EQ(printed[a][p], 0) << "actual " << a << " predicted " << p;
      }
    }
  }
  EXPECT_EQ(total, 15);  // round(0.25·60) held out
  const json m = read_json(dir / "out" / "metrics.json");
  EXPECT_EQ(m["loss"], "softmax-ce");
  EXPECT_EQ(m["test_accuracy"], 1.0);
  ASSERT_EQ(m["confusion_matrix"].size(), 3u);
  for (size_t a = 0; a < 3; ++a)
    for (size_t p = 0; p < 3; ++p)
      EXPECT_EQ(m["confusion_matrix"][a][p].get<long>(), printed[a][p]);
  // Two features, three classes: one picture of the classes' regions, in three colours
  // (each class's Okabe–Ito colour, a third of it on white).
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "decision_boundary_shaded.png"));
  const PngImage regions((dir / "out" / "decision_boundary.png").string());
  for (const Rgb& colour : {Rgb{166, 205, 228}, Rgb{240, 199, 166}, Rgb{166, 221, 206}}) {
    size_t n = 0;
    for (int y = 0; y < regions.height; ++y)
      for (int x = 0; x < regions.width; ++x)
        n += near(regions.at(x, y), colour, 6);
    EXPECT_GT(n, 10000u) << colour.r << "," << colour.g << "," << colour.b;
  }
  std::filesystem::remove_all(dir);
}

// Exit code 2, one line on stderr that names the flag (as the library words it) and says
// what is wrong, nothing on stdout.
void expect_one_clear_line(const std::string& flags, const std::vector<std::string>& expected) {
  const CliResult r = run_cli("train " + flags);
  EXPECT_EQ(r.exit_code, 2) << flags << "\nstdout: " << r.out << "\nstderr: " << r.err;
  for (const std::string& e : expected)
    EXPECT_NE(r.err.find(e), std::string::npos)
        << "flags: " << flags << "\nstderr: " << r.err << "expected: " << e;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << flags << ": " << r.err;
  EXPECT_EQ(r.err.rfind("scratchnet: error: ", 0), 0u) << flags << ": " << r.err;
  EXPECT_TRUE(r.out.empty()) << flags << ": " << r.out;
}

TEST(CliTrainBeyond, BadValuesExitWith2AndOneLineNamingTheFlag) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"--batch -1", {"--batch must be at least 1", "got -1"}},
      {"--optimizer lion",
       {"--optimizer: unknown choice 'lion'", "expected " + choice_names(optimizer_registry())}},
      {"--optimizer momentum --momentum 1.5", {"--momentum must be in [0, 1)", "1.5"}},
      {"--momentum -0.1", {"--momentum"}},
      {"--optimizer adam --beta1 1", {"--beta1"}},
      {"--optimizer adam --beta2 1.5", {"--beta2"}},
      {"--optimizer adam --eps 0", {"--eps"}},
      {"--optimizer rmsprop --alpha 1", {"--alpha must be in [0, 1)", "got 1"}},
      {"--alpha 0.9", {"--alpha is a parameter of --optimizer rmsprop", "is sgd"}},
      {"--lr-decay linear", {"'linear'", "none, step or exponential"}},
      {"--lr-decay exponential --lr-gamma 0", {"--lr-gamma must be in (0, 1]", "got 0"}},
      {"--lr-decay step --lr-gamma 1.5", {"--lr-gamma"}},
      {"--lr-decay step --lr-step 0", {"--lr-step must be at least 1"}},
      {"--l2 -1", {"--l2 must be a number ≥ 0", "got -1"}},
      {"--l2 nan", {"--l2 must be a number ≥ 0"}},
      {"--validation-split 1.5", {"--validation-split 1.5", "between 0 and 1"}},
      {"--validation-split -0.2", {"--validation-split -0.2"}},
      {"--loss hinge", {"--loss: unknown choice 'hinge'", "mse, bce or softmax-ce"}},
      {"--activation softmax",
       {"softmax is an output activation",
        "hidden layers take " + choice_names(hidden_activations())}},
      {"--dtype int8", {"--dtype", "int8"}},
      {"--batch abc", {"--batch"}},
      {"--activation leaky-relu --negative-slope 1", {"--negative-slope must be in [0, 1)"}},
      {"--negative-slope 0.3",
       {"--negative-slope is a parameter of --activation leaky-relu", "--activation is sigmoid"}},
      {"--momentum 0.5", {"--momentum is a parameter of --optimizer momentum", "is sgd"}},
  };
  for (const auto& [flags, expected] : cases)
    expect_one_clear_line(flags, expected);
}

// 0 and negative thread counts are refused, not taken as "all cores".
TEST(CliTrainBeyond, ThreadsBelowOneIsRefused) {
  for (const std::string flags : {"--threads 0 --epochs 10", "--threads -1 --epochs 10"})
    expect_one_clear_line(flags, {"threads must be at least 1"});
}

// Every bad optimiser value names its flag, --lr-decay included.
TEST(CliTrainBeyond, UnknownLrDecayNamesTheFlag) {
  expect_one_clear_line("--lr-decay linear", {"lr-decay", "'linear'"});
}

TEST(CliTrainBeyond, OneThreadRunsAreByteIdentical) {
  const auto dir = temp_folder("determinism");
  const auto csv = write_blobs_csv(dir, 40, 2);
  const std::string flags = "train --data " + csv.string() +
                            " --hidden 5 --activation relu --init he --loss bce --optimizer "
                            "momentum --lr 0.05 --batch 8 --epochs 20 --threads 1 --quiet --out ";
  const CliResult a = run_cli(flags + (dir / "a").string());
  const CliResult b = run_cli(flags + (dir / "b").string());
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const std::string model_a = read_file(dir / "a" / "model.json");
  ASSERT_FALSE(model_a.empty());
  EXPECT_EQ(model_a, read_file(dir / "b" / "model.json"));
  EXPECT_EQ(read_file(dir / "a" / "costs.csv"), read_file(dir / "b" / "costs.csv"));
  EXPECT_EQ(read_json(dir / "a" / "metrics.json")["batch"], 8);
  EXPECT_EQ(read_json(dir / "a" / "metrics.json")["threads"], 1);
  EXPECT_EQ(read_json(dir / "a" / "metrics.json")["epoch_seconds"].size(), 20u);
  // Another shuffle seed gives another model: the batches really are shuffled by --seed.
  const CliResult c = run_cli(flags + (dir / "c").string() + " --seed 49");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(model_a, read_file(dir / "c" / "model.json"));
  std::filesystem::remove_all(dir);
}

TEST(CliTrainBeyond, FashionMnistOneEpochOfAdam) {
  if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist"))
    GTEST_SKIP() << "/usr/share/datasets/fashion-mnist is not installed";
  const auto dir = temp_folder("fashion");
  const CliResult r = run_cli(
      "train --data fashion-mnist --hidden 32 --activation relu --init he --loss "
      "softmax-ce --optimizer adam --lr 0.002 --batch 256 --dtype float32 --epochs 1 "
      "--out " +
      (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("test accuracy"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("confusion matrix"), std::string::npos) << r.out;
  const json m = read_json(dir / "out" / "metrics.json");
  ASSERT_TRUE(m.contains("test_accuracy")) << m.dump(2);
  EXPECT_GT(m["test_accuracy"].get<double>(), 0.80);
  ASSERT_TRUE(m.contains("epoch_seconds")) << m.dump(2);
  EXPECT_EQ(m["epoch_seconds"].size(), 1u);
  EXPECT_EQ(m["examples"], 60000);
  EXPECT_EQ(m["dtype"], "float32");
  // The printed 10×10 confusion matrix counts the 10000 test images; its diagonal is the
  // test accuracy, and it is the one in metrics.json.
  const auto printed = printed_confusion(r.out, 10);
  ASSERT_EQ(printed.size(), 10u) << r.out;
  ASSERT_EQ(m["confusion_matrix"].size(), 10u);
  long total = 0, correct = 0;
  for (size_t a = 0; a < 10; ++a) {
    ASSERT_EQ(printed[a].size(), 10u) << r.out;
    for (size_t p = 0; p < 10; ++p) {
      total += printed[a][p];
      if (a == p) correct += printed[a][p];
      EXPECT_EQ(m["confusion_matrix"][a][p].get<long>(), printed[a][p]);
    }
  }
  EXPECT_EQ(total, 10000);
  EXPECT_DOUBLE_EQ(static_cast<double>(correct) / 10000, m["test_accuracy"].get<double>());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scratchnet::testing
