#include <cmath>

#include "scratchnet/nn/nn.hpp"

namespace scratchnet {

std::string_view to_string(Init init) {
  switch (init) {
    case Init::plain:
      return "plain";
    case Init::xavier:
      return "xavier";
    case Init::he:
      return "he";
  }
  return "?";
}

Init parse_init(std::string_view name) {
  for (Init init : {Init::plain, Init::xavier, Init::he})
    if (to_string(init) == name) return init;
  throw UsageError("unknown initialisation '" + std::string(name) +
                   "' (expected plain, xavier or he)");
}

template <class T>
Matrix<T> initialize_weights(Index n_in, Index n_out, Init ini_type, NumpyRandom& rng) {
  if (n_in < 1 || n_out < 1)
    throw UsageError("a layer needs at least one input and one output, got " +
                     std::to_string(n_in) + " → " + std::to_string(n_out));
  // Drawn in double and scaled in double, as NumPy does, then stored as T.
  Matrix<double> W = rng.randn<double>(n_out, n_in);
  switch (ini_type) {
    case Init::plain:
      W *= 0.01;
      break;
    case Init::xavier:
      W *= std::sqrt(1.0 / static_cast<double>(n_in));
      break;
    case Init::he:
      W *= std::sqrt(2.0 / static_cast<double>(n_in));
      break;
  }
  return W.cast<T>();
}

template Matrix<float> initialize_weights(Index, Index, Init, NumpyRandom&);
template Matrix<double> initialize_weights(Index, Index, Init, NumpyRandom&);

}  // namespace scratchnet
