#pragma once

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// The rectified linear unit: A = max(0, Z), element-wise.
//   Z: [n, m] → A: [n, m]
struct ReLU {
  static constexpr std::string_view name = "relu";
  static constexpr std::string_view formula = "max(0, Z)";
  static constexpr int arity = 1;
  static constexpr bool has_kink = true;  // at 0

  static Shape output_shape(std::span<const Shape> in) { return in[0]; }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& A) {
    A.array() = in[0]->array().max(T(0));
  }

  // ∂C/∂Z = upstream ⊙ [Z > 0]; A > 0 exactly where Z > 0, so the output tells.
  template <class T>
  static void backward(InputValues<T>, const Matrix<T>& A, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    if (grads[0]) grads[0]->array() += (A.array() > T(0)).select(upstream_grad.array(), T(0));
  }

  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T>, const Matrix<T>& A, int) {
    return {"[{out} > 0]", (A.array() > T(0)).template cast<T>().matrix(),
            OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) { return {{s[0], s[2]}}; }
};

}  // namespace scratchnet::ops
