// The entries of the data floor's registry (include/scratchnet/data/registry.hpp).
#include "scratchnet/data/registry.hpp"

#include <algorithm>
#include <vector>

#include "scratchnet/data/idx.hpp"

namespace scratchnet {
namespace {

template <class T, const char* Name>
TrainTestSplit<T> gate() {
  return {gate_dataset<T>(Name), {}};
}
constexpr char kOr[] = "or", kAnd[] = "and", kXor[] = "xor";

template <class T>
TrainTestSplit<T> fashion_mnist() {
  return load_fashion_mnist<T>();
}

}  // namespace

std::span<const DatasetEntry> dataset_registry() {
  static const std::vector<DatasetEntry> entries = {
      {{"or", "the OR gate: 4 examples, features x1, x2"},
       false,
       &gate<float, kOr>,
       &gate<double, kOr>},
      {{"and", "the AND gate: 4 examples"}, false, &gate<float, kAnd>, &gate<double, kAnd>},
      {{"xor", "the XOR gate, the article's: 4 examples"},
       false,
       &gate<float, kXor>,
       &gate<double, kXor>},
      {{"fashion-mnist",
        "70000 28×28 images of 10 kinds of clothing, from Debian's dataset-fashion-mnist; its "
        "10000 "
        "test images are used for evaluation"},
       true,
       &fashion_mnist<float>,
       &fashion_mnist<double>},
  };
  return entries;
}

const DatasetEntry* find_builtin_dataset(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  return try_find_choice(dataset_registry(), lower);
}

}  // namespace scratchnet
