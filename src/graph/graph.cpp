#include "scratchnet/graph/graph.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace scratchnet {

std::string_view to_string(NodeKind kind) {
  switch (kind) {
    case NodeKind::data:
      return "data";
    case NodeKind::parameter:
      return "parameter";
    case NodeKind::operation:
      return "operation";
  }
  return "?";
}

namespace detail {
void throw_shape_error(std::string_view op, std::string_view what, std::span<const Shape> inputs) {
  std::ostringstream msg;
  msg << op << ": " << what << " (got ";
  for (size_t i = 0; i < inputs.size(); ++i)
    msg << (i ? " and " : "") << inputs[i].str();
  msg << ")";
  throw ShapeError(msg.str());
}
}  // namespace detail

template <class T>
void Graph<T>::check_id(NodeId id, std::string_view what) const {
  if (id < 0 || id >= size())
    throw UsageError(std::string(what) + ": node id " + std::to_string(id) +
                     " is not in this graph of " + std::to_string(size()) + " nodes");
}

template <class T>
NodeId Graph<T>::add_data(std::string name, Matrix<T> value) {
  Node<T> node;
  node.name = std::move(name);
  node.kind = NodeKind::data;
  node.own_value = std::move(value);
  node.layer = layer_;
  nodes_.push_back(std::move(node));
  planned_ = false;
  return size() - 1;
}

template <class T>
NodeId Graph<T>::add_parameter(Parameter<T>& param) {
  Node<T> node;
  node.name = param.name;
  node.kind = NodeKind::parameter;
  node.param = &param;
  node.requires_grad = true;
  // Size the gradient, but keep its content: the parameter may also sit on another graph
  // whose last backward pass a user still wants to read (a prediction graph must not wipe
  // the training graph's ∂C/∂W).
  if (param.grad.rows() != param.value.rows() || param.grad.cols() != param.value.cols())
    param.grad.setZero(param.value.rows(), param.value.cols());
  node.layer = layer_;
  nodes_.push_back(std::move(node));
  planned_ = false;
  return size() - 1;
}

template <class T>
NodeId Graph<T>::add_op(const OpDef<T>& op, std::string name, std::span<const NodeId> inputs,
                        const OpParams& params) {
  if (static_cast<int>(inputs.size()) != op.arity)
    throw UsageError("node '" + name + "': " + std::string(op.name) + " takes " +
                     std::to_string(op.arity) + " inputs, got " + std::to_string(inputs.size()));
  Node<T> node;
  node.kind = NodeKind::operation;
  node.op = &op;
  node.params = params;
  node.inputs.assign(inputs.begin(), inputs.end());
  std::vector<Shape> shapes;
  for (NodeId in : inputs) {
    check_id(in, "node '" + name + "'");
    shapes.push_back(shape_of(value(in)));
    node.requires_grad = node.requires_grad || this->node(in).requires_grad;
  }
  Shape out;
  try {
    out = op.output_shape(shapes);
  } catch (const ShapeError& e) {
    throw ShapeError("node '" + name + "': " + e.what());
  }
  node.name = std::move(name);
  node.own_value.setZero(out.rows, out.cols);
  if (node.requires_grad) node.own_grad.setZero(out.rows, out.cols);
  node.layer = layer_;
  nodes_.push_back(std::move(node));
  planned_ = false;
  return size() - 1;
}

template <class T>
void Graph<T>::set_data(NodeId id, const Matrix<T>& value) {
  check_id(id, "set_data");
  Node<T>& node = mutable_node(id);
  if (node.kind != NodeKind::data)
    throw UsageError("set_data: node '" + node.name + "' is not a data node");
  if (value.rows() != node.own_value.rows())
    throw ShapeError("set_data: node '" + node.name + "' has " +
                     std::to_string(node.own_value.rows()) + " rows, the new value has " +
                     std::to_string(value.rows()));
  if (value.cols() != node.own_value.cols()) {
    resize_from_ = resize_from_ < 0 ? id + 1 : std::min(resize_from_, id + 1);
    planned_ = false;
  }
  node.own_value = value;
}

template <class T>
void Graph<T>::gather_data(NodeId id, const Matrix<T>& source, std::span<const Index> columns) {
  check_id(id, "gather_data");
  Node<T>& node = mutable_node(id);
  if (node.kind != NodeKind::data)
    throw UsageError("gather_data: node '" + node.name + "' is not a data node");
  if (source.rows() != node.own_value.rows() ||
      static_cast<Index>(columns.size()) != node.own_value.cols())
    throw ShapeError("gather_data: node '" + node.name + "' is " + shape_of(node.own_value).str() +
                     ", cannot take " + std::to_string(columns.size()) + " columns of " +
                     shape_of(source).str());
  for (size_t j = 0; j < columns.size(); ++j)
    node.own_value.col(static_cast<Index>(j)) = source.col(columns[j]);
}

