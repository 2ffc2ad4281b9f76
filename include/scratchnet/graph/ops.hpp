// Every operation scratchnet knows, and the registry derived from this one list.
#pragma once

#include <tuple>

#include "scratchnet/graph/op.hpp"
#include "scratchnet/graph/ops/add.hpp"
#include "scratchnet/graph/ops/add_bias.hpp"
#include "scratchnet/graph/ops/bce_with_logits.hpp"
#include "scratchnet/graph/ops/elu.hpp"
#include "scratchnet/graph/ops/hadamard.hpp"
#include "scratchnet/graph/ops/l2_penalty.hpp"
#include "scratchnet/graph/ops/leaky_relu.hpp"
#include "scratchnet/graph/ops/matmul.hpp"
#include "scratchnet/graph/ops/relu.hpp"
#include "scratchnet/graph/ops/sigmoid.hpp"
#include "scratchnet/graph/ops/sine.hpp"
#include "scratchnet/graph/ops/softmax.hpp"
#include "scratchnet/graph/ops/softmax_cross_entropy.hpp"
#include "scratchnet/graph/ops/squared_error_cost.hpp"
#include "scratchnet/graph/ops/tanh.hpp"

namespace scratchnet {

// The one list of operations. Add a new operation here (and its header above).
using Operations =
    std::tuple<ops::MatMul, ops::AddBias, ops::Sigmoid, ops::Hadamard, ops::SquaredErrorCost,
               ops::ReLU, ops::Tanh, ops::Softmax, ops::BceWithLogits, ops::SoftmaxCrossEntropy,
               ops::Add, ops::L2Penalty, ops::LeakyReLU, ops::Sine, ops::Elu>;

// Every operation's OpDef<T>, in the order of `Operations`.
template <class T>
std::span<const OpDef<T>* const> op_registry() {
  static const auto defs = []<class... Op>(std::tuple<Op...>*) {
    return std::array<const OpDef<T>*, sizeof...(Op)>{&op_def<Op, T>()...};
  }(static_cast<Operations*>(nullptr));
  return defs;
}

// The operation called `name`, or nullptr.
template <class T>
const OpDef<T>* find_op(std::string_view name) {
  for (const OpDef<T>* def : op_registry<T>())
    if (def->name == name) return def;
  return nullptr;
}

}  // namespace scratchnet
