// predictions.csv: what a model said about each example, beside what the example was.
#include <algorithm>

#include "scratchnet/io/io.hpp"
#include "scratchnet/tensor/format.hpp"

namespace scratchnet {

std::string csv_field(const std::string& text) {
  const bool plain = text.find_first_of(",\"\r\n") == std::string::npos &&
                     (text.empty() || (text.front() != ' ' && text.back() != ' '));
  if (plain) return text;
  std::string quoted = "\"";
  for (const char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

namespace {

// Are the class names just their indices ("0", "1", …)? Then a label_name column says nothing.
bool numbered(const std::vector<std::string>& names) {
  for (size_t k = 0; k < names.size(); ++k)
    if (names[k] != std::to_string(k)) return false;
  return true;
}

}  // namespace

template <class T>
std::string predictions_csv(const Dataset<T>& inputs, const Matrix<T>& probabilities,
                            const Matrix<T>& labels, const std::vector<std::string>& class_names,
                            bool with_true_labels) {
  const Index m = probabilities.cols();
  const bool echo_inputs = !inputs.images;
  const bool names = !class_names.empty() && !numbered(class_names);
  const bool per_class = probabilities.rows() > 1;

  std::vector<std::string> header;
  if (echo_inputs) header = inputs.feature_names;
  const auto add = [&](std::string name) {  // ours: never a feature's name, never twice
    while (std::find(header.begin(), header.end(), name) != header.end())
      name = "_" + name;
    header.push_back(std::move(name));
  };
  if (!echo_inputs) add("example");
  if (with_true_labels) add("true_label");
  if (per_class) {
    for (Index k = 0; k < probabilities.rows(); ++k) {
      const size_t c = static_cast<size_t>(k);
      add("probability_" + (c < class_names.size() ? class_names[c] : std::to_string(k)));
    }
  } else {
    add("probability");
  }
  add("label");
  if (names) add("label_name");

  std::string out;
  for (size_t i = 0; i < header.size(); ++i)
    out += (i ? "," : "") + csv_field(header[i]);
  out += "\n";
  for (Index j = 0; j < m; ++j) {
    std::string row;
    const auto cell = [&](const std::string& text) { row += (row.empty() ? "" : ",") + text; };
    if (echo_inputs)
      for (Index i = 0; i < inputs.X.rows(); ++i)
        cell(shortest_text(inputs.X(i, j)));
    else
      cell(std::to_string(j));
    if (with_true_labels) cell(shortest_text(static_cast<double>(inputs.Y(0, j))));
    for (Index k = 0; k < probabilities.rows(); ++k)
      cell(shortest_text(probabilities(k, j)));
    const double label = static_cast<double>(labels(0, j));
    cell(shortest_text(label));
    if (names) {
      const auto c = static_cast<size_t>(label);
      cell(csv_field(label >= 0 && c < class_names.size() ? class_names[c] : ""));
    }
    out += row + "\n";
  }
  return out;
}

template <class T>
void write_predictions_csv(const std::filesystem::path& path, const Dataset<T>& inputs,
                           const Matrix<T>& probabilities, const Matrix<T>& labels,
                           const std::vector<std::string>& class_names, bool with_true_labels) {
  write_file_atomically(
      path, predictions_csv(inputs, probabilities, labels, class_names, with_true_labels));
}

#define SCRATCHNET_PREDICTIONS_CSV(T)                                                         \
  template std::string predictions_csv(const Dataset<T>&, const Matrix<T>&, const Matrix<T>&, \
                                       const std::vector<std::string>&, bool);                \
  template void write_predictions_csv(const std::filesystem::path&, const Dataset<T>&,        \
                                      const Matrix<T>&, const Matrix<T>&,                     \
                                      const std::vector<std::string>&, bool);
SCRATCHNET_PREDICTIONS_CSV(float)
SCRATCHNET_PREDICTIONS_CSV(double)

}  // namespace scratchnet
