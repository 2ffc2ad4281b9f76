// Training: the article's full-batch gradient descent (SPEC Part I.5–6), and beyond it
// mini-batches, momentum, Adam, learning-rate decay, cross-entropy losses and L2 decay;
// the article's predict.
//
//   Trainer<double> trainer(model, X, Y);               // builds the graph once
//   for (int epoch = 0; epoch < epochs; ++epoch)
//     double cost = trainer.train_epoch(learning_rate); // forward, cost, backward, update
//
//   TrainOptions o{.learning_rate = 0.05, .epochs = 20, .loss = Loss::softmax_ce,
//                  .batch_size = 128, .optimizer = "momentum"};
//   CostLog log = Trainer<float>(model, X, Y, o).run();
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scratchnet/graph/graph.hpp"
#include "scratchnet/nn/nn.hpp"
#include "scratchnet/tensor/random.hpp"
#include "scratchnet/train/optim.hpp"

namespace scratchnet {

struct TrainOptions {
  double learning_rate = 1.0;  // α in θ ← θ − α·∂C/∂θ
  int epochs = 5000;           // full passes over the training data
  int log_every = 100;         // record the cost at epoch 0, every log_every, and the last

  // Beyond the article. The defaults are the article's: squared error, full batch, plain
  // gradient descent, a constant rate.
  Loss loss = Loss::mse;
  Index batch_size = 0;     // examples per step; 0 or ≥ m: the full batch, in order
  std::uint32_t seed = 48;  // seeds the shuffle of the examples before every epoch
  double l2 = 0;            // λ of the L2 penalty λ/2·Σ‖W‖² added to the cost; 0: none
  Choice optimizer{"sgd"};  // an entry of optimizer_registry() and its parameters
  LrSchedule schedule{};    // learning-rate decay per epoch

  // Stop a diverging run: when the cost has risen this many epochs in a row, or has stayed
  // above its first epoch's value for ten times as many. 0: never (a sweep that wants the
  // whole curve). A cost or gradient that is not a finite number always stops training.
  int stop_diverging = 10;

  OptimizerOptions optimizer_options() const { return {optimizer, learning_rate}; }
};
// Throws FieldError naming the bad field as RunConfig names it, e.g. "learning_rate" (α ≤ 0
// or not finite, epochs < 1, log_every < 1, batch < 0, l2 < 0, stop_diverging < 0, the
// optimiser's and schedule's ranges: "optimizer.beta1").
void validate(const TrainOptions& options);

// Why training stopped before its last epoch, in one line for a person: the epoch, the node
// (its layer and operation) where the trouble shows, and the likely fix.
struct TrainingStop {
  enum class Reason {
    non_finite,  // a cost or gradient was NaN or ±Inf; stopped before that update
    diverging,   // the cost kept rising (TrainOptions::stop_diverging)
  };
  Reason reason = Reason::non_finite;
  int epoch = 0;
  std::string node;     // the node named in the message, e.g. "W2·A1"
  std::string message;  // e.g. "epoch 3: the value of node 'Z1' (add_bias, layer 1, …) …"
};

// The costs recorded during training, one per logged epoch.
struct CostLog {
  std::vector<int> epochs;
  std::vector<double> costs;
  // Set when training stopped early. The epoch it names is not in the log when the reason is
  // non_finite (its cost was not a number); it is, when the cost was diverging.
  std::optional<TrainingStop> stopped{};
  double seconds = 0;                   // time spent in the training loop
  std::vector<double> epoch_seconds{};  // each epoch's time, for mini-batch runs
  // RunHooks::stop_requested stopped the run between two epochs, before the last (Ctrl-C).
  bool interrupted = false;
};

// The divergence watch (TrainOptions::stop_diverging): the first and the last epoch's costs,
// and for how many epochs in a row the cost rose / stayed above the first.
struct DivergenceWatch {
  double first_cost = 0, previous_cost = 0;
  int rising = 0, above_first = 0;

