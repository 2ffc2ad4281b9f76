#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "scratchnet/tensor/format.hpp"
#include "scratchnet/train/train.hpp"

namespace scratchnet {

void validate(const TrainOptions& options) {
  validate(options.optimizer_options());  // the learning rate and the optimiser
  if (options.epochs < 1)
    throw FieldError("epochs", "must be at least 1, got " + std::to_string(options.epochs));
  if (options.log_every < 1)
    throw FieldError("log_every", "must be at least 1, got " + std::to_string(options.log_every));
  if (options.batch_size < 0)
    throw FieldError("batch", "must be at least 1 (or 0 for the full batch), got " +
                                  std::to_string(options.batch_size));
  if (!(options.l2 >= 0) || !std::isfinite(options.l2))
    throw FieldError("l2", "must be a number ≥ 0, got " + format_number(options.l2));
  validate(options.schedule);
  if (options.stop_diverging < 0)
    throw FieldError("stop_diverging", "must be at least 0 (0: never stop), got " +
                                           std::to_string(options.stop_diverging));
}

namespace {
// Three significant digits: enough for a person reading a message.
std::string short_number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", v);
  return buffer;
}
}  // namespace

RunVerdict judge_run(const CostLog& log) {
  const auto number = short_number;
  using Kind = RunVerdict::Kind;
  if (log.stopped && log.stopped->reason == TrainingStop::Reason::non_finite)
    return {Kind::diverged, "diverged: the cost was not finite at epoch " +
                                std::to_string(log.stopped->epoch) + ", training stopped"};
  if (log.costs.empty()) return {Kind::barely_moved, "no epochs"};
  const double first = log.costs.front(), last = log.costs.back();
  if (last > first)
    return {Kind::diverged,
            "diverged: the cost rose from " + number(first) + " to " + number(last)};
  const auto peak = std::max_element(log.costs.begin(), log.costs.end());
  if (*peak > first * 1.01)
    return {Kind::overshot, "overshot: the cost jumped to " + number(*peak) + " at epoch " +
                                std::to_string(log.epochs[peak - log.costs.begin()]) +
                                ", then fell to " + number(last)};
  if (last > 0.95 * first)
    return {Kind::barely_moved, "barely moved: " + number(first) + " → " + number(last)};
  return {Kind::learned, "learned: " + number(first) + " → " + number(last)};
}

bool is_logged_epoch(int epoch, const TrainOptions& options) {
  return epoch % options.log_every == 0 || epoch == options.epochs - 1;
}

template <class T>
void check_labels(const Matrix<T>& Y, Loss loss, Index outputs) {
  const bool classes = loss == Loss::softmax_ce;
  for (Index j = 0; j < Y.cols(); ++j)
    for (Index i = 0; i < Y.rows(); ++i) {
      const T y = Y(i, j);
      const bool ok =
          classes ? y >= 0 && y == std::floor(y) && y < static_cast<T>(outputs) : y >= 0 && y <= 1;
      if (ok) continue;
      const std::string where =
          "example " + std::to_string(j + 1) + ": label " + format_number(static_cast<double>(y));
      if (classes)
        throw DataError(where + " is not a class index 0…" + std::to_string(outputs - 1) +
                        " (softmax-ce)");
      throw DataError(where + " is outside [0, 1] (" + std::string(to_string(loss)) + ")");
    }
}

template <class T>
Trainer<T>::Trainer(Sequential<T>& model, const Matrix<T>& X, const Matrix<T>& Y,
                    const TrainOptions& options)
    : model_(model),
      options_(options),
      X_all_(&X),
      Y_all_(&Y),
      shuffle_rng_(options.seed),
      params_(model.parameters()),
      plain_sgd_(params_, 1.0) {
  validate(options_);
  if (X.cols() != Y.cols())
    throw ShapeError("X has " + std::to_string(X.cols()) + " examples (columns) but Y has " +
                     std::to_string(Y.cols()));
  if (X.cols() == 0) throw ShapeError("there are no training examples");
  const Index m = X.cols();
  batch_ = options_.batch_size <= 0 ? m : std::min(options_.batch_size, m);
  if (full_batch()) {  // the article's case: the graph holds the data itself
    main_ = build(graph_, graph_.add_data("X", X), graph_.add_data("Y", Y));
  } else {  // batches are gathered into these data nodes, sized once
    const auto batch_graph = [&](Graph<T>& graph, Index columns) {
      return build(graph, graph.add_data("X", Matrix<T>::Zero(X.rows(), columns)),
                   graph.add_data("Y", Matrix<T>::Zero(Y.rows(), columns)));
    };
    main_ = batch_graph(graph_, batch_);
    if (m % batch_ != 0) tail_ = batch_graph(tail_graph_, m % batch_);
    order_.resize(static_cast<size_t>(m));
    std::iota(order_.begin(), order_.end(), Index{0});
  }
  check_labels(Y, options_.loss, graph_.value(main_.output).rows());
}

