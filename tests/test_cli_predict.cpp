// `scratchnet predict` and `scratchnet evaluate` as a user runs them, on model files made
// here with the library: the numbers they print and write are the library's, to the last
// bit, and every bad flag or file gets one clear line and exit code 2.
#include <algorithm>
#include <cstdlib>
#include <iterator>

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

// The README's run: XOR with one hidden layer of 3, xavier, seed 48, 5000 epochs at α = 1.
SavedModel<double> trained_xor_model() {
  const Dataset<double> data = gate_dataset<double>("xor");
  NetworkSpec spec;
  spec.n_inputs = 2;
  spec.hidden = {3};
  spec.init = Init::xavier;
  NumpyRandom rng(48);
  SavedModel<double> saved;
  saved.model = make_network<double>(spec, rng);
  Trainer<double> trainer(saved.model, data.X, data.Y);
  for (int epoch = 0; epoch < 5000; ++epoch)
    trainer.train_epoch(1.0);
  saved.feature_names = data.feature_names;
  return saved;
}

// XOR by a feature cross, with hand-picked weights: ŷ = σ(20·x1 + 20·x2 − 40·x1x2 − 10).
SavedModel<double> xor_by_cross_model() {
  SavedModel<double> saved;
  Matrix<double> W(1, 3);
  W << 20, 20, -40;
  Matrix<double> b(1, 1);
  b << -10;
  saved.model.add<LinearLayer<double>>(W, b);
  saved.model.add<SigmoidLayer<double>>();
  saved.feature_names = {"x1", "x2"};
  saved.crosses = {FeatureCross{0, 1}};
  return saved;
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    lines.push_back(line);
  return lines;
}

// Inputs (features × m) that are not only the gate's corners, so the network is really run.
Matrix<double> some_inputs() {
  Matrix<double> X(2, 6);
  X << 0, 0, 1, 1, 0.9, -1.5,  //
      0, 1, 0, 1, 0.2, 3.25;
  return X;
}

std::string inputs_csv(const Matrix<double>& X) {
  std::string text = "x1,x2\n";
  for (Index j = 0; j < X.cols(); ++j)
    text += full_precision(X(0, j)) + "," + full_precision(X(1, j)) + "\n";
  return text;
}

// What the CLI must give: the model run on the crossed raw inputs, by the library.
Matrix<double> expected_probabilities(SavedModel<double>& saved, const Matrix<double>& raw_X) {
  return saved.model.forward(apply_crosses(raw_X, saved.crosses));
}

// Runs predict --output and checks every cell of the file against the library.
void check_written_predictions(SavedModel<double>& saved, const Matrix<double>& X,
                               const std::string& name) {
  const auto dir = temp_folder(name);
  save_model(dir / "model.json", saved);
  write_text(dir / "points.csv", inputs_csv(X));
  const auto output = dir / "predictions.csv";
  const CliResult r = run_cli("predict --model " + (dir / "model.json").string() + " --input " +
                              (dir / "points.csv").string() + " --output " + output.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_EQ(r.out,
            "wrote " + std::to_string(X.cols()) + " predictions to " + output.string() + "\n");

  const Matrix<double> expected = expected_probabilities(saved, X);
  const auto rows = read_csv_cells(output);
  ASSERT_EQ(rows.size(), static_cast<size_t>(X.cols()) + 1);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"x1", "x2", "probability", "label"}));
  for (Index j = 0; j < X.cols(); ++j) {
    const auto& row = rows[static_cast<size_t>(j) + 1];
    ASSERT_EQ(row.size(), 4u) << "row " << j;
    EXPECT_EQ(std::stod(row[0]), X(0, j));
    EXPECT_EQ(std::stod(row[1]), X(1, j));
    const double probability = std::stod(row[2]);
    EXPECT_LT(relative_error(probability, expected(0, j)), 1e-15) << "row " << j;
    EXPECT_EQ(probability, expected(0, j)) << "17 significant digits read back exactly, row " << j;
    EXPECT_EQ(row[3], expected(0, j) >= 0.5 ? "1" : "0") << "row " << j;
  }
  std::filesystem::remove_all(dir);
}

TEST(CliPredict, WritesTheLibrarysProbabilitiesAtFullPrecision) {
  SavedModel<double> saved = trained_xor_model();
  check_written_predictions(saved, some_inputs(), "predict_xor");
}

