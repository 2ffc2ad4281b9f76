#include "scratchnet/run/saved_model_use.hpp"

#include <cstdio>

#include "scratchnet/nn/registry.hpp"
#include "scratchnet/tensor/error.hpp"

namespace scratchnet {

namespace {

std::string count_of(size_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

}  // namespace

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

void check_model_features(const SavedModel<double>& saved, const std::vector<std::string>& has,
                          const std::string& source, const std::string& what, bool named_by_user) {
  const std::vector<std::string>& expected = saved.feature_names;
  if (has == expected) return;
  const std::string message = has.size() == expected.size()
                                  ? source + ": has " + what + "s " + name_list(has) +
                                        " but the model expects " + name_list(expected)
                                  : source + ": has " + count_of(has.size(), what) + " (" +
                                        name_list(has) + ") but the model expects " +
                                        std::to_string(expected.size()) + " (" +
                                        name_list(expected) + ")";
  if (named_by_user) throw UsageError(message);
  throw DataError(message);
}

Matrix<double> model_probabilities(SavedModel<double>& saved, const Matrix<double>& raw_X) {
  return saved.model.forward(apply_crosses(raw_X, saved.crosses));
}

Matrix<double> model_labels(const SavedModel<double>& saved, const Matrix<double>& probabilities) {
  return labels_from(probabilities, saved.loss == Loss::softmax_ce);
}

ModelEvaluation evaluate_model(SavedModel<double>& saved, const Dataset<double>& data) {
  ModelEvaluation result;
  result.loss = &loss_entry(saved.loss);
  const Matrix<double> X = apply_crosses(data.X, saved.crosses);
  // The cost through the graph training builds for this loss (the trainer checks the
  // labels against the loss and the outputs first); one forward pass, no step.
  TrainOptions options;
  options.loss = saved.loss;
  Trainer<double> trainer(saved.model, X, data.Y, options);
  trainer.graph().forward();
  result.cost = trainer.graph().value(trainer.cost_node())(0, 0);
  result.prediction = predict(saved.model, X, data.Y);
  const Index classes = static_cast<Index>(saved.class_names.size());
  result.confusion = confusion_matrix(data.Y, result.prediction.labels, classes);
  return result;
}

}  // namespace scratchnet
