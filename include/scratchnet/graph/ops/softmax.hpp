#pragma once

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// Softmax over each example (column): Aᵢ = e^(Zᵢ) / Σₖ e^(Zₖ).
//   Z: [K, m] → A: [K, m], every column a probability distribution over K classes.
// Computed as e^(Zᵢ − max Z) / Σₖ e^(Zₖ − max Z): the same value, but no e^Z can overflow.
struct Softmax {
  static constexpr std::string_view name = "softmax";
  static constexpr std::string_view formula = "softmax(Z)";
  static constexpr int arity = 1;

  static Shape output_shape(std::span<const Shape> in) { return in[0]; }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& A) {
    const Matrix<T>& Z = *in[0];
    for (Index j = 0; j < Z.cols(); ++j) {
      A.col(j).array() = (Z.col(j).array() - Z.col(j).maxCoeff()).exp();
      A.col(j) /= A.col(j).sum();
    }
  }

  // The Jacobian of one column is diag(A) − A·Aᵀ, so
  //   ∂C/∂Z = A ⊙ (upstream − Σᵢ upstreamᵢ·Aᵢ)   per column.
  template <class T>
  static void backward(InputValues<T>, const Matrix<T>& A, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    if (!grads[0]) return;
    for (Index j = 0; j < A.cols(); ++j) {
      const T dot = A.col(j).dot(upstream_grad.col(j));
      grads[0]->col(j).array() += A.col(j).array() * (upstream_grad.col(j).array() - dot);
    }
  }

  // Shown per example: the value is A; the local gradient of column j is diag(Aⱼ) − AⱼAⱼᵀ.
  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T>, const Matrix<T>& A, int) {
    return {"diag({out})−{out}·{out}ᵀ", A, OpDef<T>::Applied::per_example_jacobian};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) { return {{s[0], s[2]}}; }
};

}  // namespace scratchnet::ops
