// A Session owns one run, from a RunConfig to the files it leaves: it loads the data, builds
// the model and its graph once, trains (all epochs, N more, or until a deadline), and offers
// what every front-end shows — the cost log, predictions and metrics, the graph with every
// node's value and gradient, the decision boundary as numbers — and writes the outputs.
// The CLI's `train`, the page and Python are each a thin translation into this.
//
//   Session<double> session(run_config_from_json(R"({"data": "xor", "hidden": [3]})"));
//   CostLog log = session.train();            // the article's 5000 epochs
//   RunResult result = session.result();      // final cost, accuracy, confusion matrix
//   session.write_outputs(result);            // costs.csv, model.json, … when config.out
//
// The number type is a template parameter: with_session_type(config, f) calls
// f.template operator()<T>() with the T the config's dtype asks for.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scratchnet/io/checkpoint.hpp"
#include "scratchnet/run/config.hpp"
#include "scratchnet/run/explained_step.hpp"
#include "scratchnet/run/out_folder.hpp"
#include "scratchnet/run/setup.hpp"
#include "scratchnet/run/thread_governor.hpp"
#include "scratchnet/train/train.hpp"
#include "scratchnet/viz/graph_picture.hpp"

namespace scratchnet {

// A run in words, a line each, for a report: "xor: 4 examples, features x1, x2", …
struct RunDescription {
  std::string data, test, network, init, training, compute;
};

// What a finished run measured.
template <class T>
struct RunResult {
  // Full batch: the cost of the trained parameters (one more pass); mini-batches: the last
  // epoch's mean cost.
  double train_cost = 0;
  bool cost_is_last_epoch_mean = false;
  Prediction<T> train;
  std::optional<Prediction<T>> test;
  Index classes = 2;  // rows and columns of the confusion matrix
  // confusion[actual][predicted], on the test data when there is any, else the training data
  std::vector<std::vector<long>> confusion;
  bool confusion_of_test = false;
};

// The decision boundary as numbers: the network's output (the probability of class 1, or
// of the last class for a softmax) at every point of a grid over the two raw features.
struct DecisionGrid {
  std::vector<double> x1, x2;  // the grid's coordinates, ascending
  Matrix<double> probability;  // x2.size() × x1.size(): row i is x2[i]
};

// The grid's points as examples (2 × n·m, examples are columns): column i·n + j is
// (x1[j], x2[i]), so the outputs read row-major, row i at x2[i].
template <class T>
Matrix<T> grid_points(const DecisionGrid& grid);

template <class T>
class Session {
 public:
  // Normalises and validates `config` (FieldError naming the field), creates config.out (a
  // failing constructor or run removes the folders it created), loads the data and builds
  // the model and the trainer.
  explicit Session(const RunConfig& config);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const RunConfig& config() const { return config_; }
  const TrainOptions& train_options() const { return options_; }
  RunDescription describe() const;

  // Continues from config.out's checkpoint when config.resume is set and there is one:
  // returns the epochs it had done, or nothing (then the run starts at epoch 0). Refuses a
  // checkpoint of other settings and a folder that holds a finished run (FieldError
  // "resume"). Call before train().
  std::optional<int> resume();

  // Trains to config.epochs, continuing after resume() or train_epochs(); `hooks` as
  // Trainer::run's.
  CostLog train(const RunHooks& hooks = {});
  // N more epochs, or as many as fit before `deadline` (at least one): for a live page.
  CostLog train_epochs(int n, const RunHooks& hooks = {});
  CostLog train_until(std::chrono::steady_clock::time_point deadline, const RunHooks& hooks = {});
  int epochs_done() const;
  const CostLog& cost_log() const { return log_; }
  // The threads each epoch of this session ran on. With config.threads unset and a step
  // worth several threads, the count follows the load: each epoch runs on the cores other
  // programs left free (ThreadGovernor); else every epoch has the one count.
  const std::vector<int>& epoch_threads() const { return epoch_threads_; }
  // The most threads an epoch may run on, and whether the count follows the load.
  int max_threads() const { return max_threads_; }
  bool threads_follow_load() const { return governor_.has_value(); }

  // Writes config.out's checkpoint.json now (atomically; `before_rename` is
  // write_file_atomically's fault-injection hook).
  void save_checkpoint(const std::function<void(const std::filesystem::path&)>& before_rename = {});
  std::filesystem::path checkpoint_path() const;

  // The trained network measured: final cost, predictions, confusion matrix. Leaves every
  // node of graph() with its value and gradient for the current parameters (full batch).
  RunResult<T> result();

  // Writes the run's files into config.out and returns their paths: costs.csv, params.json,
  // metrics.json, predictions.csv, graph.svg (config.graph), the plots,
  // model.json. Nothing when config.out is empty.
  std::vector<std::filesystem::path> write_outputs(const RunResult<T>& result);

  // The trained model as model.json holds it (what write_outputs saves).
  std::string model_file_text();

  // After write_outputs: the checkpoint is spent, model.json holds the result. Removes it
  // when the run kept one (checkpoint_every or resume).
  void remove_spent_checkpoint();

  // The model's output over a grid around the two raw features (DecisionGrid); UsageError
  // when the data has not exactly two raw features.
  DecisionGrid decision_grid(int points_per_axis = 100);
  // Its coordinates only (`probability` empty): a grid the caller computes on itself.
  DecisionGrid decision_grid_axes(int points_per_axis) const;

  // One forward and backward pass over every example, or over example `example` only
  // (0-based column of X), and the gradient-descent step after it at `learning_rate`, node
  // by node, with the pass's graph drawn as `picture` says. The step is shown, not taken:
  // the model's parameters are left as they were. FieldError "example" or "learning_rate".
  ExplainedStep<T> explain_step(std::optional<Index> example = std::nullopt,
                                double learning_rate = 1.0,
                                const GraphPictureOptions& picture = {});

  // What the session holds, for front-ends that show it.
  const RunSetup<T>& setup() const { return setup_; }
  Sequential<T>& model() { return setup_.model; }
  Trainer<T>& trainer() { return *trainer_; }
  const Graph<T>& graph() const { return trainer_->graph(); }

 private:
  const RunSettings& settings();
  RunHooks with_thread_choice(const RunHooks& hooks, int epochs);

  RunConfig config_;
  std::optional<OutFolder> out_folder_;
  RunSetup<T> setup_;
  TrainOptions options_;
  std::unique_ptr<Trainer<T>> trainer_;
  std::string initial_parameters_;  // fingerprint, taken before training changes them
  std::optional<RunSettings> settings_;
  CostLog log_;
  int max_threads_ = 1;
  std::optional<ThreadGovernor> governor_;
  std::vector<int> epoch_threads_;
};

// Calls f.template operator()<float or double>() as config.dtype says.
template <class F>
decltype(auto) with_session_type(const RunConfig& config, F&& f) {
  if (is_float32(config)) return f.template operator()<float>();
  return f.template operator()<double>();
}

// Multiply-adds per step from which the products are worth running on several threads.
inline constexpr double kThreadedWork = 1 << 20;

// A JSON text indented by 2 with every list of numbers on one line (a confusion matrix reads
// as a table, epoch times take one line).
std::string readable_json_text(const std::string& compact_json);

extern template class Session<float>;
extern template class Session<double>;

}  // namespace scratchnet
