#include "scratchnet/tensor/random.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <utility>

#include "scratchnet/tensor/error.hpp"

namespace scratchnet {

double NumpyRandom::uniform() {
  // NumPy's rk_double: 27 + 26 bits → a double in [0, 1).
  const std::uint32_t a = engine_() >> 5;
  const std::uint32_t b = engine_() >> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

double NumpyRandom::standard_normal() {
  if (cached_gauss_) {
    const double value = *cached_gauss_;
    cached_gauss_.reset();
    return value;
  }
  double x1, x2, r2;
  do {
    x1 = 2.0 * uniform() - 1.0;
    x2 = 2.0 * uniform() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  const double f = std::sqrt(-2.0 * std::log(r2) / r2);
  cached_gauss_ = f * x1;
  return f * x2;
}

std::uint64_t NumpyRandom::interval(std::uint64_t max) {
  if (max == 0) return 0;  // NumPy draws nothing then, so neither do we
  std::uint64_t mask = max;
  for (int shift = 1; shift <= 32; shift *= 2)
    mask |= mask >> shift;
  std::uint64_t value;
  if (max <= 0xffffffffULL) {
    do {
      value = engine_() & mask;
    } while (value > max);
  } else {
    do {
      const std::uint64_t high = engine_();
      value = ((high << 32) | engine_()) & mask;
    } while (value > max);
  }
  return value;
}

std::vector<Index> NumpyRandom::permutation(Index n) {
  std::vector<Index> order(static_cast<size_t>(std::max<Index>(n, 0)));
  std::iota(order.begin(), order.end(), Index{0});
  shuffle(order);
  return order;
}

void NumpyRandom::shuffle(std::span<Index> values) {
  for (size_t i = values.size(); i-- > 1;)
    std::swap(values[i], values[static_cast<size_t>(interval(static_cast<std::uint64_t>(i)))]);
}

// std::mt19937 exposes its state only as text: the standard guarantees that reading it back
// gives an engine that continues the same stream. libstdc++ writes the 624 words and then
// the position in them; libc++ only the words, rotated.
NumpyRandom::State NumpyRandom::state() const {
  std::stringstream text;
  text << engine_;
  State s;
  s.engine.reserve(std::mt19937::state_size + 1);
  for (std::uint32_t word = 0; text >> word;)
    s.engine.push_back(word);
  s.cached_gauss = cached_gauss_;
  return s;
}

void NumpyRandom::set_state(const State& s) {
  const size_t n = std::mt19937::state_size;
  if ((s.engine.size() != n && s.engine.size() != n + 1) ||
      (s.engine.size() == n + 1 && s.engine.back() > n))
    throw DataError("random generator state: expected " + std::to_string(std::mt19937::state_size) +
                    " words (and a position), got " + std::to_string(s.engine.size()) + " numbers");
  std::stringstream text;
  for (std::uint32_t word : s.engine)
    text << word << ' ';
  std::mt19937 engine;
  if (!(text >> engine)) throw DataError("random generator state: not an MT19937 state");
  engine_ = engine;
  cached_gauss_ = s.cached_gauss;
}

}  // namespace scratchnet
