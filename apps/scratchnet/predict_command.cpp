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

// Names as they may appear in a one-line message: control bytes as \xHH, and a long list
// cut to its first names and its last, so the line stays readable.
std::string name_list(const std::vector<std::string>& names) {
  constexpr size_t kListed = 8;
  const auto shown = [](const std::string& name) {
    std::string out;
    for (const unsigned char c : name) {
      if (c < 0x20 || c == 0x7f) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02X", c);
        out += hex;
      } else {
        out += static_cast<char>(c);
      }
    }
    return out;
  };
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names.size() > kListed && i == kListed - 2) {
      out += ", …, " + shown(names.back());
      break;
    }
    out += (i ? ", " : "") + shown(names[i]);
  }
  return out.empty() ? "none" : out;
}

std::string count_of(size_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// The model was trained on raw features with these names, in this order; data with other
// columns would meet the wrong weights silently, so it is refused. `source` names the data
// ("points.csv", "--data and") and `what` its columns ("column", "feature"); Refusal is
// the error to throw (DataError for a file, UsageError for a built-in gate).
template <class Refusal>
void check_raw_features(const std::string& source, const std::string& what,
                        const std::vector<std::string>& has, const SavedModel<double>& saved) {
  const std::vector<std::string>& expected = saved.feature_names;
  if (has == expected) return;
  if (has.size() == expected.size())
    throw Refusal(source + ": has " + what + "s " + name_list(has) + " but the model expects " +
                  name_list(expected));
  throw Refusal(source + ": has " + count_of(has.size(), what) + " (" + name_list(has) +
                ") but the model expects " + std::to_string(expected.size()) + " (" +
                name_list(expected) + ")");
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
}

// A saved model, float64 or float32 (train --dtype float32 saves one), in double.
SavedModel<double> load_saved_model(const std::string& path) {
  try {
    return load_model<double>(path);
  } catch (const DataError& as_double) {
    SavedModel<float> saved;
    try {
      saved = load_model<float>(path);
    } catch (const DataError&) {
      throw as_double;  // not a float32 model either: the first reason stands
    }
    SavedModel<double> widened;
    widened.feature_names = saved.feature_names;
    widened.crosses = saved.crosses;
    for (const auto& layer : saved.model.layers()) {
      if (const auto* linear = dynamic_cast<const LinearLayer<float>*>(layer.get()))
        widened.model.add<LinearLayer<double>>(linear->W().cast<double>(),
                                               linear->b().cast<double>());
      else if (const auto* activation = dynamic_cast<const ActivationLayer<float>*>(layer.get()))
        widened.model.add(make_activation_layer<double>(activation->choice()));
    }
    return widened;
  }
}

// The model's probabilities for raw inputs (features × m): crosses first, as in training.
Matrix<double> probabilities_for(SavedModel<double>& saved, const Matrix<double>& raw_X) {
  Matrix<double> probabilities = saved.model.forward(apply_crosses(raw_X, saved.crosses));
  if (probabilities.rows() != 1)
    throw ShapeError("the model gives " + std::to_string(probabilities.rows()) +
                     " outputs per example; predict and evaluate need exactly 1 (a probability)");
  return probabilities;
}

// The article's threshold: label 1 when the probability is at least 0.5.
double label_of(double probability) {
  return probability >= 0.5 ? 1.0 : 0.0;
}

void print_prediction_table(const Dataset<double>& inputs, const Matrix<double>& probabilities) {
  // Columns as wide as train's table, wider when a name needs it.
  std::vector<int> widths;
  for (const std::string& name : inputs.feature_names)
    widths.push_back(std::max<int>(8, static_cast<int>(name.size())));
  std::printf("\n ");
  for (size_t i = 0; i < widths.size(); ++i)
    std::printf(" %*s", widths[i], inputs.feature_names[i].c_str());
  std::printf(" %12s %6s\n", "probability", "label");
  for (Index j = 0; j < inputs.X.cols(); ++j) {
    std::printf(" ");
    for (Index i = 0; i < inputs.X.rows(); ++i)
      std::printf(" %*g", widths[static_cast<size_t>(i)], inputs.X(i, j));
    std::printf(" %12.6f %6g\n", probabilities(0, j), label_of(probabilities(0, j)));
  }
}

std::string predictions_csv(const Dataset<double>& inputs, const Matrix<double>& probabilities) {
  std::string out;
  for (const std::string& name : inputs.feature_names)
    out += name + ",";
  out += "probability,label\n";
  for (Index j = 0; j < inputs.X.cols(); ++j) {
    for (Index i = 0; i < inputs.X.rows(); ++i)
      out += full_precision(inputs.X(i, j)) + ",";
    out += full_precision(probabilities(0, j)) + "," +
           full_precision(label_of(probabilities(0, j))) + "\n";
  }
  return out;
}

void run_predict(const PredictFlags& flags) {
  SavedModel<double> saved = load_saved_model(flags.model);
  const Dataset<double> inputs = read_csv_features<double>(flags.input);
  check_raw_features<DataError>(flags.input, "column", inputs.feature_names, saved);
  const Matrix<double> probabilities = probabilities_for(saved, inputs.X);

  if (!flags.output.empty()) {
    try {
      write_file_atomically(flags.output, predictions_csv(inputs, probabilities));
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
  print_prediction_table(inputs, probabilities);
}

// The article's cost C = 1/(2m)·Σ(Y−Ŷ)², computed by the same graph operation training uses.
double squared_error_cost(Sequential<double>& model, const Matrix<double>& X,
                          const Matrix<double>& Y) {
  Graph<double> graph;
  const NodeId x = graph.add_data("X", X);
  const NodeId y = graph.add_data("Y", Y);
  const NodeId y_hat = model.build(graph, x);
  const NodeId cost = graph.add<ops::SquaredErrorCost>("C", {y, y_hat});
  graph.forward();
  return graph.value(cost)(0, 0);
}

void run_evaluate(const EvaluateFlags& flags) {
  SavedModel<double> saved = load_saved_model(flags.model);
  const Dataset<double> data = load_run_data<double>(flags.data).train;
  if (find_builtin_dataset(flags.data.data))  // named by a flag, not a file
    check_raw_features<UsageError>("--data " + flags.data.data, "feature", data.feature_names,
                                   saved);
  else
    check_raw_features<DataError>(flags.data.data, "feature column", data.feature_names, saved);

  const Matrix<double> X = apply_crosses(data.X, saved.crosses);
  const Prediction<double> prediction = predict(saved.model, X, data.Y);
  const double cost = squared_error_cost(saved.model, X, data.Y);

  const auto confusion = confusion_matrix(data.Y, prediction.labels, 2);
  const long examples = static_cast<long>(data.Y.cols());
  const long correct = confusion[0][0] + confusion[1][1];

  print_model(flags.model, saved);
  std::printf("data     %s: %s, features %s\n\n", flags.data.data.c_str(),
              count_of(static_cast<size_t>(examples), "example").c_str(),
              name_list(data.feature_names).c_str());
  std::printf("cost     %.17g   (1/(2m)·Σ(Y−Ŷ)²)\n", cost);
  std::printf("accuracy %g%% (%ld of %ld correct)\n\n", prediction.accuracy_percent, correct,
              examples);
  std::printf("confusion matrix  %11s  %11s\n", "predicted 0", "predicted 1");
  for (int actual = 0; actual < 2; ++actual)
    std::printf("        actual %d  %11ld  %11ld\n", actual, confusion[actual][0],
                confusion[actual][1]);
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
      "Run a saved model on new inputs: print each input with the probability ŷ and the "
      "label (1 when ŷ ≥ 0.5)");
  add_model_flag(*predict_command, predict_flags->model);
  predict_command
      ->add_option("--input", predict_flags->input,
                   "CSV file of inputs: a header row, then one example per row; its columns must "
                   "be the model's raw features, same names, same order (crosses are applied "
                   "by the model)")
      ->required();
  predict_command->add_option(
      "--output", predict_flags->output,
      "Write the predictions to this CSV file instead of printing them: the feature columns, "
      "then probability,label, numbers at 17 significant digits");
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
      "Measure a saved model on labelled data: the cost 1/(2m)·Σ(Y−Ŷ)², the accuracy and the "
      "confusion matrix");
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
