#include "choices.hpp"

#include <vector>

namespace scratchnet::run_detail {
namespace {

const std::vector<ChoiceInfo>& activations() {
  static const std::vector<ChoiceInfo> list = {{"sigmoid", "σ(z) = 1/(1 + e^−z), the article's"},
                                               {"relu", "max(0, z); pair it with --init he"},
                                               {"tanh", "tanh(z)"},
                                               {"softmax", "e^z / Σe^z per example"}};
  return list;
}
const std::vector<ChoiceInfo>& losses() {
  static const std::vector<ChoiceInfo> list = {
      {"mse", "the article's squared error 1/(2m)·Σ(Y−Ŷ)², sigmoid output"},
      {"bce", "binary cross-entropy, sigmoid output"},
      {"softmax-ce", "softmax over the classes 0…K−1, cross-entropy", {}, {"softmax_ce"}}};
  return list;
}
const std::vector<ChoiceInfo>& inits() {
  static const std::vector<ChoiceInfo> list = {
      {"plain", "randn·0.01"}, {"xavier", "randn/√n_in"}, {"he", "randn·√(2/n_in)"}};
  return list;
}
const std::vector<ChoiceInfo>& optimizers() {
  static const std::vector<ChoiceInfo> list = {
      {"sgd", "θ ← θ − α·g"},
      {"momentum",
       "v ← μ·v + g, θ ← θ − α·v",
       {{"momentum", "--momentum", "μ", 0.9, 0, 1, true, false}}},
      {"adam",
       "Adam",
       {{"beta1", "--beta1", "β₁", 0.9, 0, 1, true, false},
        {"beta2", "--beta2", "β₂", 0.999, 0, 1, true, false},
        {"eps", "--eps", "ε", 1e-8, 0, INFINITY, false, true}}}};
  return list;
}
const std::vector<ChoiceInfo>& schedules() {
  static const std::vector<ChoiceInfo> list = {
      {"none", "α"},
      {"step",
       "α·γ^⌊epoch/N⌋",
       {{"gamma", "--lr-gamma", "γ", 1, 0, 1, false, true},
        {"step_size", "--lr-step", "N", 1, 1, INFINITY, true, true, true}}},
      {"exponential", "α·γ^epoch", {{"gamma", "--lr-gamma", "γ", 1, 0, 1, false, true}}}};
  return list;
}

}  // namespace

std::vector<const ChoiceInfo*> choices_of(std::string_view field) {
  const std::vector<ChoiceInfo>* list = field == "activation"  ? &activations()
                                        : field == "loss"      ? &losses()
                                        : field == "init"      ? &inits()
                                        : field == "optimizer" ? &optimizers()
                                        : field == "schedule"  ? &schedules()
                                                               : nullptr;
  std::vector<const ChoiceInfo*> entries;
  if (list)
    for (const ChoiceInfo& e : *list)
      entries.push_back(&e);
  return entries;
}

}  // namespace scratchnet::run_detail
