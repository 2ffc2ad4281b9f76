// The computational graph: the article's nodes and edges as a real object.
//
//   Graph<double> g;
//   NodeId X = g.add_data("X", x);               // data: no gradient flows into it
//   NodeId W = g.add_parameter(w);                // parameter: trained by gradient descent
//   NodeId Z = g.add<ops::MatMul>("Z", {W, X});   // operation: value = W·X
//   g.forward();                                  // every node's value, in topological order
//   zero_grad(params);                            // parameters' gradients accumulate
//   g.backward(cost);                             // every node's ∂cost/∂node, in reverse
//
// The graph is built once and run many times. Shapes are checked and every value and
// gradient buffer is sized when a node is added; forward() and backward() only compute.
// After a pass every node keeps its value and its gradient, to be printed or drawn.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scratchnet/graph/ops.hpp"
#include "scratchnet/tensor/tensor.hpp"

namespace scratchnet {

using NodeId = int;

enum class NodeKind { data, parameter, operation };
std::string_view to_string(NodeKind kind);

// A trainable matrix and its gradient ∂C/∂θ. Owned by a layer, shared by every graph the
// layer is placed on.
template <class T>
struct Parameter {
  std::string name;
  Matrix<T> value;
  Matrix<T> grad;
};

// Gradient descent on one parameter, the article's update_params: θ ← θ − α·∂C/∂θ. The one
// place this formula is written: LinearLayer::update_params and SGD both call it.
template <class T>
void gradient_descent_step(Parameter<T>& p, T learning_rate) {
  p.value.noalias() -= learning_rate * p.grad;
}

// Sets every parameter's gradient to zero (they accumulate over backward passes).
template <class T>
void zero_grad(std::span<Parameter<T>* const> params) {
  for (Parameter<T>* p : params)
    p->grad.setZero();
}

template <class T>
struct Node {
  std::string name;
  NodeKind kind = NodeKind::data;
  const OpDef<T>* op = nullptr;   // operations only
  OpParams params{};              // operations only: the op's parameters (most have none)
  Parameter<T>* param = nullptr;  // parameters only: value and grad live there
  std::vector<NodeId> inputs;     // edges into this node
  bool requires_grad = false;     // true for parameters and what depends on them
  Matrix<T> own_value;            // data and operations
  Matrix<T> own_grad;             // operations that require a gradient
  std::string layer;              // the layer that placed the node, e.g. "layer 1, linear 2 → 3"

  const Matrix<T>& value() const { return param ? param->value : own_value; }
  const Matrix<T>& grad() const { return param ? param->grad : own_grad; }
};

// Where a value that is not a finite number (NaN, ±Inf) sits in a graph: the node, whether
// in its value (forward) or its gradient (backward), and the first such entry.
struct NonFinite {
  NodeId node = -1;
  bool in_gradient = false;
  Index row = 0, col = 0;
  double value = 0;
};

// An edge: the value of `from` is input number `slot` of `to`.
struct Edge {
  NodeId from;
  NodeId to;
  int slot;
};

template <class T>
class Graph {
 public:
  Graph() = default;
  Graph(const Graph&) = delete;  // nodes point into each other's buffers
  Graph& operator=(const Graph&) = delete;
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;

  // A data node (inputs X, labels Y): holds a copy of `value`; never receives a gradient.
  NodeId add_data(std::string name, Matrix<T> value);

  // A parameter node for `param`, which must outlive the graph.
  NodeId add_parameter(Parameter<T>& param);

  // An operation node, with the op's parameters when it takes any (OpDef::param_names).
  // Throws ShapeError (naming the node and the shapes) if they don't fit.
  NodeId add_op(const OpDef<T>& op, std::string name, std::span<const NodeId> inputs,
                const OpParams& params = {});

  template <class Op>
  NodeId add(std::string name, std::initializer_list<NodeId> inputs, const OpParams& params = {}) {
    return add_op(op_def<Op, T>(), std::move(name), std::span(inputs.begin(), inputs.size()),
                  params);
  }

  // Replaces a data node's value. Same number of rows; a new number of columns (examples)
  // re-sizes the buffers of everything downstream once, at the next forward() — so X and Y
  // can both be replaced before the shapes are checked again.
  void set_data(NodeId id, const Matrix<T>& value);

  // Copies columns `columns` of `source` into a data node, in order, without allocating:
  // how a mini-batch is taken from the training set. The node keeps its shape (rows of
  // `source` × columns.size()); ShapeError otherwise.
  void gather_data(NodeId id, const Matrix<T>& source, std::span<const Index> columns);

  // Evaluates every operation node in topological order (the order they were added in).
  void forward();

  // Reverse-mode differentiation from the scalar node `cost`: zeroes the operations'
  // gradients, sets ∂cost/∂cost = 1, then walks the nodes backwards; each operation applies
  // its local gradient to the upstream gradient and accumulates the result into its inputs.
  // Parameters' gradients accumulate across passes, as in PyTorch: zero them between steps
  // (Optimizer::zero_grad, or zero_grad(parameters)).
  void backward(NodeId cost);

  const Node<T>& node(NodeId id) const { return nodes_.at(static_cast<size_t>(id)); }
  const Matrix<T>& value(NodeId id) const { return node(id).value(); }
  const Matrix<T>& grad(NodeId id) const { return node(id).grad(); }
  int size() const { return static_cast<int>(nodes_.size()); }
  std::vector<Edge> edges() const;
  // The consumers of a node: the operations that take its value as an input.
  std::vector<NodeId> consumers(NodeId id) const;
  // The node called `name`; throws UsageError if there is none.
  NodeId find(std::string_view name) const;

  // Nodes added from now on belong to `layer` (a description, "" for none): how a
  // diagnosis names the layer of a node.
  void set_layer(std::string layer) { layer_ = std::move(layer); }

  // Where a non-finite number first appears: the first node, in the order forward()
  // computes them, whose value holds one; if every value is finite, the first node, in the
  // order backward() reaches them (from `cost` down), whose gradient holds one. Nothing if
  // all are finite. Called after a pass that went wrong; scans every buffer.
  std::optional<NonFinite> find_non_finite(NodeId cost) const;

 private:
  Node<T>& mutable_node(NodeId id) { return nodes_.at(static_cast<size_t>(id)); }
  Matrix<T>* grad_buffer(NodeId id);
  void check_id(NodeId id, std::string_view what) const;
  void resize_from(NodeId first);  // re-infer shapes and size buffers from node `first` on
  void plan();                     // re-size if needed; gather the input pointers

  std::vector<Node<T>> nodes_;
  // The input values and gradient buffers of every operation, flattened; node i's inputs
  // start at input_offset_[i]. Rebuilt by plan() whenever nodes are added or re-sized.
  std::vector<const Matrix<T>*> input_values_;
  std::vector<Matrix<T>*> input_grads_;
  std::vector<size_t> input_offset_;
  bool planned_ = false;
  NodeId resize_from_ = -1;  // first node to re-size at the next plan(), or -1
  std::string layer_;        // given to the nodes added next
};

extern template class Graph<float>;
extern template class Graph<double>;

}  // namespace scratchnet
