#pragma once

#include <array>

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// The exponential linear unit: A = Z where Z > 0, else α·(e^Z − 1) (α: alpha, a node
// parameter, 1 by default as in PyTorch's ELU). Smooth for α = 1, and its negative outputs
// pull the mean activation towards 0.
//   Z: [n, m] → A: [n, m]
struct Elu {
  static constexpr std::string_view name = "elu";
  static constexpr std::string_view formula = "Z if Z > 0, else α(e^Z − 1)";
  static constexpr int arity = 1;
  static constexpr bool has_kink = true;  // at 0, unless α = 1
  static constexpr std::array<std::string_view, 1> param_names{"alpha"};
  static constexpr OpParams example_params{{0.7}};

  static Shape output_shape(std::span<const Shape> in) { return in[0]; }

  template <class T>
  static void forward(InputValues<T> in, const OpParams& p, Matrix<T>& A) {
    const T alpha = static_cast<T>(p[0]);
    // expm1 keeps e^Z − 1 exact for Z near 0, as torch does.
    A.array() =
        (in[0]->array() > T(0)).select(in[0]->array(), alpha * in[0]->array().min(T(0)).expm1());
  }

  // ∂C/∂Z = upstream ⊙ (1 where Z > 0, else α·e^Z = A + α)
  template <class T>
  static void backward(InputValues<T> in, const OpParams& p, const Matrix<T>& A,
                       const Matrix<T>& upstream_grad, InputGrads<T> grads) {
    const T alpha = static_cast<T>(p[0]);
    if (grads[0])
      grads[0]->array() +=
          (in[0]->array() > T(0))
              .select(upstream_grad.array(), upstream_grad.array() * (A.array() + alpha));
  }

  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const OpParams& p,
                                                         const Matrix<T>& A, int) {
    const T alpha = static_cast<T>(p[0]);
    return {"1 where {0} > 0, else {out} + α",
            (in[0]->array() > T(0))
                .select(Matrix<T>::Ones(A.rows(), A.cols()).array(), A.array() + alpha)
                .matrix(),
            OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) { return {{s[0], s[2]}}; }
};

}  // namespace scratchnet::ops
