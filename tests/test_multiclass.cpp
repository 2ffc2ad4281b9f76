// Models beyond the article's, end to end as a user runs them: a 3-class softmax CSV model
// and a Fashion-MNIST model are trained, saved, used by predict and measured by evaluate;
// every run writes predictions.csv, whatever its size, with columns that cannot collide
// with a feature and inputs echoed as they were given.
#include <cmath>
#include <fstream>
#include <sstream>

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');)
    out.push_back(cell);
  return out;
}

// Three well-separated blobs of 20 points each, labels 0, 1, 2 (no randomness: offsets on
// a small grid around each centre).
std::filesystem::path write_blobs(const std::filesystem::path& dir) {
  const auto path = dir / "blobs.csv";
  std::ofstream out(path);
  out << "x1,x2,y\n";
  const double centres[3][2] = {{0, 0}, {3, 0}, {0, 3}};
  for (int k = 0; k < 3; ++k)
    for (int i = 0; i < 20; ++i)
      out << centres[k][0] + 0.1 * (i % 5 - 2) << "," << centres[k][1] + 0.1 * (i / 5 - 2) << ","
          << k << "\n";
  return path;
}

// The printed confusion matrix: the rows after its header, each "<index> [name] counts…".
std::vector<std::vector<long>> printed_confusion(const std::string& out, size_t classes) {
  std::vector<std::vector<long>> rows;
  const std::vector<std::string> all = lines(out);
  for (size_t i = 0; i < all.size(); ++i) {
    if (!all[i].starts_with("confusion matrix")) continue;
    for (size_t r = i + 2; r < all.size() && r < i + 2 + classes; ++r) {
      std::istringstream in(all[r]);
      std::vector<std::string> words;
      for (std::string w; in >> w;)
        words.push_back(w);
      std::vector<long> counts;
      for (size_t w = words.size() - classes; w < words.size(); ++w)
        counts.push_back(std::stol(words[w]));
      EXPECT_EQ(words[0], std::to_string(r - i - 2)) << all[r];
      rows.push_back(counts);
    }
  }
  return rows;
}

TEST(MultiClass, ThreeClassCsvModelTrainsSavesPredictsAndEvaluates) {
  const auto dir = temp_folder("three_classes");
  const auto csv = write_blobs(dir);
  const auto out = dir / "run";
  const CliResult trained = run_cli("train --data " + csv.string() +
                                    " --target y --loss softmax-ce --hidden 4 --epochs 300 --lr "
                                    "0.5 --quiet --out " +
                                    out.string());
  ASSERT_EQ(trained.exit_code, 0) << trained.err;

  // model.json records the loss and the classes.
  const json model = json::parse(read_file(out / "model.json"));
  EXPECT_EQ(model["version"], 2);
  EXPECT_EQ(model["loss"], "softmax-ce");
  EXPECT_EQ(model["classes"], json({"0", "1", "2"}));

  // predict: one probability per class, then the most probable class.
  { std::ofstream(dir / "in.csv") << "x1,x2\n0.1,0.2\n3,0.1\n0,2.9\n"; }
  const CliResult predicted =
      run_cli("predict --model " + (out / "model.json").string() + " --input " +
              (dir / "in.csv").string() + " --output " + (dir / "p.csv").string());
  ASSERT_EQ(predicted.exit_code, 0) << predicted.err;
  const std::vector<std::string> rows = lines(read_file(dir / "p.csv"));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], "x1,x2,probability_0,probability_1,probability_2,label");
  for (size_t j = 1; j < rows.size(); ++j) {
    const std::vector<std::string> c = cells(rows[j]);
    ASSERT_EQ(c.size(), 6u) << rows[j];
    const double p0 = std::stod(c[2]), p1 = std::stod(c[3]), p2 = std::stod(c[4]);
    EXPECT_NEAR(p0 + p1 + p2, 1.0, 1e-12) << rows[j];
    EXPECT_EQ(c[5], std::to_string(j - 1)) << rows[j];  // each point is in its blob
  }
  EXPECT_TRUE(rows[1].starts_with("0.1,0.2,")) << rows[1];  // inputs as given

  // evaluate: the model's own loss, and a 3×3 matrix, each row labelled once.
  const CliResult evaluated = run_cli("evaluate --model " + (out / "model.json").string() +
                                      " --data " + csv.string() + " --target y");
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.err;
  EXPECT_NE(evaluated.out.find("(cross-entropy, C = −1/m·Σ log Ŷ[y]"), std::string::npos)
      << evaluated.out;
  EXPECT_EQ(evaluated.out.find("squared"), std::string::npos) << evaluated.out;
  EXPECT_NE(evaluated.out.find("accuracy 100% (60 of 60 correct)"), std::string::npos)
      << evaluated.out;
  const auto confusion = printed_confusion(evaluated.out, 3);
  ASSERT_EQ(confusion.size(), 3u) << evaluated.out;
  for (size_t a = 0; a < 3; ++a)
    for (size_t p = 0; p < 3; ++p)
      EXPECT_EQ(confusion[a][p], a == p ? 20 : 0) << evaluated.out;
  std::filesystem::remove_all(dir);
}

