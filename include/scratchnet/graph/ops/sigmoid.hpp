#pragma once

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// The logistic activation: A = σ(Z) = 1 / (1 + e^(−Z)), element-wise.
//   Z: [n, m] → A: [n, m]
// For very negative Z, e^(−Z) overflows to +inf and σ rounds to 0: no NaN can arise.
struct Sigmoid {
  static constexpr std::string_view name = "sigmoid";
  static constexpr std::string_view formula = "σ(Z)";
  static constexpr int arity = 1;

  static Shape output_shape(std::span<const Shape> in) { return in[0]; }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& A) {
    A.array() = T(1) / (T(1) + (-in[0]->array()).exp());
  }

  // ∂C/∂Z = upstream ⊙ σ(Z)(1 − σ(Z)) = upstream ⊙ A ⊙ (1 − A)
  template <class T>
  static void backward(InputValues<T>, const Matrix<T>& A, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    if (grads[0]) grads[0]->array() += upstream_grad.array() * A.array() * (T(1) - A.array());
  }

  // ∂σ(Z)/∂Z = σ(Z)(1 − σ(Z)) = A ⊙ (1 − A)
  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T>, const Matrix<T>& A, int) {
    return {"{out}⊙(1−{out})", (A.array() * (T(1) - A.array())).matrix(),
            OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) { return {{s[0], s[2]}}; }
};

}  // namespace scratchnet::ops
