// A run that a live page drives: each frame trains for a moment (or a given number of
// epochs), then reports what the page draws — the epoch, train and test cost and accuracy,
// the learning curve's new point, the output over a grid of the plane (the decision
// boundary) and what each hidden neuron computes there — as one JSON object. The graph walk
// (explain_json) is the `explain` step as JSON: every node's value, upstream and local
// gradients, and the step θ ← θ − α·∂C/∂θ. Float64: the page shows the article's numbers.
//
//   LiveRun run(run_config_from_json(R"({"data": "xor", "hidden": [3]})"));
//   std::string frame = run.frame_json({.train_seconds = 0.03, .grid = 50});
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "scratchnet/run/session.hpp"

namespace scratchnet {

struct FrameRequest {
  double train_seconds = 0;  // train for this long (at least one epoch) …
  int epochs = 0;            // … or exactly this many epochs; neither: no training
  int grid = 0;              // points per axis of the output's grid; 0: none
  bool neurons = false;      // also each hidden neuron's output over the grid
};

// The limits a frame request is held to (FieldError naming the field beyond them).
inline constexpr int kMaxFrameGrid = 200;
inline constexpr int kMaxFrameEpochs = 1000000;
inline constexpr double kMaxFrameSeconds = 1;
// Hidden neurons × grid points in one frame's neuron maps (48 neurons over 200 × 200 fit).
inline constexpr Index kMaxNeuronValues = 2'000'000;

class LiveRun {
 public:
  // config.epochs is the most epochs the run may reach. FieldError / UsageError / DataError
  // as Session's; FieldError "dtype" for float32.
  explicit LiveRun(const RunConfig& config);
  ~LiveRun();

  // Trains as `request` says, then the frame as JSON:
  // {"epoch", "train_cost", "train_accuracy", "test_cost", "test_accuracy" (null without test
  //  data), "stopped" (why training stopped, or null), "done" (the epochs cap reached),
  //  "grid": {"size", "x1": [lo, hi], "x2": [lo, hi], "output": [row-major, x2 rows],
  //  "classes": [K such, one per class] (3+ classes)}, "neurons": [{"layer", "neuron",
  //  "output": […]}], "weights": [W1 rows, …]}. Grid values have 4 decimals. FieldError
  //  "neurons" when the maps would pass kMaxNeuronValues.
  std::string frame_json(const FrameRequest& request);

  // One pass over every example or over `example`, and the step at `learning_rate`, node by
  // node (Session::explain_step) as JSON: {"nodes": [{"name", "op", "formula", "value",
  // "gradient", "paths": [{"consumer", "upstream", "local_formula", "local", "product"}]}],
  // "cost", "updates": [{"name", "value", "gradient", "after"}], "cost_after", "svg"}: the
  // graph drawn by Graphviz, node `id`'s group titled "n{id}".
  std::string explain_json(std::optional<Index> example, double learning_rate);

  // What the page draws before training: {"config" (normalised, without data_text),
  // "description", "features" (raw), "inputs" (with the crosses), "classes", "points":
  // {"train": {"x1", "x2", "label"}, "test": … or null}, or null without two raw features}.
  std::string start_json() const;

  // The gradient check of every parameter on the training data (GradientCheck) as JSON:
  // {"passed", "cost", "threshold", "parameters": [{"name", "checked", "worst_error",
  //  "analytic", "numeric", "passed"}]}.
  std::string gradcheck_json();

  Session<double>& session() { return session_; }

 private:
  struct GridProbe;  // live_run_grid.cpp: the model over the grid's points, built once
  std::string grid_json(const FrameRequest& request);

  Session<double> session_;
  // The cost on the test data, by the graph training builds for the loss, built once.
  std::unique_ptr<Trainer<double>> test_cost_;
  std::unique_ptr<GridProbe> probe_;  // for the last grid size asked for
};

}  // namespace scratchnet
