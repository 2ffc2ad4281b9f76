// LiveRun's grid, private to src/run/ (live_run.cpp owns it, live_run_grid.cpp computes it):
// the model over a grid of the plane's points, its graph built once per grid size.
#pragma once

#include <utility>
#include <vector>

#include "scratchnet/run/live_run.hpp"

namespace scratchnet {

struct LiveRun::GridProbe {
  // Points per block: a wide network over a 200 × 200 grid keeps the buffers of kBlock
  // columns, not of 40,000.
  static constexpr Index kBlock = 1024;

  GridProbe(Session<double>& session, int n);
  // Every point through the model (and, with_neurons, each hidden activation kept).
  void compute(bool with_neurons);

  int size = 0;
  DecisionGrid axes;
  Matrix<double> points;  // the grid's points with the features' crosses: inputs × size²
  Graph<double> graph;    // the model on kBlock of them; its parameters are the model's own
  NodeId input = -1, output = -1;
  std::vector<std::pair<int, NodeId>> hidden;  // (hidden layer, its activation's node)
  std::vector<Index> block;                    // the columns of `points` in the block
  Matrix<double> outputs, neurons;             // per point: the model's rows, the hidden rows
};

}  // namespace scratchnet
