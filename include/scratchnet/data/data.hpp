// Datasets. Inside scratchnet examples are the *columns* of X (features × m) and Y (1 × m).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scratchnet/tensor/tensor.hpp"

namespace scratchnet {

template <class T>
struct Dataset {
  std::string name;
  Matrix<T> X;                             // features × m
  Matrix<T> Y;                             // 1 × m: labels 0 or 1, or class indices 0..K-1
  std::vector<std::string> feature_names;  // one per row of X
  // Names of the classes 0..K-1 when labels are classes; empty for 0/1 labels.
  std::vector<std::string> class_names;
  // Each example is an image (IDX files): its features are pixels, too many to echo in a
  // predictions file.
  bool images = false;
};

// Two parts of a dataset: one to learn from, one to measure on.
template <class T>
struct TrainTestSplit {
  Dataset<T> train;
  Dataset<T> test;
};

// Holds out round(fraction · m) examples (halves rounded away from zero) as `test`, named
// "<name> (validation)"; the rest become `train`. The held-out examples are the first ones of
// NumpyRandom(seed).permutation(m), i.e. of np.random.RandomState(seed).permutation(m), so
// a NumPy script can pick the same ones. Within each part examples keep their original
// order. Feature and class names are copied. Takes `data` by value and reuses its memory for
// `train`, so the peak is the data plus the held-out part. Throws UsageError (naming
// --validation-split) unless 0 < fraction < 1 and each part gets at least one example.
template <class T>
TrainTestSplit<T> split_validation(Dataset<T> data, double fraction, std::uint32_t seed);

// The built-in logic gates ("or", "and", "xor"): x₁, x₂ ∈ {0, 1}, four examples in the order
// (0,0), (0,1), (1,0), (1,1). Throws UsageError for any other name.
template <class T>
Dataset<T> gate_dataset(std::string_view name);

// The names gate_dataset accepts.
std::vector<std::string> gate_names();

// A feature cross: a new feature x_a · x_b (SPEC Part I.9), appended as a row of X — or,
// with `sine`, sin x_a (the Playground's sin x₁, which lets a network bend its boundary
// periodically without a hidden layer).
struct FeatureCross {
  int a = 0;
  int b = 0;  // equal to a for a sine
  bool sine = false;
  std::string str() const {
    return sine ? "sin(" + std::to_string(a) + ")" : std::to_string(a) + "*" + std::to_string(b);
  }
};

// Parses "0*1", "sin(0)" or a comma-separated list ("0*1,1*1,sin(1)"). Indices are 0-based
// feature rows. Throws UsageError.
std::vector<FeatureCross> parse_crosses(std::string_view text);

// X with one row appended per cross, row a ⊙ row b of the *raw* features. The same function
// is applied to training data, to new inputs and to plotting grids. Throws UsageError
// when a cross names a feature X does not have.
template <class T>
Matrix<T> apply_crosses(const Matrix<T>& X, const std::vector<FeatureCross>& crosses);

// Feature names with the crosses' names ("x1*x2") appended.
std::vector<std::string> crossed_names(const std::vector<std::string>& names,
                                       const std::vector<FeatureCross>& crosses);

// Appends the crosses to a dataset's X and feature names.
template <class T>
void add_crosses(Dataset<T>& data, const std::vector<FeatureCross>& crosses) {
  data.X = apply_crosses(data.X, crosses);
  data.feature_names = crossed_names(data.feature_names, crosses);
}

}  // namespace scratchnet