  // Takes the cost of epoch `epoch` (epoch 0 sets the first cost).
  void observe(int epoch, double cost) {
    if (epoch == 0) first_cost = cost;
    rising = epoch > 0 && cost > previous_cost ? rising + 1 : 0;
    above_first = epoch > 0 && cost > first_cost ? above_first + 1 : 0;
    previous_cost = cost;
  }
  // With stop_diverging = `limit` (0: never): the cost rose `limit` epochs in a row, or
  // stayed above the first for 10·limit epochs.
  bool rose_in_a_row(int limit) const { return limit > 0 && rising >= limit; }
  bool diverging(int limit) const {
    return rose_in_a_row(limit) || (limit > 0 && above_first >= 10 * limit);
  }
};

// Everything a run carries from one epoch to the next, to continue it later, in another
// process (a checkpoint): `next_epoch` epochs are done; the parameters they left, the
// optimiser's state, the shuffle generator's state and order, and the cost log so far.
template <class T>
struct TrainingState {
  int next_epoch = 0;
  std::vector<Matrix<T>> parameters{};  // in the order of Sequential::parameters()
  OptimizerState<T> optimizer{};
  NumpyRandom::State shuffle{};
  // Mini-batches: the examples in the last epoch's order, which the next shuffle permutes
  // (as NumPy's shuffle permutes the array in place). Empty for the full batch.
  std::vector<Index> order{};
  CostLog log{};
  DivergenceWatch divergence{};
};

// What run() tells its caller as it goes, and asks of it.
struct RunHooks {
  std::function<void(int epoch, double cost)> on_log{};    // each logged epoch
  std::function<void(int epoch, double cost)> on_epoch{};  // every epoch (progress bars)
  // After every epoch, its cost logged: `next_epoch` epochs are done and Trainer::state()
  // describes them (to write a checkpoint).
  std::function<void(int next_epoch)> after_epoch{};
  // Asked before every epoch: true stops the run there, with CostLog::interrupted set.
  std::function<bool()> stop_requested{};
  // Before every epoch that runs, with its number (a Session chooses its thread count here).
  std::function<void(int epoch)> before_epoch{};
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

// The graph of one model on one dataset, built once: X → model → Ŷ (or the logits Z, for
// the cross-entropy losses, which are computed from them), and the cost.
//
// Full batch (the article's case): the graph holds a copy of X and Y.
// Mini-batches: the graph holds one batch; every step copies the next batch's columns in
// from X and Y, which must outlive the trainer. A last, smaller batch has a graph of its
// own, also built once, so no step allocates.
template <class T>
class Trainer {
 public:
  Trainer(Sequential<T>& model, const Matrix<T>& X, const Matrix<T>& Y,
          const TrainOptions& options = {});

  // One epoch of plain gradient descent, θ ← θ − α·g (the article's loop, on the full
  // batch): train_epoch with the trainer's own SGD at this rate. Returns the cost of the
  // epoch's forward pass (computed before the update), or NaN as below. Allocates nothing.
  T train_epoch(T learning_rate);

  // One epoch with `optimizer`: every batch once (shuffled, with mini-batches), one
  // optimiser step per batch. Returns the mean cost of the epoch's batches, weighted by
  // their sizes. Stops at a batch whose cost or gradient is not finite, before its update,
  // and returns NaN; non_finite_report() then says where. Allocates nothing.
  T train_epoch(Optimizer<T>& optimizer);

  // Forward and backward on the full batch (or the first batch) without an update: every
  // node's value and gradient then belong to the current parameters (to print or draw
  // them). Returns the cost.
  T forward_backward();

  // Runs options.epochs epochs with the options' optimiser and schedule; calls
  // on_log(epoch, cost) for each logged epoch and, when given, on_epoch(epoch, cost) after
  // every epoch (for progress bars). Stops early, and says so in the log, if the cost is
  // not a finite number. The loss, batch size and L2 are the constructor's.
  CostLog run(const std::function<void(int epoch, double cost)>& on_log = {},
              const std::function<void(int epoch, double cost)>& on_epoch = {});
  // The same with other epochs, rates or optimiser (the article's run({α, epochs, log})).
  CostLog run(const TrainOptions& options,
              const std::function<void(int epoch, double cost)>& on_log = {},
              const std::function<void(int epoch, double cost)>& on_epoch = {});
  // The same with every hook: a checkpoint after an epoch, a stop between epochs. Starts at
  // epoch 0 with a fresh optimiser from the model's current parameters, unless restore()
  // was called: then it continues the restored run.
  CostLog run(const TrainOptions& options, const RunHooks& hooks);
  // Continues the run in progress (or the restored one) from epochs_done() to
  // options.epochs, with its optimiser state, cost log and divergence watch: a run trained
  // in pieces ends bit for bit where a whole run ends. Before any run, the same as run().
  CostLog continue_run(const TrainOptions& options, const RunHooks& hooks = {});
  // Epochs done by the runs so far (or the restored state): where the next one continues.
  int epochs_done() const { return next_epoch_; }

  // The state of the run in progress (from a hook) or of the last run, as a checkpoint
  // holds it. Before any run: epoch 0, the model's parameters, the seed's shuffle stream.
  TrainingState<T> state();
  // Sets the parameters and the shuffle stream from `state` now, and makes the next run()
  // (or continue_run()) continue after its epochs with its optimiser state and cost log: the run
  // then ends exactly, bit for bit, as one that never stopped. Throws DataError naming what does
  // not fit the model (the optimiser's state is checked when run() makes the optimiser).
  void restore(const TrainingState<T>& state);

