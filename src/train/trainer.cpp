#include <algorithm>
#include <cmath>
#include <cstdio>

#include "scratchnet/explain.hpp"
#include "scratchnet/train.hpp"

namespace scratchnet {

void validate(const TrainOptions& options) {
  if (!(options.learning_rate > 0) || !std::isfinite(options.learning_rate))
    throw UsageError("learning rate must be a positive number, got " +
                     format_number(options.learning_rate));
  if (options.epochs < 1)
    throw UsageError("epochs must be at least 1, got " + std::to_string(options.epochs));
  if (options.log_every < 1)
    throw UsageError("log-every must be at least 1, got " + std::to_string(options.log_every));
}

RunVerdict judge_run(const CostLog& log) {
  auto number = [](double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3g", v);
    return std::string(buffer);
  };
  using Kind = RunVerdict::Kind;
  if (log.non_finite_epoch)
    return {Kind::diverged, "diverged: the cost was not finite at epoch " +
                                std::to_string(*log.non_finite_epoch) + ", training stopped"};
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
Trainer<T>::Trainer(Sequential<T>& model, const Matrix<T>& X, const Matrix<T>& Y) : model_(model) {
  if (X.cols() != Y.cols())
    throw ShapeError("X has " + std::to_string(X.cols()) + " examples (columns) but Y has " +
                     std::to_string(Y.cols()));
  if (X.cols() == 0) throw ShapeError("there are no training examples");
  X_ = graph_.add_data("X", X);
  Y_ = graph_.add_data("Y", Y);
  Y_hat_ = model_.build(graph_, X_);
  cost_ = graph_.template add<ops::SquaredErrorCost>("C", {Y_, Y_hat_});
}

template <class T>
T Trainer<T>::step(T learning_rate) {
  const T cost = forward_backward();
  model_.update_params(learning_rate);
  return cost;
}

template <class T>
T Trainer<T>::forward_backward() {
  graph_.forward();
  graph_.backward(cost_);
  return graph_.value(cost_)(0, 0);
}

template <class T>
CostLog Trainer<T>::run(const TrainOptions& options, const std::function<void(int, double)>& on_log,
                        const std::function<void(int, double)>& on_epoch) {
  validate(options);
  CostLog log;
  const size_t expected = static_cast<size_t>(options.epochs / options.log_every + 2);
  log.epochs.reserve(expected);
  log.costs.reserve(expected);
  const T learning_rate = static_cast<T>(options.learning_rate);
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    const double cost = static_cast<double>(forward_backward());
    if (!std::isfinite(cost)) {  // stop before a non-finite update spoils the parameters
      log.non_finite_epoch = epoch;
      break;
    }
    model_.update_params(learning_rate);
    if (on_epoch) on_epoch(epoch, cost);
    if (is_logged_epoch(epoch, options)) {
      log.epochs.push_back(epoch);
      log.costs.push_back(cost);
      if (on_log) on_log(epoch, cost);
    }
  }
  return log;
}

template <class T>
Prediction<T> predict(Sequential<T>& model, const Matrix<T>& X, const Matrix<T>& Y) {
  if (X.cols() != Y.cols())
    throw ShapeError("predict: X has " + std::to_string(X.cols()) + " examples but Y has " +
                     std::to_string(Y.cols()));
  Prediction<T> p;
  p.probabilities = model.forward(X);
  if (p.probabilities.rows() != Y.rows())
    throw ShapeError("predict: the model gives " + std::to_string(p.probabilities.rows()) +
                     " outputs per example but Y has " + std::to_string(Y.rows()) + " rows");
  p.labels = (p.probabilities.array() >= T(0.5)).template cast<T>();
  const Index correct = (p.labels.array() == Y.array()).count();
  p.accuracy_percent = Y.size() ? 100.0 * static_cast<double>(correct) / Y.size() : 0.0;
  return p;
}

template class Trainer<float>;
template class Trainer<double>;
template Prediction<float> predict(Sequential<float>&, const Matrix<float>&, const Matrix<float>&);
template Prediction<double> predict(Sequential<double>&, const Matrix<double>&,
                                    const Matrix<double>&);

}  // namespace scratchnet