TEST(CliPredict, AppliesTheModelsFeatureCrossToRawInputs) {
  SavedModel<double> saved = xor_by_cross_model();
  const Matrix<double> X = some_inputs();
  check_written_predictions(saved, X, "predict_cross");

  // The cross really is x1·x2 of the raw inputs: the probabilities by hand, and XOR's labels.
  const Matrix<double> p = expected_probabilities(saved, X);
  for (Index j = 0; j < X.cols(); ++j) {
    const double x1 = X(0, j), x2 = X(1, j);
    const double by_hand = 1 / (1 + std::exp(-(20 * x1 + 20 * x2 - 40 * (x1 * x2) - 10)));
    EXPECT_LT(relative_error(p(0, j), by_hand), 1e-12) << "example " << j;
  }
  EXPECT_LT(p(0, 0), 0.5);
  EXPECT_GE(p(0, 1), 0.5);
  EXPECT_GE(p(0, 2), 0.5);
  EXPECT_LT(p(0, 3), 0.5);
}

TEST(CliPredict, PrintsOneAlignedRowPerInput) {
  SavedModel<double> saved = trained_xor_model();
  const Matrix<double> X = some_inputs();
  const auto dir = temp_folder("predict_print");
  save_model(dir / "model.json", saved);
  write_text(dir / "points.csv", inputs_csv(X));
  const CliResult r = run_cli("predict --model " + (dir / "model.json").string() + " --input " +
                              (dir / "points.csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;

  const std::vector<std::string> lines = lines_of(r.out);
  const auto header = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.find("probability") != std::string::npos;
  });
  ASSERT_NE(header, lines.end()) << r.out;
  std::istringstream header_cells(*header);
  std::vector<std::string> names{std::istream_iterator<std::string>(header_cells), {}};
  EXPECT_EQ(names, (std::vector<std::string>{"x1", "x2", "probability", "label"}));

  const Matrix<double> expected = expected_probabilities(saved, X);
  ASSERT_EQ(lines.end() - header, X.cols() + 1) << r.out;
  for (Index j = 0; j < X.cols(); ++j) {
    const std::string& line = *(header + 1 + j);
    EXPECT_EQ(line.size(), header->size()) << "aligned under the header: '" << line << "'";
    std::istringstream cells(line);
    double x1 = 0, x2 = 0, probability = 0, label = 0;
    ASSERT_TRUE(cells >> x1 >> x2 >> probability >> label) << line;
    EXPECT_EQ(x1, X(0, j));
    EXPECT_EQ(x2, X(1, j));
    EXPECT_NEAR(probability, expected(0, j), 5e-7) << line;  // printed with 6 decimals
    EXPECT_EQ(label, expected(0, j) >= 0.5 ? 1.0 : 0.0) << line;
  }
  // The trained network gets XOR right on the corners.
  EXPECT_NE(r.out.find("0     0.036336      0"), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

TEST(CliPredict, HelpExplainsEveryOptionWithExamples) {
  const CliResult predict_help = run_cli("predict --help");
  EXPECT_EQ(predict_help.exit_code, 0);
  for (const char* text : {"--model", "--input", "--output", "Examples:", "scratchnet predict"})
    EXPECT_NE(predict_help.out.find(text), std::string::npos) << text;
  const CliResult evaluate_help = run_cli("evaluate --help");
  EXPECT_EQ(evaluate_help.exit_code, 0);
  for (const char* text : {"--model", "--data", "--target", "Examples:", "scratchnet evaluate"})
    EXPECT_NE(evaluate_help.out.find(text), std::string::npos) << text;
  const CliResult top = run_cli("--help");
  EXPECT_NE(top.out.find("predict"), std::string::npos);
  EXPECT_NE(top.out.find("evaluate"), std::string::npos);
}

// The model file with one digit of its first weight changed, JSON still valid.
std::string with_one_digit_changed(std::string text) {
  const size_t weights = text.find("\"W\": [[");
  EXPECT_NE(weights, std::string::npos);
  const size_t digit = text.find_first_of("0123456789", weights + 7);
  text[digit] = text[digit] == '9' ? '8' : static_cast<char>(text[digit] + 1);
  return text;
}

struct ErrorCase {
  std::string args;
  std::string expected;  // a part of the one line on stderr
};

// Exit code 2, exactly one line on stderr that says what is wrong, nothing on stdout.
void expect_one_line_errors(const std::vector<ErrorCase>& cases) {
  for (const auto& [args, expected] : cases) {
    const CliResult r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos)
        << "args: " << args << "\nstderr: " << r.err << "expected: " << expected;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
    EXPECT_EQ(r.err.rfind("scratchnet: error: ", 0), 0u) << r.err;
    EXPECT_TRUE(r.out.empty()) << args << ": " << r.out;
  }
}

// Model files for the error cases, in a folder of their own.
struct ErrorFiles {
  std::filesystem::path dir = temp_folder("predict_errors");
  std::string model = (dir / "model.json").string();
  std::string points = (dir / "points.csv").string();
  std::string d = dir.string();

  ErrorFiles() {
    SavedModel<double> saved = trained_xor_model();
    save_model(model, saved);
    write_text(points, "x1,x2\n0,1\n");
    write_text(dir / "corrupted.json", with_one_digit_changed(read_file(model)));
    write_text(dir / "not_json.json", "this is not a model\n");
    write_text(dir / "renamed.csv", "a,b\n0,1\n");
    write_text(dir / "swapped.csv", "x2,x1\n0,1\n");
    write_text(dir / "three.csv", "x1,x2,x3\n0,1,2\n");
    write_text(dir / "one.csv", "x1\n0\n");
    write_text(dir / "text.csv", "x1,x2\n0,1\n1,abc\n");
  }
  ~ErrorFiles() { std::filesystem::remove_all(dir); }
};

TEST(CliPredict, EveryBadFlagOrFileIsOneLineAndExitCode2) {
  const ErrorFiles f;
  const std::string model = " --model " + f.model;
  const std::string input = " --input " + f.points;
  expect_one_line_errors({
      {"predict" + input, "--model is required"},
      {"predict" + model, "--input is required"},
      {"predict --model " + f.d + "/missing.json" + input,
       "missing.json: no such file, expected a saved model"},
      {"predict --model " + f.d + input, "is a directory, expected a saved model file"},
      {"predict --model " + f.d + "/corrupted.json" + input, "corrupted.json: checksum mismatch"},
      {"predict --model " + f.d + "/not_json.json" + input, "not_json.json: not valid JSON"},
      {"predict" + model + " --input " + f.d + "/missing.csv", "missing.csv: cannot open the file"},
      {"predict" + model + " --input " + f.d + "/renamed.csv",
       "renamed.csv: has columns a, b but the model expects x1, x2"},
      {"predict" + model + " --input " + f.d + "/swapped.csv",
       "swapped.csv: has columns x2, x1 but the model expects x1, x2"},
      {"predict" + model + " --input " + f.d + "/three.csv",
       "three.csv: has 3 columns (x1, x2, x3) but the model expects 2 (x1, x2)"},
      {"predict" + model + " --input " + f.d + "/one.csv",
       "one.csv: has 1 column (x1) but the model expects 2 (x1, x2)"},
      {"predict" + model + " --input " + f.d + "/text.csv",
       "text.csv: line 3, column 2 (x2): 'abc' is not a number"},
      {"predict" + model + input + " --output " + f.d + "/no_such_folder/out.csv",
       "--output: cannot write"},
      {"predict" + model + input + " --output " + f.d, "--output: cannot write"},
      {"predict" + model + input + " --no-such-flag", "--no-such-flag"},
  });
}

// The cost C = 1/(2m)·Σ(Y−Ŷ)² as training computes it: a step at α = 0 returns the cost of
// its forward pass and leaves the parameters as they are.
double library_cost(SavedModel<double>& saved, const Dataset<double>& data) {
  const Matrix<double> X = apply_crosses(data.X, saved.crosses);  // outlives the trainer
  Trainer<double> trainer(saved.model, X, data.Y);
  return trainer.train_epoch(0.0);
}

struct Evaluation {
  double cost = -1;
  std::string accuracy;  // "100% (4 of 4 correct)"
  long confusion[2][2] = {{-1, -1}, {-1, -1}};
};

Evaluation parse_evaluation(const std::string& out) {
  Evaluation e;
  bool in_confusion = false;
  for (const std::string& line : lines_of(out)) {
    std::istringstream cells(line);
    std::string first;
    cells >> first;
    if (first == "cost") {
      cells >> e.cost;
    } else if (first == "accuracy") {
      std::getline(cells >> std::ws, e.accuracy);
    } else if (in_confusion && (first == "0" || first == "1")) {  // "1   0   2": row, counts
      const int actual = first == "1";
      cells >> e.confusion[actual][0] >> e.confusion[actual][1];
    }
    in_confusion = in_confusion || line.starts_with("confusion matrix");
  }
  return e;
}

// Runs evaluate and checks its cost against the library's; returns what it printed.
Evaluation evaluate(SavedModel<double>& saved, const std::string& data_flags,
                    const Dataset<double>& data, const std::string& name) {
  const auto dir = temp_folder(name);
  save_model(dir / "model.json", saved);
  const CliResult r =
      run_cli("evaluate --model " + (dir / "model.json").string() + " " + data_flags);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_NE(r.out.find("confusion matrix (rows: actual, columns: predicted)"), std::string::npos)
      << r.out;
  const Evaluation e = parse_evaluation(r.out);
  const double expected_cost = library_cost(saved, data);
  EXPECT_LT(relative_error(e.cost, expected_cost), 1e-12)
      << "printed " << full_precision(e.cost) << ", library " << full_precision(expected_cost)
      << "\n"
      << r.out;
  return e;
}

TEST(CliEvaluate, XorModelOnXorIsRightEveryTime) {
  SavedModel<double> saved = trained_xor_model();
  const Evaluation e = evaluate(saved, "--data xor", gate_dataset<double>("xor"), "eval_xor");
  EXPECT_GT(e.cost, 0);
  EXPECT_LT(e.cost, 0.001);  // the README's run ends at 0.00089…
  EXPECT_EQ(e.accuracy, "100% (4 of 4 correct)");
  EXPECT_EQ(e.confusion[0][0], 2);  // (0,0), (1,1)
  EXPECT_EQ(e.confusion[0][1], 0);
  EXPECT_EQ(e.confusion[1][0], 0);
  EXPECT_EQ(e.confusion[1][1], 2);  // (0,1), (1,0)
}

TEST(CliEvaluate, XorModelOnAndGivesItsConfusionMatrix) {
  // AND labels 0, 0, 0, 1; the XOR model says 0, 1, 1, 0: only (0,0) is right.
  SavedModel<double> saved = trained_xor_model();
  const Evaluation e = evaluate(saved, "--data and", gate_dataset<double>("and"), "eval_and");
  EXPECT_EQ(e.accuracy, "25% (1 of 4 correct)");
  EXPECT_EQ(e.confusion[0][0], 1);  // (0,0)
  EXPECT_EQ(e.confusion[0][1], 2);  // (0,1), (1,0)
  EXPECT_EQ(e.confusion[1][0], 1);  // (1,1)
  EXPECT_EQ(e.confusion[1][1], 0);
}

TEST(CliEvaluate, CrossModelOnRawGateInputs) {
  SavedModel<double> saved = xor_by_cross_model();
  const Evaluation e = evaluate(saved, "--data xor", gate_dataset<double>("xor"), "eval_cross");
  EXPECT_EQ(e.accuracy, "100% (4 of 4 correct)");
  EXPECT_EQ(e.confusion[0][0], 2);
  EXPECT_EQ(e.confusion[1][1], 2);
}

TEST(CliEvaluate, CsvDataWithATargetColumn) {
  // The label first, named by --target; XOR labels except one wrong on purpose, (0.9, 0.2) → 0.
  SavedModel<double> saved = trained_xor_model();
  const auto dir = temp_folder("eval_csv");
  const auto csv = dir / "test.csv";
  write_text(csv, "label,x1,x2\n0,0,0\n1,0,1\n1,1,0\n0,1,1\n0,0.9,0.2\n");
  const Dataset<double> data = read_csv_dataset<double>(csv, "label");
  const Evaluation e = evaluate(saved, "--data " + csv.string() + " --target label", data, "ev");
  EXPECT_EQ(e.accuracy, "80% (4 of 5 correct)");
  EXPECT_EQ(e.confusion[0][0], 2);
  EXPECT_EQ(e.confusion[0][1], 1);  // (0.9, 0.2): the model says 1
  EXPECT_EQ(e.confusion[1][0], 0);
  EXPECT_EQ(e.confusion[1][1], 2);
  std::filesystem::remove_all(dir);
}

TEST(CliEvaluate, EveryBadFlagOrFileIsOneLineAndExitCode2) {
  const ErrorFiles f;
  const std::string model = " --model " + f.model;
  write_text(f.dir / "renamed_data.csv", "a,b,y\n0,1,1\n");
  write_text(f.dir / "short_data.csv", "x1,y\n0,1\n");
  write_text(f.dir / "text_data.csv", "x1,x2,y\n0,1,1\nx,1,0\n");
  SavedModel<double> other = trained_xor_model();
  other.feature_names = {"a", "b"};
  save_model(f.dir / "ab.json", other);
  expect_one_line_errors({
      {"evaluate --data xor", "--model is required"},
      {"evaluate --model " + f.d + "/missing.json --data xor", "missing.json: no such file"},
      {"evaluate --model " + f.d + "/corrupted.json --data xor",
       "corrupted.json: checksum mismatch"},
      {"evaluate" + model + " --data nand", "unknown dataset 'nand'"},
      {"evaluate" + model + " --data xor --target y", "--target names a CSV column"},
      {"evaluate --model " + f.d + "/ab.json --data xor",
       "--data xor: has features x1, x2 but the model expects a, b"},
      {"evaluate" + model + " --data " + f.d + "/renamed_data.csv",
       "renamed_data.csv: has feature columns a, b but the model expects x1, x2"},
      {"evaluate" + model + " --data " + f.d + "/short_data.csv",
       "short_data.csv: has 1 feature column (x1) but the model expects 2 (x1, x2)"},
      {"evaluate" + model + " --data " + f.d + "/text_data.csv", "'x' is not a number"},
      {"evaluate" + model + " --data " + f.d + "/missing.csv", "missing.csv: cannot open"},
  });
}

}  // namespace
}  // namespace scratchnet::testing
