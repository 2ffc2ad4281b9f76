#pragma once

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// Element-wise product, as in the feature cross x₃ = x₁·x₂: C = A ⊙ B.
//   A: [n, m], B: [n, m] → C: [n, m]
struct Hadamard {
  static constexpr std::string_view name = "hadamard";
  static constexpr std::string_view formula = "A ⊙ B";
  static constexpr int arity = 2;

  static Shape output_shape(std::span<const Shape> in) {
    if (in[0] != in[1]) detail::throw_shape_error(name, "the two inputs must have one shape", in);
    return in[0];
  }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& C) {
    C.array() = in[0]->array() * in[1]->array();
  }

  // ∂C/∂A = upstream ⊙ B,  ∂C/∂B = upstream ⊙ A
  template <class T>
  static void backward(InputValues<T> in, const Matrix<T>&, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    if (grads[0]) grads[0]->array() += upstream_grad.array() * in[1]->array();
    if (grads[1]) grads[1]->array() += upstream_grad.array() * in[0]->array();
  }

  // ∂(A ⊙ B)/∂A = B, ∂(A ⊙ B)/∂B = A, element-wise.
  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const Matrix<T>&,
                                                         int slot) {
    return {slot == 0 ? "{1}" : "{0}", *in[1 - slot], OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) {
    return {{s[0], s[2]}, {s[0], s[2]}};
  }
};

}  // namespace scratchnet::ops
