// LiveRun's grid (include/scratchnet/run/live_run.hpp): the model's output over a grid of
// the plane, and each hidden neuron's, for every frame a page draws.
//
// The grid's graph is built once per grid size and computed again each frame: its
// parameter nodes are the model's own, so each forward sees the weights training just
// changed, and a frame allocates nothing but its text.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "grid_probe.hpp"
#include "scratchnet/data/data.hpp"

namespace scratchnet {

LiveRun::GridProbe::GridProbe(Session<double>& session, int n)
    : size(n),
      axes(session.decision_grid_axes(n)),
      points(apply_crosses(grid_points<double>(axes), session.setup().crosses)),
      block(static_cast<size_t>(std::min<Index>(kBlock, points.cols()))) {
  input = graph.add_data("X", points.leftCols(static_cast<Index>(block.size())));
  std::vector<NodeId> layer_outputs;
  Sequential<double>& model = session.model();
  output = model.build(graph, input, SIZE_MAX, &layer_outputs);
  const auto& layers = model.layers();
  int layer_number = 0;
  Index hidden_rows = 0;
  for (size_t i = 0; i + 1 < layers.size(); ++i)  // not the output layer
    if (layers[i]->type() != "linear") {
      hidden.emplace_back(++layer_number, layer_outputs[i]);
      hidden_rows += graph.value(layer_outputs[i]).rows();
    }
  outputs.resize(graph.value(output).rows(), points.cols());
  neurons.resize(hidden_rows, points.cols());
}

// A block at a time; the last block repeats its final point to stay kBlock wide (the graph
// keeps its shapes, nothing is allocated) and only the real points are kept.
void LiveRun::GridProbe::compute(bool with_neurons) {
  const Index total = points.cols(), width = static_cast<Index>(block.size());
  for (Index start = 0; start < total; start += width) {
    const Index count = std::min(width, total - start);
    for (Index k = 0; k < width; ++k)
      block[static_cast<size_t>(k)] = start + std::min(k, count - 1);
    graph.gather_data(input, points, block);
    graph.forward();
    outputs.middleCols(start, count) = graph.value(output).leftCols(count);
    if (!with_neurons) continue;
    Index row = 0;
    for (const auto& [layer, node] : hidden) {
      const Matrix<double>& A = graph.value(node);
      neurons.block(row, start, A.rows(), count) = A.leftCols(count);
      row += A.rows();
    }
  }
}

namespace {

// A row of grid values as a JSON array's text, 4 decimals each: a pixel's colour needs no
// more, and 10,000 numbers at full precision would be most of a frame's bytes and time.
void append_values(std::string& out, const auto& row) {
  out += '[';
  char buffer[32];
  for (Index k = 0; k < row.size(); ++k) {
    if (k > 0) out += ',';
    const double v = std::round(row(k) * 1e4) / 1e4;
    if (!std::isfinite(v)) {
      out += "null";
      continue;
    }
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v == 0 ? 0.0 : v);
    out.append(buffer, end);
  }
  out += ']';
}

}  // namespace

// {"size", "x1": [lo, hi], "x2": [lo, hi], "output": [size² values], "classes": [K rows of
// size² values] (3+ classes only)} and, asked for, "neurons": [{"layer", "neuron",
// "output"}], as the text of JSON members to go inside the frame's object.
std::string LiveRun::grid_json(const FrameRequest& request) {
  if (!probe_ || probe_->size != request.grid)
    probe_ = std::make_unique<GridProbe>(session_, request.grid);
  if (const Index values = probe_->neurons.rows() * probe_->points.cols();
      request.neurons && values > kMaxNeuronValues)
    throw FieldError("neurons", ": maps of " + std::to_string(probe_->neurons.rows()) +
                                    " neurons over a " + std::to_string(request.grid) + "×" +
                                    std::to_string(request.grid) + " grid are " +
                                    std::to_string(values) + " values, more than the " +
                                    std::to_string(kMaxNeuronValues) +
                                    " a frame may send: ask for a smaller grid");
  GridProbe& p = *probe_;
  p.compute(request.neurons);

  using json = nlohmann::ordered_json;
  std::string out = "\"grid\":{\"size\":" + std::to_string(p.size) +
                    ",\"x1\":" + json{p.axes.x1.front(), p.axes.x1.back()}.dump() +
                    ",\"x2\":" + json{p.axes.x2.front(), p.axes.x2.back()}.dump() + ",\"output\":";
  append_values(out, p.outputs.row(p.outputs.rows() - 1));  // class 1, or the last class
  if (p.outputs.rows() >= 3) {
    out += ",\"classes\":[";
    for (Index k = 0; k < p.outputs.rows(); ++k) {
      if (k > 0) out += ',';
      append_values(out, p.outputs.row(k));
    }
    out += ']';
  }
  out += '}';
  if (request.neurons) {
    out += ",\"neurons\":[";
    Index row = 0;
    for (const auto& [layer, node] : p.hidden) {
      for (Index k = 0; k < p.graph.value(node).rows(); ++k, ++row) {
        if (row > 0) out += ',';
        out += "{\"layer\":" + std::to_string(layer) + ",\"neuron\":" + std::to_string(k + 1) +
               ",\"output\":";
        append_values(out, p.neurons.row(row));
        out += '}';
      }
    }
    out += ']';
  }
  return out;
}

}  // namespace scratchnet
