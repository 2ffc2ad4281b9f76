// One forward and one backward pass, told node by node the way the article works it by
// hand: each node's value, and for each edge into a consumer the upstream gradient, the
// local gradient and what the chain rule makes of them.
#pragma once

#include <string>
#include <vector>

#include "scratchnet/graph/graph.hpp"
#include "scratchnet/tensor/format.hpp"

namespace scratchnet {

// One path of the gradient out of a node: through consumer `consumer`, where the node is
// input `slot`. Its contribution to ∂C/∂node is upstream_grad combined with local_grad.
template <class T>
struct GradientPath {
  NodeId consumer;
  std::string consumer_name;
  int slot;
  Matrix<T> upstream_grad;                      // ∂C/∂consumer
  typename OpDef<T>::LocalGradient local_grad;  // ∂consumer/∂node, compact form
};

template <class T>
struct NodeExplanation {
  NodeId id;
  std::string name;
  std::string op;       // the op's name ("matmul"), or "data" or "parameter"
  std::string formula;  // the op's, e.g. "{0}·{1}"; empty for data and parameters
  Matrix<T> value;
  bool has_gradient;                   // data has none: no gradient flows into it
  Matrix<T> gradient;                  // ∂C/∂node, the sum over all paths
  std::vector<GradientPath<T>> paths;  // one per consumer edge
};

// Explains every node that `cost` depends on, in topological order, after a forward and a
// backward pass from `cost` have run on `graph`.
template <class T>
std::vector<NodeExplanation<T>> explain_pass(const Graph<T>& graph, NodeId cost);

// A matrix as text: a 1×1 as a plain number, else [a, b; c, d] (rows split by ';'),
// abbreviated with … beyond max_entries per row/column. `digits` significant digits.
template <class T>
std::string format_matrix(const Matrix<T>& m, int digits = 12, int max_entries = 6);

}  // namespace scratchnet
