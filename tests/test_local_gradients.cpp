// What `explain` shows agrees with what training uses: for every registered operation and
// every input slot, its local gradient (OpDef::local_gradient), applied to a random upstream
// gradient as its `applied` says, is what its backward accumulates into that input's
// gradient — in float64, to 1e-12. The walk reads the registry, so a newly registered
// operation is checked without editing this file.
#include <functional>

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

using Applied = OpDef<double>::Applied;
using LocalGradient = OpDef<double>::LocalGradient;

constexpr double kAgreement = 1e-12;

// max |a − b| / max |b| (or max |a| when b is all zeros): relative to the matrix's scale, so
// that an entry that cancels to nearly 0 (softmax's G − a·G) is not held to a relative
// error of its own. Infinity when the shapes differ.
double disagreement(const Matrix<double>& a, const Matrix<double>& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return std::numeric_limits<double>::infinity();
  if (a.size() == 0) return 0;
  const double scale = b.cwiseAbs().maxCoeff();
  const double difference = (a - b).cwiseAbs().maxCoeff();
  return scale == 0 ? difference : difference / scale;
}

std::string shape_of(const Matrix<double>& m) {
  return std::to_string(m.rows()) + "×" + std::to_string(m.cols());
}

// per_example_jacobian: the Jacobian ∂out_j/∂in_j of one example, from the column j of the
// local gradient's value, as its formula says. One entry per formula an operation uses; an
// operation with a new one fails below until its Jacobian is written here.
using ColumnJacobian = std::function<Matrix<double>(const Matrix<double>& column)>;
const std::vector<std::pair<std::string, ColumnJacobian>>& column_jacobians() {
  static const std::vector<std::pair<std::string, ColumnJacobian>> table = {
      // softmax: value A, Jacobian diag(a) − a·aᵀ
      {"diag({out})−{out}·{out}ᵀ",
       [](const Matrix<double>& a) {
         return Matrix<double>(Matrix<double>(a.asDiagonal()) - a * a.transpose());
       }},
  };
  return table;
}

// The local gradient of one slot met with the upstream gradient G, as `local.applied` says;
// `input` is the input's shape (what the result must have). Empty with a failure when the
// local gradient cannot be applied (shapes that do not fit, an unknown Jacobian formula).
Matrix<double> apply_local(const LocalGradient& local, const Matrix<double>& G, Shape input) {
  const Matrix<double>& L = local.value;
  const auto fits = [&](bool ok, const std::string& what) {
    if (!ok)
      ADD_FAILURE() << "local gradient " << local.formula << " (" << shape_of(L) << ") cannot be "
                    << what << " with upstream " << shape_of(G);
    return ok;
  };
  switch (local.applied) {
    case Applied::elementwise:
      // A 1×1 upstream (the gradient of a cost) scales every entry.
      if (G.size() == 1) return G(0, 0) * L;
      if (!fits(G.rows() == L.rows() && G.cols() == L.cols(), "multiplied element-wise")) return {};
      return G.cwiseProduct(L);
    case Applied::upstream_times_local:
      if (!fits(G.cols() == L.rows(), "applied from the right (G·local)")) return {};
      return G * L;
    case Applied::local_times_upstream:
      if (!fits(L.cols() == G.rows(), "applied from the left (local·G)")) return {};
      return L * G;
    case Applied::row_sum:
      if (!fits(G.rows() == L.rows() && G.cols() == L.cols(), "summed over the examples"))
        return {};
      return G.cwiseProduct(L).rowwise().sum();
    case Applied::per_example_jacobian: {
      if (!fits(G.cols() == L.cols() && G.cols() == input.cols, "applied per example")) return {};
      const ColumnJacobian* jacobian = nullptr;
      for (const auto& [formula, make] : column_jacobians())
        if (formula == local.formula) jacobian = &make;
      if (!jacobian) {
        ADD_FAILURE() << "per_example_jacobian with formula " << local.formula
                      << ": add how a column fills in its Jacobian to column_jacobians()";
        return {};
      }
      Matrix<double> result(input.rows, G.cols());
      for (Index j = 0; j < G.cols(); ++j) {
        const Matrix<double> J = (*jacobian)(L.col(j));  // ∂out_j/∂in_j: out rows × in rows
        if (!fits(J.rows() == G.rows() && J.cols() == input.rows, "a Jacobian per example"))
          return {};
        result.col(j) = J.transpose() * G.col(j);
      }
      return result;
    }
  }
  ADD_FAILURE() << "unknown Applied";
  return {};
}

