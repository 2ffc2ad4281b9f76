#pragma once

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// The article's cost: the mean squared-error loss over the batch,
//   C = 1/(2m) · Σᵢ (yᵢ − ŷᵢ)²      (the ½ cancels on differentiation)
//   Y: [k, m], Ŷ: [k, m] → C: [1, 1]
struct SquaredErrorCost {
  static constexpr std::string_view name = "squared_error_cost";
  static constexpr std::string_view formula = "1/(2m)·Σ(Y−Ŷ)²";
  static constexpr int arity = 2;

  static Shape output_shape(std::span<const Shape> in) {
    if (in[0] != in[1]) detail::throw_shape_error(name, "Y and Ŷ must have one shape", in);
    return {1, 1};
  }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& C) {
    const T m = static_cast<T>(in[0]->cols());
    C(0, 0) = T(1) / (T(2) * m) * (*in[0] - *in[1]).squaredNorm();
  }

  // ∂C/∂Ŷ = −(Y − Ŷ)/m,  ∂C/∂Y = (Y − Ŷ)/m   (Y is data: normally no gradient is wanted)
  template <class T>
  static void backward(InputValues<T> in, const Matrix<T>&, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    const T m = static_cast<T>(in[0]->cols());
    const T g = upstream_grad(0, 0);
    if (grads[1]) grads[1]->array() += g * (T(-1) / m) * (in[0]->array() - in[1]->array());
    if (grads[0]) grads[0]->array() += g * (T(1) / m) * (in[0]->array() - in[1]->array());
  }

  // ∂C/∂Ŷ = −(Y − Ŷ)/m, ∂C/∂Y = (Y − Ŷ)/m, element-wise.
  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const Matrix<T>&,
                                                         int slot) {
    const T sign = slot == 1 ? T(-1) : T(1);
    const T m = static_cast<T>(in[0]->cols());
    return {slot == 1 ? "−({0}−{1})/m" : "({0}−{1})/m",
            (sign / m * (*in[0] - *in[1]).array()).matrix(), OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) {
    return {{s[0], s[2]}, {s[0], s[2]}};
  }
};

}  // namespace scratchnet::ops
