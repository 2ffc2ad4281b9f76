// Optimisers: how a step of training turns gradients into new parameters. The formulas
// are PyTorch's (torch.optim), so a run can be compared with one written in PyTorch.
//
//   auto opt = make_optimizer<float>(model.parameters(), {.choice = "adam"});
//   opt->zero_grad();           // gradients accumulate over backward passes
//   graph.forward(); graph.backward(cost);
//   opt->step();                // θ ← θ − update
//
// State (velocities, moment estimates) is allocated once, in the constructor: step()
// allocates nothing.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "scratchnet/graph/graph.hpp"
#include "scratchnet/tensor/choice.hpp"

namespace scratchnet {

// An optimiser chosen from optimizer_registry() (train/registry.hpp) with its parameters,
// e.g. {"momentum", {{"momentum", 0.9}}}, and the learning rate α it starts with.
struct OptimizerOptions {
  Choice choice{"sgd"};
  double learning_rate = 1.0;  // α
};
// Throws FieldError naming the field ("learning_rate", "optimizer.beta1", "optimizer: unknown
// choice …") when a value is out of its range.
void validate(const OptimizerOptions& options);

// What an optimiser carries from one step to the next, to continue a run in another process
// (a checkpoint): named buffers of one matrix per parameter ("velocity"; "m" and "v") and the
// number of steps taken (Adam's t).
template <class T>
struct OptimizerState {
  long long steps = 0;
  std::vector<std::pair<std::string, std::vector<Matrix<T>>>> buffers{};
};

template <class T>
class Optimizer {
 public:
  explicit Optimizer(std::vector<Parameter<T>*> params, double learning_rate)
      : params_(std::move(params)), learning_rate_(learning_rate) {}
  virtual ~Optimizer() = default;

  // Sets every parameter's gradient to zero.
  void zero_grad() { scratchnet::zero_grad<T>(params_); }
  // One update of every parameter from its gradient.
  virtual void step() = 0;

  // The state, copied out; and back in. load_state throws DataError naming what does not
  // fit: another optimiser's buffers, another number of parameters, a shape.
  virtual OptimizerState<T> state() const { return {}; }
  virtual void load_state(const OptimizerState<T>& state);

  double learning_rate() const { return learning_rate_; }
  void set_learning_rate(double lr) { learning_rate_ = lr; }  // for schedules
  const std::vector<Parameter<T>*>& parameters() const { return params_; }

 protected:
  std::vector<Parameter<T>*> params_;
  double learning_rate_;
};

// Gradient descent, the article's update:    θ ← θ − α·g
// With momentum μ > 0 (PyTorch's SGD):       v ← μ·v + g,  θ ← θ − α·v
template <class T>
class SGD : public Optimizer<T> {
 public:
  SGD(std::vector<Parameter<T>*> params, double learning_rate, double momentum = 0);
  void step() override;
  OptimizerState<T> state() const override;
  void load_state(const OptimizerState<T>& state) override;

 private:
  double momentum_;
  std::vector<Matrix<T>> velocity_;  // one per parameter, when momentum > 0
};

// Adam (PyTorch's, without weight decay):
//   m ← β₁·m + (1 − β₁)·g        v ← β₂·v + (1 − β₂)·g²
//   θ ← θ − α · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
template <class T>
class Adam : public Optimizer<T> {
 public:
  Adam(std::vector<Parameter<T>*> params, double learning_rate, double beta1 = 0.9,
       double beta2 = 0.999, double eps = 1e-8);
  void step() override;
  OptimizerState<T> state() const override;
  void load_state(const OptimizerState<T>& state) override;

 private:
  double beta1_, beta2_, eps_;
  long long t_ = 0;  // steps taken
  std::vector<Matrix<T>> m_, v_;
};

// RMSprop (PyTorch's, without momentum, centering or weight decay):
//   v ← α·v + (1 − α)·g²        θ ← θ − α_lr · g / (√v + ε)
template <class T>
class RMSprop : public Optimizer<T> {
 public:
  RMSprop(std::vector<Parameter<T>*> params, double learning_rate, double alpha = 0.99,
          double eps = 1e-8);
  void step() override;
  OptimizerState<T> state() const override;
  void load_state(const OptimizerState<T>& state) override;

 private:
  double alpha_, eps_;
  std::vector<Matrix<T>> square_avg_;  // v, one per parameter
};

template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(std::vector<Parameter<T>*> params,
                                             const OptimizerOptions& options);

// Learning-rate decay, the article's "annealing": a schedule from schedule_registry()
// (train/registry.hpp) with its parameters, e.g. {"step", {{"gamma", 0.5}, {"step_size", 3}}}.
struct LrSchedule {
  Choice choice{"none"};
  // The rate for an epoch (0-based); parameters not given take their defaults. Allocates
  // nothing: called every epoch.
  double rate_at(double base_rate, int epoch) const;
};
void validate(const LrSchedule& schedule);  // FieldError naming "schedule.gamma", …

extern template class Optimizer<float>;
extern template class Optimizer<double>;
extern template class SGD<float>;
extern template class SGD<double>;
extern template class Adam<float>;
extern template class Adam<double>;
extern template class RMSprop<float>;
extern template class RMSprop<double>;

}  // namespace scratchnet
