// One forward pass, one backward pass and the gradient-descent step after them, node by
// node, as numbers: what `scratchnet explain` prints and the page steps through
// (Session::explain_step makes one).
#pragma once

#include <string>
#include <vector>

#include "scratchnet/viz/explain.hpp"

namespace scratchnet {

template <class T>
struct ExplainedStep {
  std::string data;      // the dataset's name, e.g. "xor"
  std::string examples;  // "4 examples", or "example 0" for one
  Index m = 0;           // examples in the pass: the m of C = 1/(2m)·Σ(Y − Ŷ)²

  // Every node the cost depends on, in topological order: its value, and its gradient as
  // the sum over its paths of upstream gradient × local gradient.
  std::vector<NodeExplanation<T>> nodes;
  Matrix<T> output;  // Ŷ of the pass
  double cost = 0;

  // θ ← θ − α·∂C/∂θ for every parameter, with α = learning_rate.
  struct ParameterUpdate {
    std::string name;  // "W1"
    Matrix<T> value, gradient, after;
  };
  double learning_rate = 1;
  std::vector<ParameterUpdate> updates;
  Matrix<T> output_after;  // Ŷ and the cost with the updated parameters
  double cost_after = 0;

  // The pass's graph in the DOT language (before the step): every node's value and gradient.
  std::string graph_dot;
};

}  // namespace scratchnet
