#pragma once

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// The hyperbolic tangent: A = tanh(Z), element-wise.
//   Z: [n, m] → A: [n, m]
struct Tanh {
  static constexpr std::string_view name = "tanh";
  static constexpr std::string_view formula = "tanh(Z)";
  static constexpr int arity = 1;

  static Shape output_shape(std::span<const Shape> in) { return in[0]; }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& A) {
    A.array() = in[0]->array().tanh();
  }

  // ∂C/∂Z = upstream ⊙ (1 − A²)
  template <class T>
  static void backward(InputValues<T>, const Matrix<T>& A, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    if (grads[0]) grads[0]->array() += upstream_grad.array() * (T(1) - A.array().square());
  }

  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T>, const Matrix<T>& A, int) {
    return {"1−{out}²", (T(1) - A.array().square()).matrix(), OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) { return {{s[0], s[2]}}; }
};

}  // namespace scratchnet::ops
