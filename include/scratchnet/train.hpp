// Full-batch gradient descent (SPEC Part I.5–6) and the article's predict.
//
//   Trainer<double> trainer(model, X, Y);        // builds the graph once
//   for (int epoch = 0; epoch < epochs; ++epoch)
//     double cost = trainer.step(learning_rate); // forward, cost, backward, update
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scratchnet/graph.hpp"
#include "scratchnet/nn.hpp"

namespace scratchnet {

struct TrainOptions {
  double learning_rate = 1.0;  // α in θ ← θ − α·∂C/∂θ
  int epochs = 5000;           // full passes over the training data
  int log_every = 100;         // record the cost at epoch 0, every log_every, and the last
};
// Throws UsageError naming the bad field (α ≤ 0 or not finite, epochs < 1, log_every < 1).
void validate(const TrainOptions& options);

// The costs recorded during training, one per logged epoch.
struct CostLog {
  std::vector<int> epochs;
  std::vector<double> costs;
  // The epoch whose cost was not a finite number, if any: training stopped there, before
  // that epoch's update, and the cost is not in the log.
  std::optional<int> non_finite_epoch;
};

// True for the epochs whose cost is logged: 0, every multiple of log_every, and the last.
bool is_logged_epoch(int epoch, const TrainOptions& options);

// What a learning rate did, in the article's words (SPEC Part I.5): too small crawls, too
// large overshoots or diverges.
struct RunVerdict {
  enum class Kind { learned, barely_moved, overshot, diverged } kind;
  std::string text;  // e.g. "overshot: the cost jumped to 0.22 at epoch 3, then fell"
};
// Judges a cost log recorded at every epoch: diverged when the cost became non-finite or
// ended above where it started; overshot when it rose above its start on the way;
// barely moved when it fell by less than 5%; learned otherwise.
RunVerdict judge_run(const CostLog& log);

// One graph for one model and one dataset: X → model → Ŷ, and the cost C(Y, Ŷ).
template <class T>
class Trainer {
 public:
  Trainer(Sequential<T>& model, const Matrix<T>& X, const Matrix<T>& Y);

  // One epoch of batch gradient descent; returns the cost of this epoch's forward pass
  // (computed before the update). Allocates nothing.
  T step(T learning_rate);

  // Forward and backward without an update: every node's value and gradient then belong
  // to the current parameters (to print or draw them). Returns the cost.
  T forward_backward();

  // Runs options.epochs steps; calls on_log(epoch, cost) for each logged epoch and, when
  // given, on_epoch(epoch, cost) after every epoch (for progress bars). Stops early, and
  // says so in the log, if the cost is not a finite number.
  CostLog run(const TrainOptions& options,
              const std::function<void(int epoch, double cost)>& on_log = {},
              const std::function<void(int epoch, double cost)>& on_epoch = {});

  const Graph<T>& graph() const { return graph_; }
  NodeId X_node() const { return X_; }
  NodeId Y_node() const { return Y_; }
  NodeId output_node() const { return Y_hat_; }
  NodeId cost_node() const { return cost_; }

 private:
  Sequential<T>& model_;
  Graph<T> graph_;
  NodeId X_, Y_, Y_hat_, cost_;
};

// The article's predict: probabilities, labels at threshold 0.5, accuracy in percent.
template <class T>
struct Prediction {
  Matrix<T> probabilities;  // outputs × m
  Matrix<T> labels;         // 1 where probability ≥ 0.5, else 0
  double accuracy_percent;  // share of labels equal to Y, × 100
};

template <class T>
Prediction<T> predict(Sequential<T>& model, const Matrix<T>& X, const Matrix<T>& Y);

extern template class Trainer<float>;
extern template class Trainer<double>;

}  // namespace scratchnet
