// The data floor's user-visible choice: the built-in datasets, one registry entry each (name,
// one-line help, how to load it). --data's help, RunConfig's data field and the message for an
// unknown name read this list; a new built-in dataset is one entry plus its test.
#pragma once

#include <span>
#include <string>
#include <type_traits>

#include "scratchnet/data/data.hpp"
#include "scratchnet/data/plane.hpp"
#include "scratchnet/tensor/choice.hpp"

namespace scratchnet {

struct DatasetEntry : ChoiceInfo {
  bool has_test_split = false;  // comes with test examples of its own (then `test` is filled)
  TrainTestSplit<float> (*load_float)(const PlaneOptions&) = nullptr;
  TrainTestSplit<double> (*load_double)(const PlaneOptions&) = nullptr;
  // Drawn from PlaneOptions (points, noise, seed); the others are fixed and ignore them.
  bool generated = false;

  template <class T>
  TrainTestSplit<T> load(const PlaneOptions& options = {}) const {
    if constexpr (std::is_same_v<T, float>)
      return load_float(options);
    else
      return load_double(options);
  }
};
std::span<const DatasetEntry> dataset_registry();

// The entry called `name` (any case: "XOR" is xor), or nullptr.
const DatasetEntry* find_builtin_dataset(std::string_view name);

}  // namespace scratchnet
