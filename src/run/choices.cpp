#include "choices.hpp"

#include <vector>

#include "scratchnet/data/registry.hpp"
#include "scratchnet/nn/registry.hpp"
#include "scratchnet/train/registry.hpp"

namespace scratchnet::run_detail {
namespace {

template <class Entry>
void add_all(std::span<const Entry> registry, std::vector<const ChoiceInfo*>& entries) {
  for (const Entry& e : registry)
    entries.push_back(&e);
}

}  // namespace

std::vector<const ChoiceInfo*> choices_of(std::string_view field) {
  std::vector<const ChoiceInfo*> entries;
  if (field == "activation")  // the hidden layers': the loss chooses the output layer
    for (const ActivationEntry* e : hidden_activations())
      entries.push_back(e);
  if (field == "loss") add_all(loss_registry(), entries);
  if (field == "init") add_all(init_registry(), entries);
  if (field == "optimizer") add_all(optimizer_registry(), entries);
  if (field == "schedule") add_all(schedule_registry(), entries);
  if (field == "data") add_all(dataset_registry(), entries);
  return entries;
}

}  // namespace scratchnet::run_detail