template <class T>
typename Trainer<T>::Built Trainer<T>::build(Graph<T>& graph, NodeId X, NodeId Y) {
  Built b{X, Y, -1, -1};
  const Loss loss = options_.loss;
  if (loss == Loss::mse) {
    b.output = model_.build(graph, b.X);
  } else {
    // The cross-entropies are computed from the logits: the model's last layer (sigmoid or
    // softmax) is folded into the loss, where its derivative cancels with the log's.
    const std::string_view last = model_.layers().empty() ? "" : model_.layers().back()->type();
    if (last != output_activation(loss))
      throw UsageError(std::string(to_string(loss)) + " needs a model whose last layer is " +
                       std::string(output_activation(loss)) + ", this one ends with " +
                       (last.empty() ? std::string("nothing") : std::string(last)));
    b.output = model_.build(graph, b.X, model_.layers().size() - 1);
  }
  const Shape out = shape_of(graph.value(b.output));
  if (loss == Loss::softmax_ce && Y_all_->rows() != 1)
    throw ShapeError("softmax-ce takes one row of class indices, Y has " +
                     std::to_string(Y_all_->rows()) + " rows");
  if (loss != Loss::softmax_ce && Y_all_->rows() != out.rows)
    throw ShapeError("the model gives " + std::to_string(out.rows) +
                     " outputs per example but Y has " + std::to_string(Y_all_->rows()) + " rows");
  const bool penalised = options_.l2 > 0;
  const std::string loss_name = penalised ? "L" : "C";
  switch (loss) {
    case Loss::mse:
      b.cost = graph.template add<ops::SquaredErrorCost>(loss_name, {b.Y, b.output});
      break;
    case Loss::bce:
      b.cost = graph.template add<ops::BceWithLogits>(loss_name, {b.Y, b.output});
      break;
    case Loss::softmax_ce:
      b.cost = graph.template add<ops::SoftmaxCrossEntropy>(loss_name, {b.Y, b.output});
      break;
  }
  if (penalised) {
    // C = L + λ/2·‖W1‖² + λ/2·‖W2‖² + …  (weights only; biases are not penalised)
    std::vector<NodeId> weights;
    for (const LinearLayer<T>* layer : model_.linear_layers())
      for (NodeId id = 0; id < graph.size(); ++id)
        if (graph.node(id).param == &layer->weight_parameter()) weights.push_back(id);
    const NodeId lambda =
        graph.add_data("λ", Matrix<T>::Constant(1, 1, static_cast<T>(options_.l2)));
    NodeId total = b.cost;
    for (size_t i = 0; i < weights.size(); ++i) {
      const std::string& w = graph.node(weights[i]).name;
      const NodeId penalty =
          graph.template add<ops::L2Penalty>("L2(" + w + ")", {lambda, weights[i]});
      total = graph.template add<ops::Add>(i + 1 == weights.size() ? "C" : "L+…+L2(" + w + ")",
                                           {total, penalty});
    }
    b.cost = total;
  }
  return b;
}

template <class T>
T Trainer<T>::train_epoch(T learning_rate) {
  plain_sgd_.set_learning_rate(static_cast<double>(learning_rate));
  return train_epoch(plain_sgd_);
}

template <class T>
T Trainer<T>::forward_backward() {
  model_.zero_grad();
  graph_.forward();
  graph_.backward(main_.cost);
  return graph_.value(main_.cost)(0, 0);
}

