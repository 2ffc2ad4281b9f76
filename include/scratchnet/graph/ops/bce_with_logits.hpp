#pragma once

#include <cmath>

#include "scratchnet/graph/op.hpp"

namespace scratchnet::ops {

// Binary cross-entropy of a sigmoid output, computed from its logits Z (Ŷ = σ(Z)):
//   C = 1/m · Σ −[y·log σ(z) + (1 − y)·log(1 − σ(z))]
//     = 1/m · Σ max(z, 0) − z·y + log(1 + e^(−|z|))
// The second form is the same number but never takes log(0) or overflows e^z.
//   Y: [k, m] labels in [0, 1], Z: [k, m] → C: [1, 1]
struct BceWithLogits {
  static constexpr std::string_view name = "bce_with_logits";
  static constexpr std::string_view formula = "1/m·Σ[max(Z,0) − Z⊙Y + log(1 + e^(−|Z|))]";
  static constexpr int arity = 2;

  static Shape output_shape(std::span<const Shape> in) {
    if (in[0] != in[1]) detail::throw_shape_error(name, "Y and Z must have one shape", in);
    return {1, 1};
  }

  template <class T>
  static void forward(InputValues<T> in, Matrix<T>& C) {
    const auto Y = in[0]->array();
    const auto Z = in[1]->array();
    const T m = static_cast<T>(in[1]->cols());
    C(0, 0) = (Z.max(T(0)) - Z * Y + (T(1) + (-Z.abs()).exp()).log()).sum() / m;
  }

  // ∂C/∂Z = (σ(Z) − Y)/m: the sigmoid's and the log's derivatives cancel to this.
  // ∂C/∂Y = −Z/m (Y is data: normally no gradient is wanted).
  template <class T>
  static void backward(InputValues<T> in, const Matrix<T>&, const Matrix<T>& upstream_grad,
                       InputGrads<T> grads) {
    const T m = static_cast<T>(in[1]->cols());
    const T g = upstream_grad(0, 0) / m;
    const auto Z = in[1]->array();
    if (grads[1]) grads[1]->array() += g * (sigmoid(Z) - in[0]->array());
    if (grads[0]) grads[0]->array() -= g * Z;
  }

  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const Matrix<T>&,
                                                         int slot) {
    const T m = static_cast<T>(in[1]->cols());
    const auto Z = in[1]->array();
    if (slot == 1)
      return {"(σ({1})−{0})/m", ((sigmoid(Z) - in[0]->array()) / m).matrix(),
              OpDef<T>::Applied::elementwise};
    return {"−{1}/m", (-Z / m).matrix(), OpDef<T>::Applied::elementwise};
  }

  static std::vector<Shape> example_input_shapes(std::array<Index, 3> s) {
    return {{s[0], s[2]}, {s[0], s[2]}};
  }

 private:
  // σ(z) as 1/(1 + e^−z) for z ≥ 0 and e^z/(1 + e^z) for z < 0: each form is exact where
  // it is used (the other's overflow, in the branch not taken, is never selected).
  template <class Array>
  static auto sigmoid(const Array& Z) {
    using T = typename Array::Scalar;
    return (Z >= T(0)).select(T(1) / (T(1) + (-Z).exp()), Z.exp() / (T(1) + Z.exp()));
  }
};

}  // namespace scratchnet::ops
