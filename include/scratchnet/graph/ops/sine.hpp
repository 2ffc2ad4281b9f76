#pragma once

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// The sine as an activation: A = sin(Z), element-wise. The article: "any non-linear
// function, even sin, cos, tan, can serve" as an activation.
//   Z: [n, m] → A: [n, m]
struct Sine {
  static constexpr std::string_view name = "sin";
  static constexpr std::string_view formula = "sin(Z)";
  static constexpr int arity = 1;

  static Shape output_shape(std::span<const Shape> in) { return in[0]; }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& A) {
    A.array() = in[0]->array().sin();
  }

  // ∂C/∂Z = upstream ⊙ cos(Z)
  template <class T>
  static void backward(InputValues<T> in, const Matrix<T>&, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    if (grads[0]) grads[0]->array() += upstream_grad.array() * in[0]->array().cos();
  }

  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const Matrix<T>&, int) {
    return {"cos({0})", in[0]->array().cos().matrix(), OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) { return {{s[0], s[2]}}; }
};

}  // namespace scratchnet::ops
