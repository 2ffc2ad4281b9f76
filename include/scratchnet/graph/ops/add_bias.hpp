#pragma once

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// Bias add, broadcast over the example columns: Z = Z' + b.
//   Z': [n, m], b: [n, 1] → Z: [n, m]
struct AddBias {
  static constexpr std::string_view name = "add_bias";
  static constexpr std::string_view formula = "Z + b";
  static constexpr int arity = 2;

  static Shape output_shape(std::span<const Shape> in) {
    if (in[1].cols != 1 || in[1].rows != in[0].rows)
      detail::throw_shape_error(name, "the bias must be a column with one row per output row", in);
    return in[0];
  }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& Z) {
    Z.noalias() = in[0]->colwise() + in[1]->col(0);
  }

  // ∂C/∂Z' = upstream (local gradient 1)
  // ∂C/∂b  = row sums of upstream: b feeds every example, so its gradient is the sum over
  //          all the paths (SPEC Part I.8).
  template <class T>
  static void backward(InputValues<T>, const Matrix<T>&, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    if (grads[0]) *grads[0] += upstream_grad;
    if (grads[1]) grads[1]->noalias() += upstream_grad.rowwise().sum();
  }

  // ∂(Z + b)/∂Z = 1 element-wise; ∂(Z + b)/∂b = 1 for every example, summed over them.
  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const Matrix<T>&,
                                                         int slot) {
    using A = typename OpDef<T>::Applied;
    return {"1", Matrix<T>::Ones(in[0]->rows(), in[0]->cols()),
            slot == 0 ? A::elementwise : A::row_sum};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) {
    return {{s[0], s[2]}, {s[0], 1}};
  }
};

}  // namespace scratchnet::ops