template <class T>
T Trainer<T>::batch_step(Graph<T>& graph, const Built& nodes, std::span<const Index> columns,
                         Optimizer<T>& optimizer) {
  graph.gather_data(nodes.X, *X_all_, columns);
  graph.gather_data(nodes.Y, *Y_all_, columns);
  optimizer.zero_grad();
  graph.forward();
  graph.backward(nodes.cost);
  if (!pass_was_finite(graph, nodes, columns)) return std::numeric_limits<T>::quiet_NaN();
  optimizer.step();
  return graph.value(nodes.cost)(0, 0);
}

template <class T>
bool Trainer<T>::pass_was_finite(const Graph<T>& graph, const Built& nodes,
                                 std::span<const Index> columns) {
  bool finite = std::isfinite(graph.value(nodes.cost)(0, 0));
  for (const Parameter<T>* p : params_)
    finite = finite && p->grad.allFinite();
  if (finite) return true;
  // The slow part runs once, on the way out: find the first node that went wrong.
  trouble_graph_ = &graph;
  trouble_ = graph.find_non_finite(nodes.cost);
  trouble_example_ = 0;
  if (trouble_) {
    const auto col = static_cast<size_t>(trouble_->col);
    trouble_example_ = col < columns.size() ? columns[col] : trouble_->col;
  }
  return false;
}

namespace {
// What to try when the numbers went wrong at `node`, in a user's terms.
template <class T>
std::string likely_fix(const Node<T>& node, bool in_gradient, double learning_rate) {
  if (node.kind == NodeKind::data)
    return "the data itself holds it: remove or replace that value before training";
  if (node.kind == NodeKind::parameter)
    return "the parameter was not finite before this pass: check --init-params";
  return "the numbers grew too large: try a lower --lr (now " + format_number(learning_rate) + ")" +
         (in_gradient ? "" : ", inputs scaled to about [-1, 1], or --init xavier or he");
}

template <class T>
std::string describe_node(const Node<T>& node) {
  std::string where =
      node.op ? std::string(node.op->name) : std::string(to_string(node.kind));  // data, parameter
  where += node.layer.empty() ? (node.op ? ", the loss" : "") : ", " + node.layer;
  return "'" + node.name + "' (" + where + ")";
}
}  // namespace

template <class T>
std::string Trainer<T>::non_finite_report(int epoch, double learning_rate) const {
  const std::string head = "epoch " + std::to_string(epoch) + ": ";
  if (!trouble_graph_ || !trouble_) return head + "the cost is not a finite number";
  const NonFinite& f = *trouble_;
  const Node<T>& node = trouble_graph_->node(f.node);
  const std::string example = "example " + std::to_string(trouble_example_ + 1);
  std::string place;
  if (node.kind == NodeKind::data)
    place = (node.name == "X" ? "feature " + std::to_string(f.row + 1) + " of " : "") + example;
  else if (node.kind == NodeKind::parameter)
    place = "entry (" + std::to_string(f.row + 1) + ", " + std::to_string(f.col + 1) + ")";
  else if (trouble_graph_->value(f.node).size() == 1)
    place = "";
  else
    place = "row " + std::to_string(f.row + 1) + ", " + example;
  return head + (f.in_gradient ? "the gradient at node " : "the value of node ") +
         describe_node(node) + " is " + format_number(f.value) +
         (place.empty() ? "" : " (" + place + ")") + ", the first non-finite number of the pass; " +
         likely_fix(node, f.in_gradient, learning_rate);
}

