// Gradient checking: the analytic gradient of every parameter (backpropagation through the
// graph) against central finite differences,
//   ∂C/∂θᵢ ≈ (C(θ + h·eᵢ) − C(θ − h·eᵢ)) / 2h,
// whose error is O(h²) — how a learner verifies the article's derivations on any network.
//
//   Trainer<double> trainer(model, X, Y);
//   GradientCheck check = gradient_check(trainer.graph(), trainer.cost_node());
//   std::fputs(format_gradient_check(check).c_str(), stdout);   // a table, PASS or FAIL
//
// Always in float64: float32's 7 digits cannot resolve a difference quotient.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scratchnet/graph/graph.hpp"

namespace scratchnet {

struct GradientCheckOptions {
  double step = 1e-6;       // h: small enough for the O(h²) error, large enough for round-off
  Index entries = 50;       // entries checked per parameter, a seeded sample; ≤ 0: all
  std::uint32_t seed = 48;  // picks the sampled entries
  double threshold = 1e-6;  // worst relative error allowed
};
// Throws UsageError naming the field: step and threshold must be positive and finite.
void validate(const GradientCheckOptions& options);

// One parameter node: where its gradient agrees least with finite differences.
struct ParameterCheck {
  std::string name;   // "W1"
  std::string feeds;  // the operations that consume it, e.g. "W1·X (matmul), L2(W1) (l2_penalty)"
  Shape shape;
  Index checked = 0;       // entries compared
  double worst_error = 0;  // max over the checked entries of the relative error
  Index worst_row = 0;     // where it occurred
  Index worst_col = 0;
  double analytic = 0;  // the two gradients at that entry
  double numeric = 0;
};

struct GradientCheck {
  double cost = 0;       // C at the unperturbed parameters
  double step = 0;       // h
  double threshold = 0;  // from the options
  // The floor of the relative error's denominator: the round-off of a difference quotient
  // (about 64·ε·|C|/h) divided by the threshold, so that two gradients closer than
  // finite differences can tell apart are never reported as disagreeing.
  double tiny = 0;
  std::vector<ParameterCheck> parameters;  // in graph order

  bool passed(const ParameterCheck& p) const { return p.worst_error <= threshold; }
  bool passed() const;
  // The parameter with the largest error (nullptr if there are none).
  const ParameterCheck* worst() const;
};

// The relative error of one entry: |a − n| / max(|a| + |n|, tiny). Scale-free (a gradient
// of 1e-4 is judged like one of 1e4), and defined when both are zero.
double relative_gradient_error(double analytic, double numeric, double tiny);

// (C(θ + h·eᵢ) − C(θ − h·eᵢ)) / 2h for entry `entry` (column-major) of `param`: two forward
// passes of `graph` from scalar node `cost`. The entry is restored afterwards.
double central_difference(Graph<double>& graph, NodeId cost, Parameter<double>& param, Index entry,
                          double step);

// Every entry's central difference: the numeric gradient of `cost` with respect to `param`.
Matrix<double> numeric_gradient(Graph<double>& graph, NodeId cost, Parameter<double>& param,
                                double step = 1e-6);

// Compares, for every parameter node of `graph`, the gradient of the scalar node `cost`
// computed by backward() with central differences, on a seeded sample of its entries (all
// of them when options.entries ≤ 0 or the parameter has fewer). Zeroes the parameters'
// gradients first; leaves every parameter as it was, and the graph's values and gradients
// those of the unperturbed parameters. Throws UsageError for bad options, ShapeError if
// `cost` is not 1×1.
GradientCheck gradient_check(Graph<double>& graph, NodeId cost,
                             const GradientCheckOptions& options = {});

// "W1, b1": the parameters whose worst error is above the threshold; "" when all pass.
std::string failing_names(const GradientCheck& check);

// The report as a table: what is compared and the formula, then one row per parameter —
// node, what it feeds, shape, entries checked, worst relative error, analytic and numeric
// at the worst entry, PASS or FAIL — and a last line with the verdict.
std::string format_gradient_check(const GradientCheck& check);

}  // namespace scratchnet