TEST(MultiClass, FashionMnistModelEvaluatesOnItsTestSplit) {
  if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist"))
    GTEST_SKIP() << "/usr/share/datasets/fashion-mnist is not installed";
  const auto dir = temp_folder("fashion_evaluate");
  const auto out = dir / "run";
  const CliResult trained = run_cli(
      "train --data fashion-mnist --hidden 16 --activation relu --init he --loss softmax-ce "
      "--optimizer adam --lr 0.002 --batch 256 --dtype float32 --epochs 1 --quiet --out " +
      out.string());
  ASSERT_EQ(trained.exit_code, 0) << trained.err;

  // predictions.csv: every training image, without its pixels; the classes by name.
  const std::vector<std::string> rows = lines(read_file(out / "predictions.csv"));
  ASSERT_EQ(rows.size(), 60001u);
  EXPECT_TRUE(
      rows[0].starts_with("example,true_label,probability_T-shirt/top,"
                          "probability_Trouser,"))
      << rows[0];
  EXPECT_TRUE(rows[0].ends_with(",probability_Ankle boot,label,label_name")) << rows[0];
  EXPECT_EQ(cells(rows[1]).size(), 14u) << rows[1];
  EXPECT_TRUE(rows[1].starts_with("0,9,")) << rows[1];  // the first training image is a boot

  const CliResult evaluated =
      run_cli("evaluate --model " + (out / "model.json").string() + " --data fashion-mnist");
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.err;
  EXPECT_NE(evaluated.out.find("data     fashion-mnist (its test split): 10000 examples"),
            std::string::npos)
      << evaluated.out;
  EXPECT_NE(evaluated.out.find("(cross-entropy"), std::string::npos) << evaluated.out;
  EXPECT_NE(evaluated.out.find("\n 9 Ankle boot "), std::string::npos) << evaluated.out;
  const auto confusion = printed_confusion(evaluated.out, 10);
  ASSERT_EQ(confusion.size(), 10u) << evaluated.out;
  long total = 0;
  for (const auto& row : confusion)
    for (long count : row)
      total += count;
  EXPECT_EQ(total, 10000);
  std::filesystem::remove_all(dir);
}

// 569 examples of 30 features (the size of a well-known medical dataset): predictions.csv
// has every one, with every feature.
TEST(MultiClass, AThirtyFeatureCsvWritesEveryPrediction) {
  const auto dir = temp_folder("thirty_features");
  std::string csv;
  for (int f = 0; f < 30; ++f)
    csv += "f" + std::to_string(f) + ",";
  csv += "diagnosis\n";
  for (int j = 0; j < 569; ++j) {
    for (int f = 0; f < 30; ++f)
      csv += std::to_string((j * 7 + f * 3) % 11) + ",";
    csv += std::to_string(j % 2) + "\n";
  }
  std::ofstream(dir / "d.csv") << csv;
  const CliResult r =
      run_cli("train --data " + (dir / "d.csv").string() +
              " --target diagnosis --epochs 2 --quiet --out " + (dir / "run").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> rows = lines(read_file(dir / "run" / "predictions.csv"));
  ASSERT_EQ(rows.size(), 570u);
  EXPECT_TRUE(rows[0].starts_with("f0,f1,")) << rows[0];
  EXPECT_TRUE(rows[0].ends_with(",f29,true_label,probability,label")) << rows[0];
  EXPECT_EQ(cells(rows[569]).size(), 33u);
  std::filesystem::remove_all(dir);
}

// A feature may be called y or label: it keeps its name, and our columns step aside. Inputs
// are echoed as given (0.9, not 0.90000000000000002).
TEST(MultiClass, FeatureNamesNeverCollideWithPredictionColumns) {
  const auto dir = temp_folder("colliding_names");
  std::ofstream(dir / "d.csv") << "x,y,label,target\n0.9,0,1,0\n0.1,1,0,1\n0.5,0.25,1,0\n";
  const CliResult r =
      run_cli("train --data " + (dir / "d.csv").string() +
              " --target target --epochs 2 --quiet --out " + (dir / "run").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> rows = lines(read_file(dir / "run" / "predictions.csv"));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], "x,y,label,true_label,probability,_label");
  EXPECT_TRUE(rows[1].starts_with("0.9,0,1,0,")) << rows[1];
  EXPECT_TRUE(rows[3].starts_with("0.5,0.25,1,0,")) << rows[3];
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scratchnet::testing