template <class T>
TrainingStop Trainer<T>::diverging_stop(int epoch, double first, double cost, double learning_rate,
                                        bool rose_in_a_row, int epochs) const {
  // The parameter whose last gradient is largest against its own size: where a step of
  // this learning rate overshoots most.
  const Parameter<T>* worst = nullptr;
  double worst_ratio = -1;
  for (const Parameter<T>* p : params_) {
    const double size = std::max<double>(static_cast<double>(p->value.norm()), 1e-12);
    const double ratio = static_cast<double>(p->grad.norm()) / size;
    if (ratio > worst_ratio) worst = p, worst_ratio = ratio;
  }
  std::string node = worst ? worst->name : "";
  for (NodeId id = 0; worst && id < graph_.size(); ++id)
    if (graph_.node(id).param == worst) node = describe_node(graph_.node(id));
  const std::string how =
      rose_in_a_row
          ? "the cost rose " + std::to_string(epochs) + " epochs in a row, to " + short_number(cost)
          : "the cost has stayed above its first value (" + short_number(first) + ") for " +
                std::to_string(epochs) + " epochs, now " + short_number(cost);
  // Gradients this small mean the step pushed the activations into their flat ends (σ at 0
  // or 1, where the local gradient σ(1−σ) is 0): nothing flows back, the cost stays stuck.
  const bool saturated = worst && worst_ratio < 1e-10;
  const std::string where =
      !worst ? ""
      : saturated
          ? "; the activations saturated (σ at 0 or 1, where its local gradient σ(1−σ) is 0), "
            "so the gradients vanished (the largest, at node " +
                node + ", is ‖∂C/∂" + worst->name + "‖ = " + format_number(worst_ratio, 3) + "·‖" +
                worst->name + "‖) and no step can undo it"
          : "; the largest gradient for its size is at node " + node + ", ‖∂C/∂" + worst->name +
                "‖ = " + format_number(worst_ratio) + "·‖" + worst->name + "‖";
  std::string message = "epoch " + std::to_string(epoch) + ": training is diverging: " + how +
                        where + "; try a lower --lr (now " + format_number(learning_rate) +
                        ") or a different --init (--stop-diverging 0 trains on regardless)";
  return {TrainingStop::Reason::diverging, epoch, worst ? worst->name : "", std::move(message)};
}

template <class T>
T Trainer<T>::train_epoch(Optimizer<T>& optimizer) {
  if (full_batch()) {
    const T cost = forward_backward();
    if (!pass_was_finite(graph_, main_, {})) return std::numeric_limits<T>::quiet_NaN();
    optimizer.step();
    return cost;
  }
  // A new order every epoch, as np.random.RandomState(seed).shuffle(order) would give.
  shuffle_rng_.shuffle(order_);
  const Index m = X_all_->cols();
  double total = 0;
  for (Index start = 0; start < m; start += batch_) {
    const Index size = std::min(batch_, m - start);
    const std::span<const Index> columns(order_.data() + start, static_cast<size_t>(size));
    const T cost = size == batch_ ? batch_step(graph_, main_, columns, optimizer)
                                  : batch_step(tail_graph_, tail_, columns, optimizer);
    if (!std::isfinite(cost)) return cost;
    total += static_cast<double>(cost) * static_cast<double>(size);
  }
  return static_cast<T>(total / static_cast<double>(m));
}

template <class T>
CostLog Trainer<T>::run(const std::function<void(int, double)>& on_log,
                        const std::function<void(int, double)>& on_epoch) {
  return run(options_, on_log, on_epoch);
}

template <class T>
CostLog Trainer<T>::run(const TrainOptions& options, const std::function<void(int, double)>& on_log,
                        const std::function<void(int, double)>& on_epoch) {
  return run(options, RunHooks{on_log, on_epoch, {}, {}});
}

template <class T>
void Trainer<T>::start_over() {
  log_ = CostLog{};
  next_epoch_ = 0;
  divergence_ = DivergenceWatch{};
  optimizer_.reset();  // a new run's optimiser starts from zero state
}

template <class T>
CostLog Trainer<T>::run(const TrainOptions& options, const RunHooks& hooks) {
  if (!restored_optimizer_) start_over();
  return continue_run(options, hooks);
}

