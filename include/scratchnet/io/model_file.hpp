// Saved models: model.json, a versioned file that holds everything needed to use a trained
// network again — the architecture, the parameters at full precision, the feature crosses,
// the raw feature names, the scalar type — and a checksum of all of it. Loading verifies
// every part and refuses a file that does not match, saying what is wrong.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scratchnet/data/data.hpp"
#include "scratchnet/nn/nn.hpp"

namespace scratchnet {

// The version this scratchnet writes. It reads this one and version 1, which recorded
// neither the loss nor the class names.
inline constexpr int kModelFormatVersion = 2;

template <class T>
struct SavedModel {
  Sequential<T> model;
  std::vector<std::string> feature_names;  // the raw input features, before crosses
  std::vector<FeatureCross> crosses;       // applied to raw inputs before the network
  // The loss it was trained with, which fixes its output layer (sigmoid: one probability of
  // class 1; softmax: one probability per class) and the cost evaluate computes.
  Loss loss = Loss::mse;
  bool loss_recorded = true;  // false for a version-1 file: loss read off the output layer
  // One name per class: K for a softmax output, 2 (class 0 and 1) for a sigmoid output. The
  // data's names where it has them ("T-shirt/top", …), else the indices "0", "1", ….
  std::vector<std::string> class_names;
};

// class_names for a model with this loss and number of outputs: the data's own names when
// it has one per class, else "0", "1", …
std::vector<std::string> class_names_for(Loss loss, Index outputs,
                                         const std::vector<std::string>& data_names);

// A saved model of either scalar type, as float64 (a float32 model's parameters widen
// exactly); the errors of load_model<double>.
SavedModel<double> load_model_as_double(const std::filesystem::path& path);

// Writes `saved` to `path` atomically (temporary file, flush, rename). Refuses (Error) a
// model that load_model would refuse: no layers, shapes that do not chain, crosses naming
// missing features, parameters that are not finite, a layer type other than linear/sigmoid.
// The text save_model writes (checked the same way; `prefix` starts its error messages).
template <class T>
std::string saved_model_text(const SavedModel<T>& saved, const std::string& prefix);
template <class T>
void save_model(const std::filesystem::path& path, const SavedModel<T>& saved);

// Reads and verifies a model file. Throws DataError naming the file and the problem: not
// JSON, not a scratchnet model, unknown version, missing or mistyped field, shapes that do
// not chain, a scalar type other than T, a checksum that does not match the content.
// The file must also be laid out exactly as save_model lays it out, so that a change of
// any single byte is refused, even one the checksum cannot see (a space, 1e-05 → 1E-05).
template <class T>
SavedModel<T> load_model(const std::filesystem::path& path);

// The same from the text of a model file already in memory (the fuzzers' way in: no file
// per input); `name` stands for the path in messages.
template <class T>
SavedModel<T> parse_model(const std::string& text, const std::string& name);

// "fnv1a64:" and the 16 lowercase hex digits of the FNV-1a 64-bit hash of `canonical_json`.
// A model's checksum is this of its content without "checksum", dumped compactly with keys
// sorted (nlohmann::json's dump()).
std::string model_checksum(const std::string& canonical_json);

// For tests and tools that change a model file on purpose: the text of `model_json` (a
// JSON object, any layout, with or without "checksum") laid out as save_model lays it out
// and carrying a fresh checksum of its content. The content itself is not checked. Throws
// DataError if `model_json` is not a JSON object.
std::string resign_model_json(const std::string& model_json);

}  // namespace scratchnet
