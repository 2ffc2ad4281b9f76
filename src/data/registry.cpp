// The entries of the data floor's registry (include/scratchnet/data/registry.hpp).
#include "scratchnet/data/registry.hpp"

#include <algorithm>
#include <vector>

#include "scratchnet/data/idx.hpp"

namespace scratchnet {
namespace {

template <class T, const char* Name>
TrainTestSplit<T> gate(const PlaneOptions&) {
  return {gate_dataset<T>(Name), {}};
}
constexpr char kOr[] = "or", kAnd[] = "and", kXor[] = "xor";

template <class T>
TrainTestSplit<T> fashion_mnist(const PlaneOptions&) {
  return load_fashion_mnist<T>();
}

template <class T, const char* Name>
TrainTestSplit<T> plane(const PlaneOptions& options) {
  return {plane_dataset<T>(Name, options), {}};
}
constexpr char kCircle[] = "circle", kQuadrants[] = "quadrants", kGaussians[] = "gaussians",
               kSpiral[] = "spiral", kBlobs3[] = "blobs3";

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
      {{"circle", "a disc (class 1) inside a ring (class 0): points in the plane, drawn by seed"},
       false,
       &plane<float, kCircle>,
       &plane<double, kCircle>,
       true},
      {{"quadrants", "the four quadrants of XOR: class 1 where x1 and x2 have opposite signs"},
       false,
       &plane<float, kQuadrants>,
       &plane<double, kQuadrants>,
       true},
      {{"gaussians", "two Gaussian blobs, around (−0.5, −0.5) (class 0) and (0.5, 0.5)"},
       false,
       &plane<float, kGaussians>,
       &plane<double, kGaussians>,
       true},
      {{"spiral", "two interleaved spirals, one per class"},
       false,
       &plane<float, kSpiral>,
       &plane<double, kSpiral>,
       true},
      {{"blobs3", "three Gaussian blobs, classes 0, 1, 2 (with --loss softmax-ce)"},
       false,
       &plane<float, kBlobs3>,
       &plane<double, kBlobs3>,
       true},
  };
  return entries;
}

const DatasetEntry* find_builtin_dataset(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  return try_find_choice(dataset_registry(), lower);
}

}  // namespace scratchnet
