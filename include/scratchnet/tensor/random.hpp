// Reproducible randomness, stream-compatible with NumPy's legacy generator
// (np.random.seed / np.random.randn), so the article's seeded runs are reproduced exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <vector>

#include "scratchnet/tensor/tensor.hpp"

namespace scratchnet {

class NumpyRandom {
 public:
  // Same as np.random.seed(seed): MT19937 seeded with init_genrand(seed).
  explicit NumpyRandom(std::uint32_t seed) : engine_(seed) {}

  // Uniform double in [0, 1) with 53 random bits (NumPy's random_sample).
  double uniform();

  // Standard normal by the Marsaglia polar method, values produced in pairs (legacy gauss).
  double standard_normal();

  // randn(rows, cols), filled row-major like NumPy's C-order arrays:
  // W(0,0), W(0,1), …, W(1,0), …
  template <class T>
  Matrix<T> randn(Index rows, Index cols);

  // 0..n-1 shuffled exactly as np.random.RandomState(seed).permutation(n) shuffles them
  // (Fisher–Yates from the end, each index drawn by masked rejection), using the same
  // draws from the stream. Empty for n <= 0.
  std::vector<Index> permutation(Index n);

  // Shuffles `values` in place as np.random.RandomState.shuffle does; allocates nothing.
  void shuffle(std::span<Index> values);

  // The generator's full state, to continue its stream exactly in another process (a
  // training checkpoint): the MT19937 words and position, and the second Gaussian of a
  // pair when one is waiting.
  struct State {
    std::vector<std::uint32_t> engine;  // 624 state words (libstdc++: then the position)
    std::optional<double> cached_gauss;
  };
  State state() const;
  // Throws DataError if `state.engine` is not a state this generator can hold.
  void set_state(const State& state);

 private:
  // An integer uniform in [0, max] as NumPy's legacy random_interval draws it: the smallest
  // all-ones mask covering max, retried until the masked value is <= max; 32-bit draws
  // when max fits in 32 bits, else 64-bit ones (high word first).
  std::uint64_t interval(std::uint64_t max);

  std::mt19937 engine_;
  std::optional<double> cached_gauss_;
};

template <class T>
Matrix<T> NumpyRandom::randn(Index rows, Index cols) {
  Matrix<T> m(rows, cols);
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c)
      m(r, c) = static_cast<T>(standard_normal());
  return m;
}

}  // namespace scratchnet
