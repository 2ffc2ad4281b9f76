#pragma once

#include <cmath>
#include <cstdio>
#include <string>

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// Softmax cross-entropy for K classes, computed from the logits Z of each example:
//   C = 1/m · Σⱼ −log softmax(Zⱼ)[yⱼ] = 1/m · Σⱼ (log Σₖ e^(Zₖⱼ) − Z_yⱼ,ⱼ)
// with log Σ e^Z taken as max Z + log Σ e^(Z − max Z), so nothing overflows.
//   Y: [1, m] class indices 0…K−1, Z: [K, m] → C: [1, 1]
struct SoftmaxCrossEntropy {
  static constexpr std::string_view name = "softmax_cross_entropy";
  static constexpr std::string_view formula = "1/m·Σ−log softmax(Z)[Y]";
  static constexpr int arity = 2;
  static constexpr int label_slot = 0;  // Y holds class indices, not numbers to differentiate

  static Shape output_shape(std::span<const Shape> in) {
    if (in[0].rows != 1 || in[0].cols != in[1].cols)
      detail::throw_shape_error(name, "Y must be one row of class indices, one per column of Z",
                                in);
    return {1, 1};
  }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& C) {
    const Matrix<T>& Y = *in[0];
    const Matrix<T>& Z = *in[1];
    T total = 0;
    for (Index j = 0; j < Z.cols(); ++j) {
      const T top = Z.col(j).maxCoeff();
      const T log_sum_exp = top + std::log((Z.col(j).array() - top).exp().sum());
      total += log_sum_exp - Z(class_of(Y(0, j), Z.rows()), j);
    }
    C(0, 0) = total / static_cast<T>(Z.cols());
  }

  // ∂C/∂Z = (softmax(Z) − onehot(Y))/m: the softmax's Jacobian and the log's derivative
  // cancel to this. Y gets no gradient: class indices are not differentiable.
  template <class T>
  static void backward(InputValues<T> in, const Matrix<T>&, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    if (!grads[1]) return;
    const Matrix<T>& Y = *in[0];
    const Matrix<T>& Z = *in[1];
    const T g = upstream_grad(0, 0) / static_cast<T>(Z.cols());
    for (Index j = 0; j < Z.cols(); ++j) {
      const T top = Z.col(j).maxCoeff();
      auto dZ = grads[1]->col(j);
      const T sum = (Z.col(j).array() - top).exp().sum();
      dZ.array() += g / sum * (Z.col(j).array() - top).exp();
      dZ(class_of(Y(0, j), Z.rows())) -= g;
    }
  }

  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const Matrix<T>&,
                                                         int slot) {
    const Matrix<T>& Y = *in[0];
    const Matrix<T>& Z = *in[1];
    if (slot == 0)
      return {"none (class indices)", Matrix<T>::Zero(1, Z.cols()), OpDef<T>::Applied::elementwise};
    Matrix<T> local(Z.rows(), Z.cols());
    for (Index j = 0; j < Z.cols(); ++j) {
      local.col(j).array() = (Z.col(j).array() - Z.col(j).maxCoeff()).exp();
      local.col(j) /= local.col(j).sum();
      local(class_of(Y(0, j), Z.rows()), j) -= T(1);
    }
    return {"(softmax({1})−onehot({0}))/m", local / static_cast<T>(Z.cols()),
            OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) {
    return {{1, s[2]}, {s[0] + 1, s[2]}};
  }

 private:
  // The row of class `label`; a label that is not a class index is refused, never read
  // out of bounds.
  template <class T>
  static Index class_of(T label, Index classes) {
    // Checked before the conversion: a NaN or 1e30 must not reach static_cast<Index>.
    if (!(label >= T(0) && label < static_cast<T>(classes)) || label != std::floor(label))
      throw DataError("softmax_cross_entropy: label " + format_label(label) +
                      " is not a class index 0…" + std::to_string(classes - 1));
    return static_cast<Index>(label);
  }
  template <class T>
  static std::string format_label(T label) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", static_cast<double>(label));
    return text;
  }
};

}  // namespace scratchnet::ops