// Inputs for `op` of its example shapes: random numbers, and class indices 0…K−1 (K the
// rows of the other input) in its label slot.
std::vector<Matrix<double>> example_inputs(const OpDef<double>& op, std::array<Index, 3> sizes,
                                           NumpyRandom& rng) {
  const std::vector<Shape> shapes = op.example_input_shapes(sizes);
  std::vector<Matrix<double>> inputs;
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (static_cast<int>(i) == op.label_slot) {
      const Index classes = shapes[1 - i].rows;
      Matrix<double> labels(shapes[i].rows, shapes[i].cols);
      for (Index j = 0; j < labels.size(); ++j)
        labels(j) = std::floor(rng.uniform() * static_cast<double>(classes));
      inputs.push_back(labels);
    } else {
      inputs.push_back(rng.randn<double>(shapes[i].rows, shapes[i].cols));
    }
  }
  return inputs;
}

// One differentiated input slot: its local gradient, that applied to the upstream gradient,
// and what backward adds to a zero gradient (all slots asked at once), and on top of a
// random one with this slot alone asked (it must add, never assign, and need no other slot).
struct SlotGradients {
  int slot = 0;
  std::string formula;
  Matrix<double> from_local;
  Matrix<double> from_backward;
  Matrix<double> before, accumulated;  // accumulated must be before + from_backward
};

// Both sides, for every slot but the label slot, of `op` at `inputs` with upstream gradient
// `upstream` (of the output's shape). The one place that calls the operation: per-node op
// parameters go through here.
std::vector<SlotGradients> both_gradients(const OpDef<double>& op,
                                          const std::vector<Matrix<double>>& inputs,
                                          const Matrix<double>& upstream, NumpyRandom& rng) {
  std::vector<const Matrix<double>*> values;
  std::vector<Shape> shapes;
  for (const Matrix<double>& in : inputs) {
    values.push_back(&in);
    shapes.push_back({in.rows(), in.cols()});
  }
  const Shape out_shape = op.output_shape(shapes);
  Matrix<double> output(out_shape.rows, out_shape.cols);
  op.forward(values, op.example_params, output);

  std::vector<SlotGradients> result;
  std::vector<Matrix<double>> grads;
  std::vector<Matrix<double>*> grad_pointers(inputs.size(), nullptr);
  grads.reserve(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    grads.push_back(Matrix<double>::Zero(inputs[i].rows(), inputs[i].cols()));
    if (static_cast<int>(i) != op.label_slot) grad_pointers[i] = &grads.back();
  }
  op.backward(values, op.example_params, output, upstream, grad_pointers);

  for (int slot = 0; slot < op.arity; ++slot) {
    if (slot == op.label_slot) continue;
    SlotGradients s;
    s.slot = slot;
    const LocalGradient local = op.local_gradient(values, op.example_params, output, slot);
    s.formula = local.formula;
    s.from_local = apply_local(local, upstream, shapes[static_cast<size_t>(slot)]);
    s.from_backward = grads[static_cast<size_t>(slot)];
    s.before = rng.randn<double>(inputs[static_cast<size_t>(slot)].rows(),
                                 inputs[static_cast<size_t>(slot)].cols());
    s.accumulated = s.before;
    std::vector<Matrix<double>*> alone(inputs.size(), nullptr);
    alone[static_cast<size_t>(slot)] = &s.accumulated;
    op.backward(values, op.example_params, output, upstream, alone);
    result.push_back(std::move(s));
  }
  return result;
}

