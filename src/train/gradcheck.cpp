#include "scratchnet/train/gradcheck.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

#include "scratchnet/tensor/format.hpp"
#include "scratchnet/tensor/random.hpp"

namespace scratchnet {
namespace {

// How many units of round-off a computed cost carries: its sums, exponentials and logs
// each add a few. Measured noise on the built-in examples stays well below this.
constexpr double kCostRoundOffUnits = 64;

double cost_value(const Graph<double>& graph, NodeId cost) {
  return graph.value(cost)(0, 0);
}

// The entries to check: all, or a seeded sample of `wanted`, in increasing order.
std::vector<Index> sample_entries(Index size, Index wanted, NumpyRandom& rng) {
  std::vector<Index> entries;
  if (wanted <= 0 || wanted >= size) {
    entries.resize(static_cast<size_t>(size));
    for (Index i = 0; i < size; ++i)
      entries[static_cast<size_t>(i)] = i;
    return entries;
  }
  entries = rng.permutation(size);
  entries.resize(static_cast<size_t>(wanted));
  std::sort(entries.begin(), entries.end());
  return entries;
}

// "W1·X (matmul), L2(W1) (l2_penalty)": the operations a node feeds.
std::string consumers_of(const Graph<double>& graph, NodeId id) {
  std::string text;
  for (NodeId c : graph.consumers(id)) {
    const Node<double>& node = graph.node(c);
    text += (text.empty() ? "" : ", ") + node.name +
            (node.op ? " (" + std::string(node.op->name) + ")" : std::string());
  }
  return text.empty() ? "nothing" : text;
}

// `signed_space`: a space where a minus sign would be, so that columns line up.
std::string scientific(double value, int digits = 2, bool signed_space = false) {
  char text[40];
  std::snprintf(text, sizeof text, signed_space ? "% .*e" : "%.*e", digits, value);
  return text;
}

// Column widths count characters, not bytes: names hold ·, ×, λ.
size_t characters(const std::string& s) {
  size_t chars = 0;
  for (unsigned char c : s)
    chars += (c & 0xC0) != 0x80;
  return chars;
}

std::string pad(const std::string& s, size_t width) {
  const size_t chars = characters(s);
  return s + std::string(chars < width ? width - chars : 1, ' ');
}

}  // namespace

void validate(const GradientCheckOptions& options) {
  if (!(options.step > 0) || !std::isfinite(options.step))
    throw UsageError("step h must be a positive number (e.g. 1e-6), got " +
                     format_number(options.step));
  if (!(options.threshold > 0) || !std::isfinite(options.threshold))
    throw UsageError("threshold must be a positive number (e.g. 1e-6), got " +
                     format_number(options.threshold));
}

bool GradientCheck::passed() const {
  return std::all_of(parameters.begin(), parameters.end(),
                     [this](const ParameterCheck& p) { return passed(p); });
}

std::string failing_names(const GradientCheck& check) {
  std::string names;
  for (const ParameterCheck& p : check.parameters)
    if (!check.passed(p)) names += (names.empty() ? "" : ", ") + p.name;
  return names;
}

const ParameterCheck* GradientCheck::worst() const {
  const auto it = std::max_element(parameters.begin(), parameters.end(),
                                   [](const ParameterCheck& a, const ParameterCheck& b) {
                                     return a.worst_error < b.worst_error;
                                   });
  return it == parameters.end() ? nullptr : &*it;
}

double relative_gradient_error(double analytic, double numeric, double tiny) {
  const double difference = std::abs(analytic - numeric);
  const double denominator = std::max(std::abs(analytic) + std::abs(numeric), tiny);
  if (denominator == 0) return 0;  // both exactly zero
  // NaN in either gradient is the worst possible disagreement, not a silent pass.
  return std::isnan(difference) ? std::numeric_limits<double>::infinity()
                                : difference / denominator;
}

double central_difference(Graph<double>& graph, NodeId cost, Parameter<double>& param, Index entry,
                          double step) {
  double& theta = param.value(entry);
  const double saved = theta;
  theta = saved + step;
  graph.forward();
  const double plus = cost_value(graph, cost);
  theta = saved - step;
  graph.forward();
  const double minus = cost_value(graph, cost);
  theta = saved;
  return (plus - minus) / (2 * step);
}

Matrix<double> numeric_gradient(Graph<double>& graph, NodeId cost, Parameter<double>& param,
                                double step) {
  Matrix<double> result(param.value.rows(), param.value.cols());
  for (Index i = 0; i < param.value.size(); ++i)
    result(i) = central_difference(graph, cost, param, i, step);
  graph.forward();  // the values of the unperturbed parameters again
  return result;
}

GradientCheck gradient_check(Graph<double>& graph, NodeId cost,
                             const GradientCheckOptions& options) {
  validate(options);
  std::vector<NodeId> param_nodes;
  for (NodeId id = 0; id < graph.size(); ++id)
    if (graph.node(id).kind == NodeKind::parameter) param_nodes.push_back(id);

  // The analytic gradients, from one backward pass.
  for (NodeId id : param_nodes)
    graph.node(id).param->grad.setZero();
  graph.forward();
  if (graph.value(cost).size() != 1)
    throw ShapeError("gradient check: the cost node " + graph.node(cost).name +
                     " is not a scalar (it is " + shape_of(graph.value(cost)).str() + ")");
  graph.backward(cost);

  GradientCheck check;
  check.cost = cost_value(graph, cost);
  check.step = options.step;
  check.threshold = options.threshold;
  check.tiny = kCostRoundOffUnits * std::numeric_limits<double>::epsilon() * std::abs(check.cost) /
               options.step / options.threshold;

  NumpyRandom rng(options.seed);
  for (NodeId id : param_nodes) {
    Parameter<double>& param = *graph.node(id).param;
    const Matrix<double> analytic = param.grad;  // a copy: forward passes leave it alone
    ParameterCheck p;
    p.name = graph.node(id).name;
    p.feeds = consumers_of(graph, id);
    p.shape = shape_of(param.value);
    bool first = true;
    for (Index i : sample_entries(param.value.size(), options.entries, rng)) {
      const double numeric = central_difference(graph, cost, param, i, options.step);
      const double error = relative_gradient_error(analytic(i), numeric, check.tiny);
      ++p.checked;
      if (first || error > p.worst_error) {
        first = false;
        p.worst_error = error;
        p.worst_row = i % param.value.rows();
        p.worst_col = i / param.value.rows();
        p.analytic = analytic(i);
        p.numeric = numeric;
      }
    }
    check.parameters.push_back(std::move(p));
  }
  // Values and gradients of the unperturbed parameters again, as after one forward_backward.
  for (NodeId id : param_nodes)
    graph.node(id).param->grad.setZero();
  graph.forward();
  graph.backward(cost);
  return check;
}

std::string format_gradient_check(const GradientCheck& check) {
  std::string text;
  text += "gradient check: backpropagation (analytic) against central differences (numeric)\n";
  text +=
      "  numeric   ∂C/∂θᵢ ≈ (C(θ + h·eᵢ) − C(θ − h·eᵢ)) / 2h,  h = " + format_number(check.step) +
      ", in float64\n";
  text += "  error     |analytic − numeric| / max(|analytic| + |numeric|, tiny),  tiny = " +
          scientific(check.tiny) + "\n";
  const std::string round_off = format_number(kCostRoundOffUnits) + "·ε·|C|/h";
  text += "            (tiny = " + round_off +
          " ÷ threshold: two gradients closer than the round-off of a\n"
          "             difference quotient, " +
          round_off + " = " + scientific(check.tiny * check.threshold) + ", always pass)\n";
  text += "  cost      C = " + format_number(check.cost) + ";  threshold " +
          scientific(check.threshold) + "\n\n";
  // Columns as wide as their longest entry, in characters.
  std::vector<std::array<std::string, 9>> rows;
  rows.push_back({"node", "feeds", "shape", "checked", "worst error", "at", " analytic", " numeric",
                  "result"});
  for (const ParameterCheck& p : check.parameters)
    rows.push_back({p.name, p.feeds, p.shape.str(),
                    std::to_string(p.checked) + "/" + std::to_string(p.shape.rows * p.shape.cols),
                    scientific(p.worst_error),
                    "(" + std::to_string(p.worst_row) + "," + std::to_string(p.worst_col) + ")",
                    scientific(p.analytic, 5, true), scientific(p.numeric, 5, true),
                    check.passed(p) ? "PASS" : "FAIL"});
  std::array<size_t, 9> width{};
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], characters(row[c]) + 2);
  for (const auto& row : rows) {
    for (size_t c = 0; c + 1 < row.size(); ++c)
      text += pad(row[c], width[c]);
    text += row.back() + "\n";
  }
  const ParameterCheck* worst = check.worst();
  if (check.passed())
    text += "\nPASS: every gradient agrees with finite differences (worst " +
            scientific(worst ? worst->worst_error : 0) + " ≤ " + scientific(check.threshold) +
            ")\n";
  else
    text += "\nFAIL: " + failing_names(check) + " disagree" +
            (failing_names(check).find(',') == std::string::npos ? "s" : "") +
            " with finite differences (worst relative error " + scientific(worst->worst_error) +
            " at " + worst->name + " > " + scientific(check.threshold) + ")\n";
  return text;
}

}  // namespace scratchnet
