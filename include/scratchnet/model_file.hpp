// Saved models: model.json, a versioned file that holds everything needed to use a trained
// network again — the architecture, the parameters at full precision, the feature crosses,
// the raw feature names, the scalar type — and a checksum of all of it. Loading verifies
// every part and refuses a file that does not match, saying what is wrong.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scratchnet/data.hpp"
#include "scratchnet/nn.hpp"

namespace scratchnet {

// The version this scratchnet writes and reads.
inline constexpr int kModelFormatVersion = 1;

template <class T>
struct SavedModel {
  Sequential<T> model;
  std::vector<std::string> feature_names;  // the raw input features, before crosses
  std::vector<FeatureCross> crosses;       // applied to raw inputs before the network
};

// Writes `saved` to `path` atomically (temporary file, flush, rename).
template <class T>
void save_model(const std::filesystem::path& path, const SavedModel<T>& saved);

// Reads and verifies a model file. Throws DataError naming the file and the problem: not
// JSON, not a scratchnet model, unknown version, missing or mistyped field, shapes that do
// not chain, a scalar type other than T, a checksum that does not match the content.
template <class T>
SavedModel<T> load_model(const std::filesystem::path& path);

}  // namespace scratchnet
