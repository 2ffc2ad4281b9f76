#include "choices.hpp"

#include <vector>

#include "scratchnet/nn/registry.hpp"

namespace scratchnet::run_detail {
namespace {

template <class Entry>
void add_all(std::span<const Entry> registry, std::vector<const ChoiceInfo*>& entries) {
  for (const Entry& e : registry)
    entries.push_back(&e);
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
  std::vector<const ChoiceInfo*> entries;
  if (field == "activation")  // the hidden layers': the loss chooses the output layer
    for (const ActivationEntry* e : hidden_activations())
      entries.push_back(e);
  if (field == "loss") add_all(loss_registry(), entries);
  if (field == "init") add_all(init_registry(), entries);
  const std::vector<ChoiceInfo>* list = field == "optimizer"  ? &optimizers()
                                        : field == "schedule" ? &schedules()
                                                              : nullptr;
  if (list)
    for (const ChoiceInfo& e : *list)
      entries.push_back(&e);
  return entries;
}

}  // namespace scratchnet::run_detail
