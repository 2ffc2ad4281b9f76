#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "scratchnet/data/data.hpp"
#include "scratchnet/tensor/error.hpp"
#include "scratchnet/tensor/random.hpp"

namespace scratchnet {

namespace {

// The fraction as the user would have typed it ("0.2", not "0.20000000000000001").
std::string shown_fraction(double fraction) {
  std::ostringstream out;
  out << fraction;
  return out.str();
}

// Moves the columns `keep` (ascending) of `m` to its front, in order, and drops the rest.
// Each column moves left or stays, so this works in place; shrinking the columns of a
// column-major matrix is a realloc that keeps the memory, so no second copy is made.
template <class T>
void keep_columns(Matrix<T>& m, const std::vector<Index>& keep) {
  for (size_t to = 0; to < keep.size(); ++to) {
    const auto from = keep[to];
    if (from != static_cast<Index>(to)) m.col(static_cast<Index>(to)) = m.col(from);
  }
  m.conservativeResize(m.rows(), static_cast<Index>(keep.size()));
}

}  // namespace

template <class T>
TrainTestSplit<T> split_validation(Dataset<T> data, double fraction, std::uint32_t seed) {
  const Index m = data.X.cols();
  if (data.Y.cols() != m)
    throw ShapeError("split_validation: " + data.name + " has " + std::to_string(m) +
                     " examples in X but " + std::to_string(data.Y.cols()) +
                     " in Y, expected as many");
  // Named by its RunConfig field: a front-end says it in its words (the CLI: the flag).
  const std::string shown = shown_fraction(fraction);
  if (!(fraction > 0 && fraction < 1))  // also refuses NaN
    throw FieldError("validation_split",
                     shown + ": expected a fraction of the examples between 0 and 1 (e.g. 0.2)");
  const auto held = static_cast<Index>(std::llround(fraction * static_cast<double>(m)));
  if (held < 1 || held > m - 1)
    throw FieldError("validation_split", shown + " of " + std::to_string(m) +
                                             " examples holds out " + std::to_string(held) +
                                             ", expected at least one example in each part");

  // Held out: the first `held` of the permutation; both parts in their original order.
  std::vector<Index> order = NumpyRandom(seed).permutation(m);
  std::vector<Index> test(order.begin(), order.begin() + held);
  std::sort(test.begin(), test.end());
  std::vector<bool> is_test(static_cast<size_t>(m), false);
  for (Index i : test)
    is_test[static_cast<size_t>(i)] = true;
  std::vector<Index> train;
  train.reserve(static_cast<size_t>(m - held));
  for (Index i = 0; i < m; ++i)
    if (!is_test[static_cast<size_t>(i)]) train.push_back(i);

  TrainTestSplit<T> split;
  split.test.name = data.name + " (validation)";
  split.test.X = data.X(Eigen::all, test);
  split.test.Y = data.Y(Eigen::all, test);
  split.test.feature_names = data.feature_names;
  split.test.class_names = data.class_names;
  split.test.images = data.images;

  keep_columns(data.X, train);
  keep_columns(data.Y, train);
  split.train = std::move(data);
  return split;
}

template TrainTestSplit<float> split_validation(Dataset<float>, double, std::uint32_t);
template TrainTestSplit<double> split_validation(Dataset<double>, double, std::uint32_t);

}  // namespace scratchnet
