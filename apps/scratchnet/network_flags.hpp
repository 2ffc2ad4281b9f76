// The flags that say which data and which network, shared by every command that builds a
// network (train, explain, sweep, gradcheck): CLI11 options that fill a RunConfig, and the
// CLI's words for a RunConfig field in messages (learning_rate → --lr).
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scratchnet/run/session.hpp"
#include "scratchnet/scratchnet.hpp"

namespace scratchnet::cli {

// --data, --target and (with_split) --validation-split, straight into `config`.
void add_data_flags(CLI::App& command, RunConfig& config, bool with_split = false);

// What the network flags hold before they become RunConfig fields: texts to parse
// (--hidden 5,3) and the parameters of choices given by flag (--momentum 0.5).
struct NetworkFlags {
  RunConfig config;  // data, target, validation_split, init_params, seed: set directly
  std::vector<std::string> cross;
  std::string hidden;
  std::string activation = "sigmoid";
  std::string loss = "mse";
  std::string init = "xavier";
  std::map<std::string, double> params;  // by flag, e.g. {"--momentum", 0.5}

  // The RunConfig these flags describe (its other fields as `base` has them).
  RunConfig to_config(RunConfig base) const;
  RunConfig to_config() const { return to_config(config); }
};

void add_network_flags(CLI::App& command, NetworkFlags& flags, bool with_split = false);

// One option per distinct parameter flag of the registry of choice field `field`
// ("optimizer" → --momentum, --beta1, …), into flags.params; help derived from the entries.
void add_choice_param_flags(CLI::App& command, std::string_view field, NetworkFlags& flags);

// "sigmoid (σ(z) = …), relu (…) or tanh (…)": a choice field's entries for help.
std::string choices_help(std::string_view field, bool with_help = true);

// The CLI's words for a RunConfig field: "learning_rate" → "--lr", "optimizer.beta1" →
// "--beta1"; a name that is not a field stays as it is.
// --plot-format, --log-cost and --graph: the pictures a run draws in its --out.
void add_picture_flags(CLI::App& command, RunConfig& config);

std::string flag_of(std::string_view field);

template <class T>
using Setup = RunSetup<T>;
template <class T>
Setup<T> make_setup(const NetworkFlags& flags) {
  return make_run_setup<T>(flags.to_config());
}

// Parses "3" or "5,3" into hidden layer sizes; "" or "none" means none.
std::vector<Index> parse_hidden(const std::string& text);

}  // namespace scratchnet::cli