  // After train_epoch returned NaN: what was not finite, where, and the likely fix, for
  // `epoch` (one line; see TrainingStop).
  std::string non_finite_report(int epoch, double learning_rate) const;

  const Graph<T>& graph() const { return graph_; }
  Graph<T>& graph() { return graph_; }  // e.g. for gradient_check, which perturbs parameters
  NodeId X_node() const { return main_.X; }
  NodeId Y_node() const { return main_.Y; }
  NodeId output_node() const { return main_.output; }  // Ŷ, or the logits Z for bce/softmax-ce
  NodeId cost_node() const { return main_.cost; }
  const TrainOptions& options() const { return options_; }
  bool full_batch() const { return batch_ == X_all_->cols(); }

 private:
  // One graph: data nodes X and Y, the model, the loss, the L2 terms.
  struct Built {
    NodeId X, Y, output, cost;
  };
  // Places the model, the loss and the L2 terms after the data nodes X and Y.
  Built build(Graph<T>& graph, NodeId X, NodeId Y);
  T batch_step(Graph<T>& graph, const Built& nodes, std::span<const Index> columns,
               Optimizer<T>& optimizer);
  // True if the pass just run on `graph` left a finite cost and finite parameter gradients;
  // otherwise remembers where it went wrong (for non_finite_report) and returns false.
  bool pass_was_finite(const Graph<T>& graph, const Built& nodes, std::span<const Index> columns);
  // A diverging run's stop: names the parameter whose gradient is largest for its size.
  TrainingStop diverging_stop(int epoch, double first, double cost, double learning_rate,
                              bool rose_in_a_row, int epochs) const;

  // Forgets the run in progress: the next continue_run() starts at epoch 0.
  void start_over();

  Sequential<T>& model_;
  TrainOptions options_;
  const Matrix<T>* X_all_;
  const Matrix<T>* Y_all_;
  Index batch_;
  Graph<T> graph_;       // the full batch, or one mini-batch
  Graph<T> tail_graph_;  // the last, smaller mini-batch of an epoch, if any
  Built main_{};
  Built tail_{};
  std::vector<Index> order_;  // the examples in this epoch's order
  NumpyRandom shuffle_rng_;
  std::vector<Parameter<T>*> params_;  // the model's, checked for finite gradients
  SGD<T> plain_sgd_;                   // train_epoch(learning_rate)'s: θ ← θ − α·g
  // Where the last non-finite pass went wrong: the graph, what find_non_finite found, and
  // the example (0-based, in X) of the column it found it in.
  const Graph<T>* trouble_graph_ = nullptr;
  std::optional<NonFinite> trouble_{};
  Index trouble_example_ = 0;

  // The run in progress, or the last one: what state() reports.
  std::unique_ptr<Optimizer<T>> optimizer_;
  Choice optimizer_choice_;  // what optimizer_ was made as
  CostLog log_;
  int next_epoch_ = 0;
  double seconds_before_ = 0;  // of the epochs before a restore
  std::chrono::steady_clock::time_point run_started_{};
  bool running_ = false;
  // Set by restore(), taken by the next run().
  std::optional<OptimizerState<T>> restored_optimizer_;
  DivergenceWatch divergence_;
};

// Checks labels against a loss before training: 0/1 for mse and bce with one output,
// class indices 0…K−1 for softmax_ce with K outputs. Throws DataError naming the example
// (1-based) and the value.
template <class T>
void check_labels(const Matrix<T>& Y, Loss loss, Index outputs);

// The article's predict: probabilities, labels at threshold 0.5, accuracy in percent. For
// a softmax output, the label of an example is its most probable class (arg-max).
template <class T>
struct Prediction {
  Matrix<T> probabilities;  // outputs × m
  Matrix<T> labels;         // 1 where probability ≥ 0.5, else 0; or the class, 1 × m
  double accuracy_percent;  // share of labels equal to Y, × 100
};

// confusion[actual][predicted]: how many examples of each class got each predicted label,
// for classes 0…K−1 (K = 2 for 0/1 labels). Y and labels are one row each; a label outside
// 0…K−1 is not counted.
template <class T>
std::vector<std::vector<long>> confusion_matrix(const Matrix<T>& Y, const Matrix<T>& labels,
                                                Index classes);

// Labels from probabilities: arg-max per column when `classes` (a softmax output), else
// 1 where the probability is ≥ 0.5.
template <class T>
Matrix<T> labels_from(const Matrix<T>& probabilities, bool classes);

template <class T>
Prediction<T> predict(Sequential<T>& model, const Matrix<T>& X, const Matrix<T>& Y);

extern template class Trainer<float>;
extern template class Trainer<double>;

}  // namespace scratchnet
