#pragma once

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// L2 weight decay as a term of the cost: P = λ/2 · ‖W‖² (sum of the squared weights).
// Added to the cost, it pulls every weight towards 0 by λ·W per step of gradient descent.
//   λ: [1, 1], W: [n, k] → P: [1, 1]
struct L2Penalty {
  static constexpr std::string_view name = "l2_penalty";
  static constexpr std::string_view formula = "λ/2·‖W‖²";
  static constexpr int arity = 2;

  static Shape output_shape(std::span<const Shape> in) {
    if (in[0] != Shape{1, 1}) detail::throw_shape_error(name, "λ must be a 1×1 number", in);
    return {1, 1};
  }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& P) {
    P(0, 0) = (*in[0])(0, 0) / T(2) * in[1]->squaredNorm();
  }

  // ∂P/∂W = λ·W,  ∂P/∂λ = ‖W‖²/2
  template <class T>
  static void backward(InputValues<T> in, const Matrix<T>&, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    const T g = upstream_grad(0, 0);
    if (grads[1]) grads[1]->noalias() += (g * (*in[0])(0, 0)) * *in[1];
    if (grads[0]) (*grads[0])(0, 0) += g * in[1]->squaredNorm() / T(2);
  }

  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const Matrix<T>&,
                                                         int slot) {
    if (slot == 1)
      return {"{0}·{1}", ((*in[0])(0, 0) * *in[1]).eval(), OpDef<T>::Applied::elementwise};
    Matrix<T> half_norm(1, 1);
    half_norm(0, 0) = in[1]->squaredNorm() / T(2);
    return {"‖{1}‖²/2", half_norm, OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) {
    return {{1, 1}, {s[0], s[1]}};
  }
};

}  // namespace scratchnet::ops
