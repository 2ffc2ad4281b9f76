#include <cmath>

#include "scratchnet/nn/nn.hpp"

namespace scratchnet {

std::string_view to_string(Init init) {
  for (const InitEntry& e : init_registry())
    if (e.init == init) return e.name;
  return "?";
}

Init parse_init(std::string_view name) {
  return find_choice(init_registry(), name, "init").init;
}

template <class T>
Matrix<T> initialize_weights(Index n_in, Index n_out, Init ini_type, NumpyRandom& rng) {
  if (n_in < 1 || n_out < 1)
    throw UsageError("a layer needs at least one input and one output, got " +
                     std::to_string(n_in) + " → " + std::to_string(n_out));
  // Drawn in double and scaled in double, as NumPy does, then stored as T.
  Matrix<double> W = rng.randn<double>(n_out, n_in);
  for (const InitEntry& e : init_registry())
    if (e.init == ini_type) W *= e.scale(static_cast<double>(n_in));
  return W.cast<T>();
}

template Matrix<float> initialize_weights(Index, Index, Init, NumpyRandom&);
template Matrix<double> initialize_weights(Index, Index, Init, NumpyRandom&);

}  // namespace scratchnet
