#pragma once

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// Sum of two values of one shape, e.g. a cost and a penalty: C = A + B.
//   A: [n, m], B: [n, m] → C: [n, m]
struct Add {
  static constexpr std::string_view name = "add";
  static constexpr std::string_view formula = "A + B";
  static constexpr int arity = 2;

  static Shape output_shape(std::span<const Shape> in) {
    if (in[0] != in[1]) detail::throw_shape_error(name, "A and B must have one shape", in);
    return in[0];
  }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& C) {
    C.noalias() = *in[0] + *in[1];
  }

  // ∂C/∂A = ∂C/∂B = upstream (local gradient 1): a sum passes its gradient to both.
  template <class T>
  static void backward(InputValues<T>, const Matrix<T>&, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    if (grads[0]) *grads[0] += upstream_grad;
    if (grads[1]) *grads[1] += upstream_grad;
  }

  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const Matrix<T>&, int) {
    return {"1", Matrix<T>::Ones(in[0]->rows(), in[0]->cols()), OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) {
    return {{s[0], s[2]}, {s[0], s[2]}};
  }
};

}  // namespace scratchnet::ops
