// Files: parameters as JSON, cost logs and predictions as CSV. Every write is atomic:
// a temporary file in the same folder, flushed and fsynced, then renamed over the target, so
// a reader never sees half a file, even after a crash.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scratchnet/data/data.hpp"
#include "scratchnet/nn/nn.hpp"
#include "scratchnet/train/train.hpp"

namespace scratchnet {

// The parameters of one linear layer.
template <class T>
struct LayerParams {
  Matrix<T> W;
  Matrix<T> b;
};

// Reads a JSON list with one {"W": [[…]], "b": [[…]]} per linear layer, first layer first
// (the format of initial_params in the reference trajectories). Throws DataError naming
// the file and what is wrong.
template <class T>
std::vector<LayerParams<T>> load_params_json(const std::filesystem::path& path);

// The same from JSON text already in memory (the fuzzers' way in: no file per input);
// `name` stands for the path in messages.
template <class T>
std::vector<LayerParams<T>> parse_params_json(std::string_view text, const std::string& name);

// Sets every linear layer's W and b from `params`; throws ShapeError naming the layer and
// both shapes if they do not match the network. `source` names where they came from.
template <class T>
void set_params(Sequential<T>& model, const std::vector<LayerParams<T>>& params,
                const std::string& source);

// Writes the model's linear-layer parameters in the load_params_json format.
template <class T>
void save_params_json(const std::filesystem::path& path, Sequential<T>& model);

// `epoch,cost`, one row per logged epoch, costs at 17 significant digits.
void write_costs_csv(const std::filesystem::path& path, const CostLog& log);

// predictions.csv, one row per example (column of X):
//   the raw inputs as given (each number's shortest text: 0.9), or for images, whose pixels
//   are too many, `example` (its 0-based column) instead;
//   `true_label`, when `with_true_labels` (from inputs.Y);
//   `probability` (one output: the probability of class 1), or one `probability_<class>`
//   per class (K outputs, a softmax), named by class_names;
//   `label`, the predicted class, and `label_name` when the classes have names.
// A column of ours never takes a feature's name: it gets a leading underscore instead (a
// feature called "label" keeps its name, the prediction becomes "_label").
template <class T>
std::string predictions_csv(const Dataset<T>& inputs, const Matrix<T>& probabilities,
                            const Matrix<T>& labels, const std::vector<std::string>& class_names,
                            bool with_true_labels);
template <class T>
void write_predictions_csv(const std::filesystem::path& path, const Dataset<T>& inputs,
                           const Matrix<T>& probabilities, const Matrix<T>& labels,
                           const std::vector<std::string>& class_names, bool with_true_labels);

// A CSV cell holding `text`: as it is, or quoted (quotes doubled) when it holds a comma, a
// quote, a line break or spaces at its ends.
std::string csv_field(const std::string& text);

// A fresh temporary file name next to `path` (same folder, so a rename is atomic).
std::filesystem::path temporary_path_for(const std::filesystem::path& path);

// Writes `content` to `path` atomically: a temporary file next to it, flushed and fsynced,
// renamed over `path`, then the folder fsynced so the rename itself survives a crash.
// `before_rename`, if given, is called with the complete temporary file just before the
// rename (a hook for fault-injection tests). Throws Error naming the file on failure.
void write_file_atomically(
    const std::filesystem::path& path, const std::string& content,
    const std::function<void(const std::filesystem::path&)>& before_rename = {});

// A number with 17 significant digits: enough to read back the same double.
std::string full_precision(double value);

}  // namespace scratchnet
