// The registries a RunConfig's choices are checked against, one per choice field.
#pragma once

#include <string_view>
#include <vector>

#include "scratchnet/tensor/choice.hpp"

namespace scratchnet::run_detail {

// The registry of the choice field `field` ("activation", "loss", "init", "optimizer",
// "schedule"); empty for any other name.
std::vector<const ChoiceInfo*> choices_of(std::string_view field);

}  // namespace scratchnet::run_detail
