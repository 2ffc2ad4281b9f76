// The flags that say which data and which network: shared by every command that builds
// a network (train now; explain, sweep and gradcheck later).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scratchnet/scratchnet.hpp"

namespace scratchnet::cli {

struct NetworkFlags {
  std::string data = "xor";
  std::vector<std::string> cross;
  std::string hidden;
  std::string activation = "sigmoid";
  std::string init = "xavier";
  std::string init_params;
  std::uint32_t seed = 48;
};

void add_network_flags(CLI::App& command, NetworkFlags& flags);

// The dataset with its crosses, and the network initialised as the flags say. Throws
// scratchnet errors with one-line messages.
struct Setup {
  Dataset<double> data;
  std::vector<FeatureCross> crosses;
  Sequential<double> model;
  std::string init_description;  // "xavier, seed 48" or "from or.json"
};
Setup make_setup(const NetworkFlags& flags);

// Parses "3" or "5,3" into hidden layer sizes; "" means none.
std::vector<Index> parse_hidden(const std::string& text);

}  // namespace scratchnet::cli
