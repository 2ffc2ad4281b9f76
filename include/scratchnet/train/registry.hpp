// The train floor's user-visible choices, one registry each: optimisers and learning-rate
// schedules. A new choice is one entry here — its name, one-line help and parameters, as in
// tensor/choice.hpp — plus its class or formula and tests; the CLI's flags and help,
// RunConfig's JSON and every message listing the choices read these lists.
#pragma once

#include <array>
#include <memory>
#include <span>
#include <type_traits>
#include <vector>

#include "scratchnet/tensor/choice.hpp"
#include "scratchnet/train/optim.hpp"

namespace scratchnet {

// An optimiser: how to build it from the parameters, α and a choice whose every parameter is
// given and in range (make_optimizer checks).
struct OptimizerEntry : ChoiceInfo {
  template <class T>
  using Factory = std::unique_ptr<Optimizer<T>> (*)(std::vector<Parameter<T>*> params,
                                                    double learning_rate, const Choice& choice);
  Factory<float> make_float = nullptr;
  Factory<double> make_double = nullptr;

  template <class T>
  Factory<T> factory() const {
    if constexpr (std::is_same_v<T, float>)
      return make_float;
    else
      return make_double;
  }
};
std::span<const OptimizerEntry> optimizer_registry();

// A learning-rate schedule: the rate for an epoch (0-based) from the base rate α and the
// parameters' values, in the entry's order.
struct ScheduleEntry : ChoiceInfo {
  static constexpr size_t kMaxParams = 4;
  double (*rate)(double base_rate, int epoch,
                 const std::array<double, kMaxParams>& params) = nullptr;
};
std::span<const ScheduleEntry> schedule_registry();

}  // namespace scratchnet