template <class T>
CostLog Trainer<T>::continue_run(const TrainOptions& options, const RunHooks& hooks) {
  validate(options);
  if (options.loss != options_.loss || options.batch_size != options_.batch_size ||
      options.l2 != options_.l2)
    throw UsageError("run: the loss, batch size and L2 are fixed when the trainer is built");
  if (next_epoch_ > options.epochs)
    throw DataError("the run has done " + std::to_string(next_epoch_) + " epochs, more than the " +
                    std::to_string(options.epochs) + " asked");
  // The optimiser of the run in progress keeps its state (momentum, Adam's moments); a
  // first run, or one with another optimiser, makes a new one.
  if (!optimizer_ || !(optimizer_choice_ == options.optimizer)) {
    optimizer_ = make_optimizer(model_.parameters(), options.optimizer_options());
    optimizer_choice_ = options.optimizer;
  }
  if (restored_optimizer_) {  // continue a restored run
    optimizer_->load_state(*restored_optimizer_);
    restored_optimizer_.reset();
  }
  seconds_before_ = log_.seconds;
  log_.stopped.reset();
  log_.interrupted = false;
  const size_t expected = static_cast<size_t>(options.epochs / options.log_every + 2);
  log_.epochs.reserve(expected);
  log_.costs.reserve(expected);
  // Mini-batch epochs are long enough to time one by one; the article's 5000 tiny ones are
  // timed only as a whole.
  if (!full_batch()) log_.epoch_seconds.reserve(static_cast<size_t>(options.epochs));
  run_started_ = std::chrono::steady_clock::now();
  running_ = true;
  auto epoch_started = run_started_;
  for (int epoch = next_epoch_; epoch < options.epochs; ++epoch) {
    if (hooks.stop_requested && hooks.stop_requested()) {
      log_.interrupted = true;
      break;
    }
    if (hooks.before_epoch) hooks.before_epoch(epoch);
    const double rate = options.schedule.rate_at(options.learning_rate, epoch);
    optimizer_->set_learning_rate(rate);
    const double cost = static_cast<double>(train_epoch(*optimizer_));
    if (!std::isfinite(cost)) {  // stopped before a non-finite update spoils the parameters
      log_.stopped = TrainingStop{TrainingStop::Reason::non_finite, epoch,
                                  trouble_ ? trouble_graph_->node(trouble_->node).name : "",
                                  non_finite_report(epoch, rate)};
      break;
    }
    divergence_.observe(epoch, cost);
    if (!full_batch()) {
      const auto now = std::chrono::steady_clock::now();
      log_.epoch_seconds.push_back(std::chrono::duration<double>(now - epoch_started).count());
      epoch_started = now;
    }
    if (hooks.on_epoch) hooks.on_epoch(epoch, cost);
    const bool diverging = divergence_.diverging(options.stop_diverging);
    if (is_logged_epoch(epoch, options) || diverging) {
      log_.epochs.push_back(epoch);
      log_.costs.push_back(cost);
      if (hooks.on_log) hooks.on_log(epoch, cost);
    }
    if (diverging) {
      const bool in_a_row = divergence_.rose_in_a_row(options.stop_diverging);
      log_.stopped = diverging_stop(epoch, divergence_.first_cost, cost, rate, in_a_row,
                                    in_a_row ? divergence_.rising : divergence_.above_first);
      break;
    }
    next_epoch_ = epoch + 1;
    if (hooks.after_epoch) hooks.after_epoch(next_epoch_);
  }
  log_.seconds =
      seconds_before_ +
      std::chrono::duration<double>(std::chrono::steady_clock::now() - run_started_).count();
  running_ = false;
  return log_;
}

template <class T>
TrainingState<T> Trainer<T>::state() {
  TrainingState<T> s;
  s.next_epoch = next_epoch_;
  for (const Parameter<T>* p : model_.parameters())
    s.parameters.push_back(p->value);
  if (optimizer_) s.optimizer = optimizer_->state();
  s.shuffle = shuffle_rng_.state();
  s.order = order_;
  s.log = log_;
  s.divergence = divergence_;
  if (running_)
    s.log.seconds =
        seconds_before_ +
        std::chrono::duration<double>(std::chrono::steady_clock::now() - run_started_).count();
  return s;
}