template <class T>
void Graph<T>::resize_from(NodeId first) {
  for (NodeId id = first; id < size(); ++id) {
    Node<T>& node = mutable_node(id);
    if (node.kind != NodeKind::operation) continue;
    std::vector<Shape> shapes;
    for (NodeId in : node.inputs)
      shapes.push_back(shape_of(value(in)));
    Shape out;
    try {
      out = node.op->output_shape(shapes);
    } catch (const ShapeError& e) {
      throw ShapeError("node '" + node.name + "': " + e.what());
    }
    node.own_value.setZero(out.rows, out.cols);
    if (node.requires_grad) node.own_grad.setZero(out.rows, out.cols);
  }
}

template <class T>
Matrix<T>* Graph<T>::grad_buffer(NodeId id) {
  Node<T>& node = mutable_node(id);
  if (!node.requires_grad) return nullptr;
  return node.param ? &node.param->grad : &node.own_grad;
}

template <class T>
void Graph<T>::plan() {
  if (resize_from_ >= 0) {
    resize_from(resize_from_);
    resize_from_ = -1;
  }
  input_values_.clear();
  input_grads_.clear();
  input_offset_.assign(nodes_.size(), 0);
  for (NodeId id = 0; id < size(); ++id) {
    input_offset_[id] = input_values_.size();
    for (NodeId in : node(id).inputs) {
      input_values_.push_back(&value(in));
      input_grads_.push_back(grad_buffer(in));
    }
  }
  planned_ = true;
}

template <class T>
void Graph<T>::forward() {
  if (!planned_) plan();
  for (NodeId id = 0; id < size(); ++id) {
    Node<T>& node = nodes_[id];
    if (node.kind != NodeKind::operation) continue;
    const size_t n = node.inputs.size();
    node.op->forward(std::span(input_values_).subspan(input_offset_[id], n), node.params,
                     node.own_value);
  }
}

template <class T>
void Graph<T>::backward(NodeId cost) {
  check_id(cost, "backward");
  if (!planned_) plan();
  const Node<T>& root = node(cost);
  if (root.value().size() != 1)
    throw ShapeError("backward: node '" + root.name + "' must be a scalar (1×1), it is " +
                     shape_of(root.value()).str());
  if (!root.requires_grad)
    throw UsageError("backward: node '" + root.name + "' depends on no parameter");
  // The operations' gradients start from zero on every pass. Parameters' gradients are
  // *accumulated*, as in PyTorch: zero them (Optimizer::zero_grad) before each step.
  for (NodeId id = 0; id <= cost; ++id)
    if (nodes_[id].kind == NodeKind::operation && nodes_[id].requires_grad)
      nodes_[id].own_grad.setZero();
  mutable_node(cost).own_grad.setConstant(T(1));  // ∂C/∂C = 1
  for (NodeId id = cost; id >= 0; --id) {
    Node<T>& node = nodes_[id];
    if (node.kind != NodeKind::operation || !node.requires_grad) continue;
    const size_t n = node.inputs.size();
    node.op->backward(std::span(input_values_).subspan(input_offset_[id], n), node.params,
                      node.own_value, node.own_grad,
                      std::span(input_grads_).subspan(input_offset_[id], n));
  }
}

template <class T>
std::vector<Edge> Graph<T>::edges() const {
  std::vector<Edge> result;
  for (NodeId to = 0; to < size(); ++to) {
    const auto& inputs = node(to).inputs;
    for (size_t slot = 0; slot < inputs.size(); ++slot)
      result.push_back({inputs[slot], to, static_cast<int>(slot)});
  }
  return result;
}

template <class T>
std::vector<NodeId> Graph<T>::consumers(NodeId id) const {
  std::vector<NodeId> result;
  for (const Edge& e : edges())
    if (e.from == id && (result.empty() || result.back() != e.to)) result.push_back(e.to);
  return result;
}

template <class T>
NodeId Graph<T>::find(std::string_view name) const {
  for (NodeId id = 0; id < size(); ++id)
    if (node(id).name == name) return id;
  throw UsageError("no node called '" + std::string(name) + "' in the graph");
}

template <class T>
std::optional<NonFinite> Graph<T>::find_non_finite(NodeId cost) const {
  check_id(cost, "find_non_finite");
  const auto first_in = [](const Matrix<T>& m, NodeId id,
                           bool gradient) -> std::optional<NonFinite> {
    for (Index j = 0; j < m.cols(); ++j)
      for (Index i = 0; i < m.rows(); ++i)
        if (!std::isfinite(m(i, j)))
          return NonFinite{id, gradient, i, j, static_cast<double>(m(i, j))};
    return std::nullopt;
  };
  for (NodeId id = 0; id < size(); ++id)
    if (auto found = first_in(value(id), id, false)) return found;
  for (NodeId id = cost; id >= 0; --id)
    if (node(id).requires_grad)
      if (auto found = first_in(grad(id), id, true)) return found;
  return std::nullopt;
}

template class Graph<float>;
template class Graph<double>;

}  // namespace scratchnet
