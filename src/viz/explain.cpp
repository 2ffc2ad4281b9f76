#include "scratchnet/viz/explain.hpp"

#include <cstdio>

namespace scratchnet {

namespace {
// Puts the names of `node`'s inputs ({0}, {1}) and its own ({out}) into a formula.
template <class T>
std::string with_names(std::string formula, const Graph<T>& graph, const Node<T>& node) {
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (size_t at = formula.find(from); at != std::string::npos;
         at = formula.find(from, at + to.size()))
      formula.replace(at, from.size(), to);
  };
  for (size_t i = 0; i < node.inputs.size(); ++i)
    replace_all("{" + std::to_string(i) + "}", graph.node(node.inputs[i]).name);
  replace_all("{out}", node.name);
  return formula;
}
}  // namespace

template <class T>
std::vector<NodeExplanation<T>> explain_pass(const Graph<T>& graph, NodeId cost) {
  // The nodes the cost depends on: walk the edges backwards from it.
  std::vector<bool> needed(static_cast<size_t>(graph.size()), false);
  needed[static_cast<size_t>(cost)] = true;
  for (NodeId id = cost; id >= 0; --id)
    if (needed[static_cast<size_t>(id)])
      for (NodeId in : graph.node(id).inputs)
        needed[static_cast<size_t>(in)] = true;

  std::vector<NodeExplanation<T>> result;
  const std::vector<Edge> edges = graph.edges();
  for (NodeId id = 0; id <= cost; ++id) {
    if (!needed[static_cast<size_t>(id)]) continue;
    const Node<T>& node = graph.node(id);
    NodeExplanation<T> e;
    e.id = id;
    e.name = node.name;
    e.op = node.op ? std::string(node.op->name) : std::string(to_string(node.kind));
    if (node.op) e.formula = node.op->formula;
    e.value = node.value();
    e.has_gradient = node.requires_grad;
    if (e.has_gradient) e.gradient = node.grad();
    if (e.has_gradient && id != cost) {
      for (const Edge& edge : edges) {
        if (edge.from != id || edge.to > cost || !needed[static_cast<size_t>(edge.to)]) continue;
        const Node<T>& consumer = graph.node(edge.to);
        std::vector<const Matrix<T>*> inputs;
        for (NodeId in : consumer.inputs)
          inputs.push_back(&graph.value(in));
        auto local =
            consumer.op->local_gradient(inputs, consumer.params, consumer.value(), edge.slot);
        local.formula = with_names(local.formula, graph, consumer);
        e.paths.push_back({edge.to, consumer.name, edge.slot, consumer.grad(), std::move(local)});
      }
    }
    result.push_back(std::move(e));
  }
  return result;
}

template <class T>
std::string format_matrix(const Matrix<T>& m, int digits, int max_entries) {
  auto number = [&](T v) { return format_number(static_cast<double>(v), digits); };
  if (m.size() == 1) return number(m(0, 0));
  std::string out = "[";
  const Index rows = std::min<Index>(m.rows(), max_entries);
  const Index cols = std::min<Index>(m.cols(), max_entries);
  for (Index r = 0; r < rows; ++r) {
    if (r) out += "; ";
    for (Index c = 0; c < cols; ++c)
      out += (c ? ", " : "") + number(m(r, c));
    if (cols < m.cols()) out += ", …";
  }
  if (rows < m.rows()) out += "; …";
  out += "]";
  if (rows < m.rows() || cols < m.cols()) out += " (" + shape_of(m).str() + ")";
  return out;
}

template std::vector<NodeExplanation<float>> explain_pass(const Graph<float>&, NodeId);
template std::vector<NodeExplanation<double>> explain_pass(const Graph<double>&, NodeId);
template std::string format_matrix(const Matrix<float>&, int, int);
template std::string format_matrix(const Matrix<double>&, int, int);

}  // namespace scratchnet
