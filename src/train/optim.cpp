#include "scratchnet/train/optim.hpp"

#include <array>
#include <cmath>

#include "scratchnet/tensor/format.hpp"
#include "scratchnet/train/registry.hpp"

namespace scratchnet {

void validate(const OptimizerOptions& o) {
  if (!(o.learning_rate > 0) || !std::isfinite(o.learning_rate))
    throw FieldError("learning_rate",
                     "must be a positive number, got " + format_number(o.learning_rate));
  const OptimizerEntry& entry = find_choice(optimizer_registry(), o.choice.name, "optimizer");
  validate_choice(entry, with_defaults(entry, o.choice), "optimizer");
}

namespace {
template <class T>
std::vector<Matrix<T>> zeros_like(const std::vector<Parameter<T>*>& params) {
  std::vector<Matrix<T>> result;
  result.reserve(params.size());
  for (const Parameter<T>* p : params)
    result.push_back(Matrix<T>::Zero(p->value.rows(), p->value.cols()));
  return result;
}

// Copies `state`'s buffers into `targets` (named `names`, in that order) after checking that
// they are the same buffers with the parameters' shapes.
template <class T>
void load_buffers(const OptimizerState<T>& state, const std::vector<Parameter<T>*>& params,
                  const std::vector<std::string_view>& names,
                  const std::vector<std::vector<Matrix<T>>*>& targets) {
  std::string expected, got;
  for (std::string_view name : names)
    expected += (expected.empty() ? "" : ", ") + std::string(name);
  for (const auto& [name, buffer] : state.buffers)
    got += (got.empty() ? "" : ", ") + name;
  if (expected != got)
    throw DataError("optimizer state: expected the buffers [" + expected + "], got [" + got + "]");
  for (size_t b = 0; b < names.size(); ++b) {
    const std::vector<Matrix<T>>& buffer = state.buffers[b].second;
    if (buffer.size() != params.size())
      throw DataError("optimizer state: " + std::string(names[b]) + " has " +
                      std::to_string(buffer.size()) + " matrices, expected one per parameter (" +
                      std::to_string(params.size()) + ")");
    for (size_t i = 0; i < params.size(); ++i)
      if (buffer[i].rows() != params[i]->value.rows() ||
          buffer[i].cols() != params[i]->value.cols())
        throw DataError("optimizer state: " + std::string(names[b]) + "[" + std::to_string(i) +
                        "] is " + shape_of(buffer[i]).str() + ", its parameter is " +
                        shape_of(params[i]->value).str());
  }
  // Copied into the buffers allocated at construction, so step() still allocates nothing.
  for (size_t b = 0; b < names.size(); ++b)
    for (size_t i = 0; i < params.size(); ++i)
      (*targets[b])[i] = state.buffers[b].second[i];
}
}  // namespace

template <class T>
void Optimizer<T>::load_state(const OptimizerState<T>& state) {
  load_buffers<T>(state, params_, {}, {});
}

template <class T>
OptimizerState<T> SGD<T>::state() const {
  if (momentum_ == 0) return {};
  return {0, {{"velocity", velocity_}}};
}

template <class T>
void SGD<T>::load_state(const OptimizerState<T>& state) {
  if (momentum_ == 0) return Optimizer<T>::load_state(state);
  load_buffers<T>(state, this->params_, {"velocity"}, {&velocity_});
}

template <class T>
OptimizerState<T> Adam<T>::state() const {
  return {t_, {{"m", m_}, {"v", v_}}};
}

template <class T>
void Adam<T>::load_state(const OptimizerState<T>& state) {
  if (state.steps < 0)
    throw DataError("optimizer state: a negative step count " + std::to_string(state.steps));
  load_buffers<T>(state, this->params_, {"m", "v"}, {&m_, &v_});
  t_ = state.steps;
}

template <class T>
SGD<T>::SGD(std::vector<Parameter<T>*> params, double learning_rate, double momentum)
    : Optimizer<T>(std::move(params), learning_rate), momentum_(momentum) {
  if (momentum_ > 0) velocity_ = zeros_like(this->params_);
}

template <class T>
void SGD<T>::step() {
  const T lr = static_cast<T>(this->learning_rate_);
  if (momentum_ == 0) {
    for (Parameter<T>* p : this->params_)
      gradient_descent_step(*p, lr);  // θ ← θ − α·g
    return;
  }
  const T mu = static_cast<T>(momentum_);
  for (size_t i = 0; i < this->params_.size(); ++i) {
    Parameter<T>& p = *this->params_[i];
    // One pass over memory instead of two: v ← μ·v + g, then θ ← θ − α·v.
    T* v = velocity_[i].data();
    T* theta = p.value.data();
    const T* g = p.grad.data();
    for (Index k = 0; k < p.value.size(); ++k) {
      v[k] = mu * v[k] + g[k];
      theta[k] -= lr * v[k];
    }
  }
}

template <class T>
Adam<T>::Adam(std::vector<Parameter<T>*> params, double learning_rate, double beta1, double beta2,
              double eps)
    : Optimizer<T>(std::move(params), learning_rate), beta1_(beta1), beta2_(beta2), eps_(eps) {
  m_ = zeros_like(this->params_);
  v_ = zeros_like(this->params_);
}

template <class T>
void Adam<T>::step() {
  ++t_;
  const T b1 = static_cast<T>(beta1_), b2 = static_cast<T>(beta2_);
  // PyTorch's form: θ ← θ − (α / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
  const T step_size =
      static_cast<T>(this->learning_rate_ / (1 - std::pow(beta1_, static_cast<double>(t_))));
  const T root_correction2 =
      static_cast<T>(std::sqrt(1 - std::pow(beta2_, static_cast<double>(t_))));
  const T eps = static_cast<T>(eps_);
  for (size_t i = 0; i < this->params_.size(); ++i) {
    Parameter<T>& p = *this->params_[i];
    m_[i] = b1 * m_[i] + (T(1) - b1) * p.grad;
    v_[i] = b2 * v_[i] + (T(1) - b2) * p.grad.cwiseAbs2();
    p.value.array() -= step_size * m_[i].array() / (v_[i].array().sqrt() / root_correction2 + eps);
  }
}

template <class T>
RMSprop<T>::RMSprop(std::vector<Parameter<T>*> params, double learning_rate, double alpha,
                    double eps)
    : Optimizer<T>(std::move(params), learning_rate), alpha_(alpha), eps_(eps) {
  square_avg_ = zeros_like(this->params_);
}

template <class T>
void RMSprop<T>::step() {
  const T alpha = static_cast<T>(alpha_), eps = static_cast<T>(eps_);
  const T lr = static_cast<T>(this->learning_rate_);
  for (size_t i = 0; i < this->params_.size(); ++i) {
    Parameter<T>& p = *this->params_[i];
    // One pass over memory: v ← α·v + (1 − α)·g², then θ ← θ − lr·g / (√v + ε).
    T* v = square_avg_[i].data();
    T* theta = p.value.data();
    const T* g = p.grad.data();
    for (Index k = 0; k < p.value.size(); ++k) {
      v[k] = alpha * v[k] + (T(1) - alpha) * g[k] * g[k];
      theta[k] -= lr * g[k] / (std::sqrt(v[k]) + eps);
    }
  }
}

template <class T>
OptimizerState<T> RMSprop<T>::state() const {
  return {0, {{"square_avg", square_avg_}}};
}

template <class T>
void RMSprop<T>::load_state(const OptimizerState<T>& state) {
  load_buffers<T>(state, this->params_, {"square_avg"}, {&square_avg_});
}

template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(std::vector<Parameter<T>*> params,
                                             const OptimizerOptions& o) {
  validate(o);
  const OptimizerEntry& entry = find_choice(optimizer_registry(), o.choice.name, "optimizer");
  return entry.factory<T>()(std::move(params), o.learning_rate, with_defaults(entry, o.choice));
}

double LrSchedule::rate_at(double base_rate, int epoch) const {
  const ScheduleEntry* entry = try_find_choice(schedule_registry(), choice.name);
  if (!entry) return base_rate;  // validate() refuses it before training
  std::array<double, ScheduleEntry::kMaxParams> values{};
  for (size_t i = 0; i < entry->params.size() && i < values.size(); ++i) {
    const double given = choice.param(entry->params[i].name);
    values[i] = std::isnan(given) ? entry->params[i].default_value : given;
  }
  return entry->rate(base_rate, epoch, values);
}

void validate(const LrSchedule& s) {
  const ScheduleEntry& entry = find_choice(schedule_registry(), s.choice.name, "schedule");
  validate_choice(entry, with_defaults(entry, s.choice), "schedule");
}

template class Optimizer<float>;
template class Optimizer<double>;
template class SGD<float>;
template class SGD<double>;
template class Adam<float>;
template class Adam<double>;
template class RMSprop<float>;
template class RMSprop<double>;
template std::unique_ptr<Optimizer<float>> make_optimizer(std::vector<Parameter<float>*>,
                                                          const OptimizerOptions&);
template std::unique_ptr<Optimizer<double>> make_optimizer(std::vector<Parameter<double>*>,
                                                           const OptimizerOptions&);

}  // namespace scratchnet
