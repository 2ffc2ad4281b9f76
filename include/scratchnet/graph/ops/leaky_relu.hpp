#pragma once

#include <array>

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// The leaky rectified linear unit: A = Z where Z > 0, else a·Z (a: negative_slope, a node
// parameter; PyTorch's LeakyReLU). A small slope keeps a gradient flowing where ReLU's is 0.
//   Z: [n, m] → A: [n, m]
struct LeakyReLU {
  static constexpr std::string_view name = "leaky_relu";
  static constexpr std::string_view formula = "max(a·Z, Z)";
  static constexpr int arity = 1;
  static constexpr bool has_kink = true;  // at 0
  static constexpr std::array<std::string_view, 1> param_names{"negative_slope"};
  static constexpr OpParams example_params{{0.2}};

  static Shape output_shape(std::span<const Shape> in) { return in[0]; }

  template <class T>
  static void forward(InputValues<T> in, const OpParams& p, Matrix<T>& A) {
    const T a = static_cast<T>(p[0]);
    A.array() = (in[0]->array() > T(0)).select(in[0]->array(), a * in[0]->array());
  }

  // ∂C/∂Z = upstream ⊙ (1 where Z > 0, else a)
  template <class T>
  static void backward(InputValues<T> in, const OpParams& p, const Matrix<T>&,
                       const Matrix<T>& upstream_grad, InputGrads<T> grads) {
    const T a = static_cast<T>(p[0]);
    if (grads[0])
      grads[0]->array() +=
          (in[0]->array() > T(0)).select(upstream_grad.array(), a * upstream_grad.array());
  }

  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const OpParams& p,
                                                         const Matrix<T>&, int) {
    const T a = static_cast<T>(p[0]);
    return {"1 where {0} > 0, else a",
            (in[0]->array() > T(0))
                .select(Matrix<T>::Ones(in[0]->rows(), in[0]->cols()).array(), a)
                .matrix(),
            OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) { return {{s[0], s[2]}}; }
};

}  // namespace scratchnet::ops
