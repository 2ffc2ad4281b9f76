// `scratchnet predict` and `scratchnet evaluate`: use a saved model (model.json) on new
// inputs, or measure it on labelled data.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "commands.hpp"
#include "network_flags.hpp"
#include "scratchnet/data/registry.hpp"
#include "scratchnet/run/saved_model_use.hpp"

namespace scratchnet::cli {
namespace {

struct PredictFlags {
  std::string model;
  std::string input;
  std::string output;
};

struct EvaluateFlags {
  std::string model;
  RunConfig data;  // its data fields: --data, --target
};

std::string count_of(size_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

std::string describe_features(const SavedModel<double>& saved) {
  std::string text = name_list(saved.feature_names);
  if (saved.crosses.empty()) return text;
  const std::vector<std::string> all = crossed_names(saved.feature_names, saved.crosses);
  text += ", crossed";
  for (size_t k = 0; k < saved.crosses.size(); ++k)
    text += (k ? ", " : " ") + saved.crosses[k].str() + " (" + all[saved.feature_names.size() + k] +
            ")";
  return text;
}

void print_model(const std::string& path, const SavedModel<double>& saved) {
  std::printf("model    %s: %s\n", path.c_str(), saved.model.describe().c_str());
  std::printf("features %s\n", describe_features(saved).c_str());
  if (saved.loss == Loss::softmax_ce)
    std::printf("classes  %s\n", joined(saved.class_names).c_str());
}

// Each input, the probability of its label, and the label (with the class's name, where it
// has one).
void print_prediction_table(const Dataset<double>& inputs, const SavedModel<double>& saved,
                            const Matrix<double>& probabilities, const Matrix<double>& labels) {
  // Columns as wide as train's table, wider when a name needs it.
  std::vector<int> widths;
  for (const std::string& name : inputs.feature_names)
    widths.push_back(std::max<int>(8, static_cast<int>(name.size())));
  const bool classes = probabilities.rows() > 1;
  std::printf("\n ");
  for (size_t i = 0; i < widths.size(); ++i)
    std::printf(" %*s", widths[i], inputs.feature_names[i].c_str());
  std::printf(" %12s %6s\n", classes ? "p(label)" : "probability", "label");
  for (Index j = 0; j < inputs.X.cols(); ++j) {
    std::printf(" ");
    for (Index i = 0; i < inputs.X.rows(); ++i)
      std::printf(" %*g", widths[static_cast<size_t>(i)], inputs.X(i, j));
    const auto label = static_cast<Index>(labels(0, j));
    const std::string& name = saved.class_names[static_cast<size_t>(label)];
    std::printf(" %12.6f %6ld%s\n", probabilities(classes ? label : 0, j), static_cast<long>(label),
                classes && name != std::to_string(label) ? ("  " + name).c_str() : "");
  }
}

void run_predict(const PredictFlags& flags) {
  SavedModel<double> saved = load_model_as_double(flags.model);
  const Dataset<double> inputs = read_csv_features<double>(flags.input);
  check_model_features(saved, inputs.feature_names, flags.input, "column");
  const Matrix<double> probabilities = model_probabilities(saved, inputs.X);
  const Matrix<double> labels = model_labels(saved, probabilities);

  if (!flags.output.empty()) {
    try {
      write_predictions_csv(flags.output, inputs, probabilities, labels, saved.class_names,
                            /*with_true_labels=*/false);
    } catch (const Error& e) {
      // A path the user gave that cannot be written is a usage error (exit 2), not a crash.
      throw UsageError(std::string("--output: ") + e.what());
    }
    std::printf("wrote %s to %s\n",
                count_of(static_cast<size_t>(inputs.X.cols()), "prediction").c_str(),
                flags.output.c_str());
    return;
  }
  print_model(flags.model, saved);
  std::printf("input    %s: %s\n", flags.input.c_str(),
              count_of(static_cast<size_t>(inputs.X.cols()), "row").c_str());
  print_prediction_table(inputs, saved, probabilities, labels);
}

void run_evaluate(const EvaluateFlags& flags) {
  SavedModel<double> saved = load_model_as_double(flags.model);
  RunData<double> run_data = load_run_data<double>(
      flags.data, saved.loss == Loss::softmax_ce ? LabelKind::class_index : LabelKind::binary);
  // The data's own test split where it has one (Fashion-MNIST, MNIST-format folders): a model
  // is measured on examples it did not learn from.
  const bool test_split = run_data.test.has_value();
  const Dataset<double>& data = test_split ? *run_data.test : run_data.train;
  const bool builtin = find_builtin_dataset(flags.data.data) != nullptr;  // named by a flag
  check_model_features(saved, data.feature_names,
                       builtin ? "--data " + flags.data.data : flags.data.data,
                       builtin ? "feature" : "feature column", builtin);
  const ModelEvaluation e = evaluate_model(saved, data);

  long correct = 0;
  for (size_t k = 0; k < e.confusion.size(); ++k)
    correct += e.confusion[k][k];
  print_model(flags.model, saved);
  std::printf("data     %s%s: %s\n\n", flags.data.data.c_str(),
              test_split ? " (its test split)" : "",
              count_of(static_cast<size_t>(data.X.cols()), "example").c_str());
  std::printf("cost     %.17g   (%s, %s%s)\n", e.cost, std::string(e.loss->cost_name).c_str(),
              std::string(e.loss->formula).c_str(),
              saved.loss_recorded ? "" : "; a version-1 model file: loss not recorded, assumed");
  std::printf("accuracy %g%% (%ld of %ld correct)\n", e.prediction.accuracy_percent, correct,
              static_cast<long>(data.X.cols()));
  std::printf("%s", format_confusion(e.confusion, saved.class_names).c_str());
}

void add_model_flag(CLI::App& command, std::string& model) {
  command
      .add_option("--model", model,
                  "The saved model file (model.json): the network's parameters, its feature "
                  "crosses and raw feature names; refused if its checksum does not match")
      ->required();
}

}  // namespace

void add_predict_command(CLI::App& app) {
  auto predict_flags = std::make_shared<PredictFlags>();
  CLI::App* predict_command = app.add_subcommand(
      "predict",
      "Run a saved model on new inputs: print each input with its label (one output: 1 when "
      "ŷ ≥ 0.5; a softmax: the most probable class) and that label's probability");
  add_model_flag(*predict_command, predict_flags->model);
  predict_command
      ->add_option("--input", predict_flags->input,
                   "CSV file of inputs: a header row, then one example per row; its columns must "
                   "be the model's raw features, same names, same order (crosses are applied "
                   "by the model)")
      ->required();
  predict_command->add_option(
      "--output", predict_flags->output,
      "Write the predictions to this CSV file instead of printing them: the input columns as "
      "given, then probability (one output: of class 1) or probability_<class> per class, "
      "then label (and label_name, when the classes have names)");
  predict_command->footer(
      "\nExamples:\n"
      "  scratchnet predict --model runs/xor/model.json --input points.csv\n"
      "  scratchnet predict --model runs/xor/model.json --input points.csv --output out.csv\n"
      "\npoints.csv: a header of the model's raw feature names, then one example per row:\n"
      "  x1,x2\n"
      "  0,1\n"
      "  0.9,0.2");
  predict_command->callback([predict_flags] { run_predict(*predict_flags); });

  auto evaluate_flags = std::make_shared<EvaluateFlags>();
  CLI::App* evaluate_command = app.add_subcommand(
      "evaluate",
      "Measure a saved model on labelled data (its test split, where it has one): the cost of "
      "the model's own loss, the accuracy and the confusion matrix");
  add_model_flag(*evaluate_command, evaluate_flags->model);
  add_data_flags(*evaluate_command, evaluate_flags->data);
  evaluate_command->footer(
      "\nThe data's features must be the model's raw features (same names, same order).\n"
      "\nExamples:\n"
      "  scratchnet evaluate --model runs/xor/model.json --data xor\n"
      "  scratchnet evaluate --model runs/xor/model.json --data and   # the wrong gate\n"
      "  scratchnet evaluate --model runs/mine/model.json --data test.csv --target label");
  evaluate_command->callback([evaluate_flags] { run_evaluate(*evaluate_flags); });
}

}  // namespace scratchnet::cli