template <class T>
void Trainer<T>::restore(const TrainingState<T>& state) {
  const std::vector<Parameter<T>*> params = model_.parameters();
  if (state.parameters.size() != params.size())
    throw DataError("the saved state has " + std::to_string(state.parameters.size()) +
                    " parameter matrices, the network " + std::to_string(params.size()));
  for (size_t i = 0; i < params.size(); ++i)
    if (shape_of(state.parameters[i]) != shape_of(params[i]->value))
      throw DataError("saved parameter " + std::to_string(i + 1) + " is " +
                      shape_of(state.parameters[i]).str() + ", the network's is " +
                      shape_of(params[i]->value).str());
  if (state.next_epoch < 0)
    throw DataError("the saved state's epoch is negative: " + std::to_string(state.next_epoch));
  if (state.log.epochs.size() != state.log.costs.size())
    throw DataError("the saved cost log has " + std::to_string(state.log.epochs.size()) +
                    " epochs but " + std::to_string(state.log.costs.size()) + " costs");
  if (state.order.size() != order_.size())
    throw DataError("the saved example order has " + std::to_string(state.order.size()) +
                    " entries, expected " + std::to_string(order_.size()) +
                    (full_batch() ? " (full batch)" : " (one per example)"));
  std::vector<bool> seen(order_.size(), false);
  for (Index i : state.order) {
    if (i < 0 || static_cast<size_t>(i) >= seen.size() || seen[static_cast<size_t>(i)])
      throw DataError("the saved example order is not a permutation of the " +
                      std::to_string(order_.size()) + " examples (entry " + std::to_string(i) +
                      ")");
    seen[static_cast<size_t>(i)] = true;
  }
  shuffle_rng_.set_state(state.shuffle);
  order_ = state.order;
  for (size_t i = 0; i < params.size(); ++i)
    params[i]->value = state.parameters[i];
  next_epoch_ = state.next_epoch;
  log_ = state.log;
  divergence_ = state.divergence;
  restored_optimizer_ = state.optimizer;
}

template <class T>
Prediction<T> predict(Sequential<T>& model, const Matrix<T>& X, const Matrix<T>& Y) {
  if (X.cols() != Y.cols())
    throw ShapeError("predict: X has " + std::to_string(X.cols()) + " examples but Y has " +
                     std::to_string(Y.cols()));
  Prediction<T> p;
  p.probabilities = model.forward(X);
  const bool classes = !model.layers().empty() && model.layers().back()->type() == "softmax";
  if (!classes && p.probabilities.rows() != Y.rows())
    throw ShapeError("predict: the model gives " + std::to_string(p.probabilities.rows()) +
                     " outputs per example but Y has " + std::to_string(Y.rows()) + " rows");
  if (classes && Y.rows() != 1)
    throw ShapeError("predict: a softmax model takes one row of class indices, Y has " +
                     std::to_string(Y.rows()) + " rows");
  p.labels = labels_from(p.probabilities, classes);
  const Index correct = (p.labels.array() == Y.array()).count();
  p.accuracy_percent = Y.size() ? 100.0 * static_cast<double>(correct) / Y.size() : 0.0;
  return p;
}

template <class T>
Matrix<T> labels_from(const Matrix<T>& probabilities, bool classes) {
  if (!classes) return (probabilities.array() >= T(0.5)).template cast<T>();
  Matrix<T> labels(1, probabilities.cols());
  for (Index j = 0; j < probabilities.cols(); ++j) {
    Index best = 0;
    probabilities.col(j).maxCoeff(&best);
    labels(0, j) = static_cast<T>(best);
  }
  return labels;
}

template <class T>
std::vector<std::vector<long>> confusion_matrix(const Matrix<T>& Y, const Matrix<T>& labels,
                                                Index classes) {
  const auto k = static_cast<size_t>(std::max<Index>(classes, 0));
  std::vector<std::vector<long>> counts(k, std::vector<long>(k, 0));
  for (Index j = 0; j < std::min(Y.cols(), labels.cols()); ++j) {
    const T actual = Y(0, j), predicted = labels(0, j);
    if (actual >= 0 && actual < static_cast<T>(k) && predicted >= 0 &&
        predicted < static_cast<T>(k))
      ++counts[static_cast<size_t>(actual)][static_cast<size_t>(predicted)];
  }
  return counts;
}

template class Trainer<float>;
template class Trainer<double>;
template Prediction<float> predict(Sequential<float>&, const Matrix<float>&, const Matrix<float>&);
template Prediction<double> predict(Sequential<double>&, const Matrix<double>&,
                                    const Matrix<double>&);
template Matrix<float> labels_from(const Matrix<float>&, bool);
template Matrix<double> labels_from(const Matrix<double>&, bool);
template std::vector<std::vector<long>> confusion_matrix(const Matrix<float>&, const Matrix<float>&,
                                                         Index);
template std::vector<std::vector<long>> confusion_matrix(const Matrix<double>&,
                                                         const Matrix<double>&, Index);
template void check_labels(const Matrix<float>&, Loss, Index);
template void check_labels(const Matrix<double>&, Loss, Index);

}  // namespace scratchnet
