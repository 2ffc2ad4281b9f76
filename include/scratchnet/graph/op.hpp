// What an operation is. An operation is a small struct that keeps its forward rule and its
// backward rule side by side (see include/scratchnet/graph/ops/). The graph stores a pointer to
// the operation's OpDef<T>, a table of plain function pointers made from that struct.
//
// To add an operation: write one header in include/scratchnet/graph/ops/ and add its type to
// `Operations` in include/scratchnet/graph/ops.hpp. Names, listings and the gradient-check test
// all derive from that list.
//
// An operation may take numbers besides its inputs (leaky ReLU's slope, ELU's α): kann and
// ggml keep such op parameters on each node, and so does scratchnet (OpParams). An operation
// that takes them declares `param_names` and `example_params` and receives them as the second
// argument of forward, backward and local_gradient; the others are written without them.
#pragma once

#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "scratchnet/tensor/error.hpp"
#include "scratchnet/tensor/tensor.hpp"

namespace scratchnet {

// The forward values of an operation's inputs, in order.
template <class T>
using InputValues = std::span<const Matrix<T>* const>;

// Where an operation accumulates ∂C/∂input, in input order. A null entry means no gradient
// is wanted for that input (it is data, or nothing trainable lies behind it).
template <class T>
using InputGrads = std::span<Matrix<T>* const>;

// The numbers a node's operation is configured with, in the order of OpDef::param_names
// (e.g. {0.01} for leaky ReLU's negative_slope). Most operations take none.
struct OpParams {
  static constexpr size_t kMax = 4;
  std::array<double, kMax> values{};
  double operator[](size_t i) const { return values[i]; }
  bool operator==(const OpParams&) const = default;
};

template <class T>
struct OpDef {
  std::string_view name;     // e.g. "matmul"
  std::string_view formula;  // e.g. "W·A": shown in listings and pictures
  int arity;                 // number of inputs

  // Output shape from input shapes; throws ShapeError naming the shapes when they don't fit.
  Shape (*output_shape)(std::span<const Shape> inputs);

  // output = f(inputs; params). `output` is already sized; forward must not allocate.
  void (*forward)(InputValues<T> inputs, const OpParams& params, Matrix<T>& output);

  // The chain rule: for every input i with a non-null grad,
  //   input_grads[i] += (local gradient ∂output/∂input_i) applied to upstream_grad.
  // Accumulates (+=), never assigns: a node feeding several consumers sums their gradients.
  void (*backward)(InputValues<T> inputs, const OpParams& params, const Matrix<T>& output,
                   const Matrix<T>& upstream_grad, InputGrads<T> input_grads);

  // The local gradient ∂output/∂input[slot] in the compact form the article writes it
  // (for explanations, not for training): its formula, where {0}, {1} stand for the inputs'
  // names and {out} for the output's, e.g. "{out}⊙(1−{out})" or "{1}ᵀ", and its
  // value. `applied` says how it meets the upstream gradient G: element-wise (G ⊙ local),
  // from the left (G·local), from the right (local·G), summed over the examples
  // (Σ_columns G ⊙ local), or as one Jacobian per example (column) whose formula the
  // value's column fills in (softmax: diag(a) − a·aᵀ).
  enum class Applied {
    elementwise,
    upstream_times_local,
    local_times_upstream,
    row_sum,
    per_example_jacobian
  };
  struct LocalGradient {
    std::string formula;
    Matrix<T> value;
    Applied applied;
  };
  LocalGradient (*local_gradient)(InputValues<T> inputs, const OpParams& params,
                                  const Matrix<T>& output, int slot);

  // Input shapes this operation accepts, built from three sizes; used by gradient checks.
  std::vector<Shape> (*example_input_shapes)(std::array<Index, 3> sizes);

  // The input that holds class indices (0…K−1, K = the rows of the other input) rather than
  // numbers to differentiate, or −1. Gradient checks fill it with valid labels.
  int label_slot = -1;

  // The names of the operation's parameters (empty for most), and values that exercise them
  // in gradient checks and benchmarks.
  std::span<const std::string_view> param_names{};
  OpParams example_params{};
  // Not differentiable everywhere (ReLU's kink at 0): finite differences can disagree with
  // the gradient where an input sits within a step of the kink. Said in gradcheck's notes.
  bool has_kink = false;
};

template <class Op>
constexpr int label_slot_of() {
  if constexpr (requires { Op::label_slot; })
    return Op::label_slot;
  else
    return -1;
}

namespace detail {
// The OpDef entry points of `Op`: its own rules, handed the node's parameters when it takes any.
template <class Op, class T>
struct OpEntryPoints {
  static constexpr bool takes_params = requires { Op::param_names; };

  static void forward(InputValues<T> in, const OpParams& p, Matrix<T>& out) {
    if constexpr (takes_params)
      Op::template forward<T>(in, p, out);
    else
      Op::template forward<T>(in, out);
  }
  static void backward(InputValues<T> in, const OpParams& p, const Matrix<T>& out,
                       const Matrix<T>& upstream, InputGrads<T> grads) {
    if constexpr (takes_params)
      Op::template backward<T>(in, p, out, upstream, grads);
    else
      Op::template backward<T>(in, out, upstream, grads);
  }
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const OpParams& p,
                                                         const Matrix<T>& out, int slot) {
    if constexpr (takes_params)
      return Op::template local_gradient<T>(in, p, out, slot);
    else
      return Op::template local_gradient<T>(in, out, slot);
  }
  static std::span<const std::string_view> param_names() {
    if constexpr (takes_params)
      return Op::param_names;
    else
      return {};
  }
  static OpParams example_params() {
    if constexpr (takes_params)
      return Op::example_params;
    else
      return {};
  }
  static constexpr bool has_kink() {
    if constexpr (requires { Op::has_kink; })
      return Op::has_kink;
    else
      return false;
  }
};
}  // namespace detail

// The OpDef<T> of operation struct `Op`, one static table per (Op, T).
template <class Op, class T>
const OpDef<T>& op_def() {
  using E = detail::OpEntryPoints<Op, T>;
  static const OpDef<T> def{Op::name,
                            Op::formula,
                            Op::arity,
                            &Op::output_shape,
                            &E::forward,
                            &E::backward,
                            &E::local_gradient,
                            &Op::example_input_shapes,
                            label_slot_of<Op>(),
                            E::param_names(),
                            E::example_params(),
                            E::has_kink()};
  return def;
}

namespace detail {
// Throws ShapeError "<op>: <what> (got a×b and c×d)".
[[noreturn]] void throw_shape_error(std::string_view op, std::string_view what,
                                    std::span<const Shape> inputs);
}  // namespace detail

}  // namespace scratchnet
