// The entries of the train floor's registries (include/scratchnet/train/registry.hpp).
#include "scratchnet/train/registry.hpp"

#include <cmath>

namespace scratchnet {
namespace {

// μ, β₁, β₂ and the like: a decay rate in [0, 1).
ParamSpec rate_param(std::string_view name, std::string_view flag, std::string_view help,
                     double default_value) {
  return {name, flag, help, default_value, 0, 1, true, false};
}
const ParamSpec kEps{"eps", "--eps", "ε, keeps the division finite", 1e-8, 0, INFINITY, false};
const ParamSpec kGamma{"gamma", "--lr-gamma", "γ, the factor of each decay", 1, 0, 1, false};

template <class T>
std::unique_ptr<Optimizer<T>> make_sgd(std::vector<Parameter<T>*> params, double lr,
                                       const Choice&) {
  return std::make_unique<SGD<T>>(std::move(params), lr);
}
template <class T>
std::unique_ptr<Optimizer<T>> make_momentum(std::vector<Parameter<T>*> params, double lr,
                                            const Choice& c) {
  return std::make_unique<SGD<T>>(std::move(params), lr, c.param("momentum"));
}
template <class T>
std::unique_ptr<Optimizer<T>> make_adam(std::vector<Parameter<T>*> params, double lr,
                                        const Choice& c) {
  return std::make_unique<Adam<T>>(std::move(params), lr, c.param("beta1"), c.param("beta2"),
                                   c.param("eps"));
}

template <class T>
std::unique_ptr<Optimizer<T>> make_rmsprop(std::vector<Parameter<T>*> params, double lr,
                                           const Choice& c) {
  return std::make_unique<RMSprop<T>>(std::move(params), lr, c.param("alpha"), c.param("eps"));
}

}  // namespace

std::span<const OptimizerEntry> optimizer_registry() {
  static const std::vector<OptimizerEntry> entries = {
      {{"sgd", "gradient descent, the article's: θ ← θ − α·g"},
       &make_sgd<float>,
       &make_sgd<double>},
      {{"momentum",
        "v ← μ·v + g, θ ← θ − α·v",
        {rate_param("momentum", "--momentum", "μ, how much of the last step is kept", 0.9)}},
       &make_momentum<float>,
       &make_momentum<double>},
      {{"adam",
        "steps by running means of g and g²",
        {rate_param("beta1", "--beta1", "β₁, the decay of the mean of g", 0.9),
         rate_param("beta2", "--beta2", "β₂, the decay of the mean of g²", 0.999), kEps}},
       &make_adam<float>,
       &make_adam<double>},
      {{"rmsprop",
        "steps by g over a running root mean square of g",
        {rate_param("alpha", "--alpha", "α, the decay of the mean of g²", 0.99), kEps}},
       &make_rmsprop<float>,
       &make_rmsprop<double>},
  };
  return entries;
}

std::span<const ScheduleEntry> schedule_registry() {
  using Params = std::array<double, ScheduleEntry::kMaxParams>;
  static const std::vector<ScheduleEntry> entries = {
      {{"none", "a constant rate α"}, [](double lr, int, const Params&) { return lr; }},
      {{"step",
        "α·γ^⌊epoch/N⌋: γ times smaller every N epochs",
        {kGamma,
         {"step_size", "--lr-step", "N, the epochs between decays", 1, 1, INFINITY, true, true,
          true}}},
       [](double lr, int epoch, const Params& p) {
         return lr * std::pow(p[0], epoch / static_cast<int>(p[1]));
       }},
      {{"exponential", "α·γ^epoch: γ times smaller every epoch", {kGamma}, {"exp"}},
       [](double lr, int epoch, const Params& p) { return lr * std::pow(p[0], epoch); }},
  };
  return entries;
}

}  // namespace scratchnet
