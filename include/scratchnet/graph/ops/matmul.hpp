#pragma once

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// Matrix product, the heart of the linear node: Z = W·A.
//   W: [n_out, n_in], A: [n_in, m] → Z: [n_out, m]
struct MatMul {
  static constexpr std::string_view name = "matmul";
  static constexpr std::string_view formula = "W·A";
  static constexpr int arity = 2;

  static Shape output_shape(std::span<const Shape> in) {
    if (in[0].cols != in[1].rows)
      detail::throw_shape_error(name, "inner sizes differ, W·A needs W.cols == A.rows", in);
    return {in[0].rows, in[1].cols};
  }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& Z) {
    Z.noalias() = *in[0] * *in[1];
  }

  // ∂C/∂W = upstream·Aᵀ   ([n_out, m]·[m, n_in] = [n_out, n_in], the shape of W)
  // ∂C/∂A = Wᵀ·upstream   ([n_in, n_out]·[n_out, m] = [n_in, m], the shape of A)
  template <class T>
  static void backward(InputValues<T> in, const Matrix<T>&, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    if (grads[0]) grads[0]->noalias() += upstream_grad * in[1]->transpose();
    if (grads[1]) grads[1]->noalias() += in[0]->transpose() * upstream_grad;
  }

  // ∂(W·A)/∂W acts as ·Aᵀ from the right; ∂(W·A)/∂A acts as Wᵀ· from the left.
  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const Matrix<T>&,
                                                         int slot) {
    using A = typename OpDef<T>::Applied;
    if (slot == 0) return {"{1}ᵀ", in[1]->transpose(), A::upstream_times_local};
    return {"{0}ᵀ", in[0]->transpose(), A::local_times_upstream};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) {
    return {{s[0], s[1]}, {s[1], s[2]}};
  }
};

}  // namespace scratchnet::ops
