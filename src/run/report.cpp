#include "scratchnet/run/report.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "scratchnet/tensor/format.hpp"

namespace scratchnet {
namespace {
// printf onto the end of a string, however long the piece (a feature's name can be long).
[[gnu::format(printf, 2, 3)]] void append(std::string& text, const char* format, ...) {
  va_list args, again;
  va_start(args, format);
  va_copy(again, args);
  const int length = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  if (length > 0) {
    const size_t end = text.size();
    text.resize(end + static_cast<size_t>(length) + 1);  // vsnprintf writes the final '\0'
    std::vsnprintf(text.data() + end, static_cast<size_t>(length) + 1, format, again);
    text.resize(end + static_cast<size_t>(length));
  }
  va_end(again);
}
}  // namespace

template <class T>
std::string format_predictions(const Dataset<T>& data, const Prediction<T>& p) {
  std::string text = "\npredictions\n ";
  for (const std::string& name : data.feature_names)
    append(text, " %8s", name.c_str());
  append(text, " %8s %12s %6s\n", "y", "probability", "label");
  const Index shown = std::min<Index>(data.X.cols(), 20);
  for (Index j = 0; j < shown; ++j) {
    text += " ";
    for (Index i = 0; i < data.X.rows(); ++i)
      append(text, " %8g", static_cast<double>(data.X(i, j)));
    append(text, " %8g %12.6f %6g\n", static_cast<double>(data.Y(0, j)),
           static_cast<double>(p.probabilities(0, j)), static_cast<double>(p.labels(0, j)));
  }
  if (shown < data.X.cols())
    append(text, "  … %ld more (all in predictions.csv with --out)\n",
           static_cast<long>(data.X.cols() - shown));
  return text;
}

template <class T>
std::string format_accuracy(const char* what, const Dataset<T>& data, const Prediction<T>& p) {
  const Index correct = (p.labels.array() == data.Y.array()).count();
  std::string text;
  append(text, "%s %g%% (%ld of %ld correct)\n", what, p.accuracy_percent,
         static_cast<long>(correct), static_cast<long>(data.Y.size()));
  return text;
}

std::string format_confusion(const std::vector<std::vector<long>>& counts,
                             const std::vector<std::string>& names) {
  std::string text;
  append(text, "\nconfusion matrix (rows: actual, columns: predicted)\n%14s", "");
  for (size_t k = 0; k < counts.size(); ++k)
    append(text, " %6zu", k);
  text += "\n";
  for (size_t a = 0; a < counts.size(); ++a) {
    // Each row labelled once: "3 Dress", or "3" where the name is the index itself.
    const std::string index = std::to_string(a);
    const std::string name = a < names.size() && names[a] != index ? names[a] : "";
    append(text, "%2zu %-11.11s", a, name.c_str());
    for (long c : counts[a])
      append(text, " %6ld", c);
    text += "\n";
  }
  return text;
}

std::string learning_curve_title(const RunConfig& config, const std::string& data_name) {
  std::string network = "one layer";
  if (!config.hidden.empty()) {
    network = "hidden ";
    for (size_t i = 0; i < config.hidden.size(); ++i)
      network += (i ? "," : "") + std::to_string(config.hidden[i]);
    network += ", " + config.activation.name;
    for (const auto& [key, value] : config.activation.params)
      network += " " + key + " " + format_number(value);
  }
  std::string text;
  append(text, "Learning rate = %g  (%s, %s)", config.learning_rate, data_name.c_str(),
         network.c_str());
  return text;
}

template std::string format_predictions(const Dataset<float>&, const Prediction<float>&);
template std::string format_predictions(const Dataset<double>&, const Prediction<double>&);
template std::string format_accuracy(const char*, const Dataset<float>&, const Prediction<float>&);
template std::string format_accuracy(const char*, const Dataset<double>&,
                                     const Prediction<double>&);

}  // namespace scratchnet