// The checks of one operation at one set of sizes; how many slots were compared.
int check_operation(const OpDef<double>& op, std::array<Index, 3> sizes, NumpyRandom& rng) {
  SCOPED_TRACE(std::string(op.name) + " with sizes " + std::to_string(sizes[0]) + "," +
               std::to_string(sizes[1]) + "," + std::to_string(sizes[2]));
  const std::vector<Matrix<double>> inputs = example_inputs(op, sizes, rng);
  EXPECT_EQ(static_cast<int>(inputs.size()), op.arity);
  std::vector<Shape> shapes;
  for (const Matrix<double>& in : inputs)
    shapes.push_back({in.rows(), in.cols()});
  const Shape out = op.output_shape(shapes);
  const Matrix<double> upstream = rng.randn<double>(out.rows, out.cols);
  const std::vector<SlotGradients> slots = both_gradients(op, inputs, upstream, rng);
  for (const SlotGradients& s : slots) {
    EXPECT_LE(disagreement(s.from_local, s.from_backward), kAgreement)
        << "slot " << s.slot << ": local gradient " << s.formula << " applied gives\n"
        << s.from_local << "\nbackward gives\n"
        << s.from_backward;
    EXPECT_LE(disagreement(s.accumulated, s.before + s.from_backward), kAgreement)
        << "slot " << s.slot << ": backward must add to the gradient there, not replace it";
  }
  return static_cast<int>(slots.size());
}

TEST(LocalGradients, AgreeWithBackwardForEveryRegisteredOperation) {
  NumpyRandom rng(2025);
  ASSERT_GE(op_registry<double>().size(), 12u);
  for (const OpDef<double>* op : op_registry<double>()) {
    // Every slot but the label slot is compared.
    EXPECT_EQ(check_operation(*op, {1, 1, 1}, rng), op->arity - (op->label_slot >= 0)) << op->name;
    for (int trial = 0; trial < 5; ++trial)
      check_operation(
          *op,
          {2 + static_cast<Index>(rng.uniform() * 4), 2 + static_cast<Index>(rng.uniform() * 4),
           2 + static_cast<Index>(rng.uniform() * 4)},
          rng);
  }
}

// The check can fail: a tanh whose `explain` formula forgets the square (1 − A instead of
// 1 − A²) while its backward is right disagrees, and so does one whose local gradient is
// applied from the wrong side.
struct TanhExplainedWrongly : ops::Tanh {
  static constexpr std::string_view name = "tanh_explained_wrongly";
  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T>, const Matrix<T>& A, int) {
    return {"1−{out}", (T(1) - A.array()).matrix(), OpDef<T>::Applied::elementwise};
  }
};
struct MatMulAppliedFromTheWrongSide : ops::MatMul {
  static constexpr std::string_view name = "matmul_applied_wrongly";
  template <class T>
  static typename OpDef<T>::LocalGradient local_gradient(InputValues<T> in, const Matrix<T>&,
                                                         int slot) {
    // Right values and shapes for the two slots, but each said to act from the other side.
    using A = typename OpDef<T>::Applied;
    if (slot == 0) return {"{1}ᵀ", in[1]->transpose(), A::local_times_upstream};
    return {"{0}ᵀ", in[0]->transpose(), A::upstream_times_local};
  }
};

TEST(LocalGradients, AWrongLocalGradientIsCaught) {
  NumpyRandom rng(3);
  const OpDef<double>& tanh = op_def<TanhExplainedWrongly, double>();
  const auto inputs = example_inputs(tanh, {3, 3, 4}, rng);
  const auto slots = both_gradients(tanh, inputs, rng.randn<double>(3, 4), rng);
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_GT(disagreement(slots[0].from_local, slots[0].from_backward), 1e-3);

  // 3×3 · 3×3: every product's shapes fit, so only the values can tell.
  const OpDef<double>& matmul = op_def<MatMulAppliedFromTheWrongSide, double>();
  const auto square = example_inputs(matmul, {3, 3, 3}, rng);
  const auto both = both_gradients(matmul, square, rng.randn<double>(3, 3), rng);
  ASSERT_EQ(both.size(), 2u);
  for (const SlotGradients& s : both)
    EXPECT_GT(disagreement(s.from_local, s.from_backward), 1e-3) << "slot " << s.slot;
}

}  // namespace
}  // namespace scratchnet::testing
