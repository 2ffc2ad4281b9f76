#include "scratchnet/random.hpp"

#include <cmath>

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

}  // namespace scratchnet
