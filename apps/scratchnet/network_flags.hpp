// The flags that say which data and which network: shared by every command that builds
// a network (train, explain, sweep).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scratchnet/scratchnet.hpp"

namespace scratchnet::cli {

// --data: a built-in gate (or, and, xor) or a CSV file; --target: its label column.
struct DataFlags {
  std::string data = "xor";
  std::string target;
};
void add_data_flags(CLI::App& command, DataFlags& flags);
// The raw dataset (before feature crosses). Throws DataError / UsageError.
Dataset<double> load_data(const DataFlags& flags);

struct NetworkFlags {
  DataFlags data;
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
  Dataset<double> raw;   // as read: the raw features, before crosses
  Dataset<double> data;  // what the network sees: raw features then crosses
  std::vector<FeatureCross> crosses;
  Sequential<double> model;
  std::string init_description;  // "xavier, seed 48" or "from or.json"
};
Setup make_setup(const NetworkFlags& flags);

// A freshly initialised network for `setup`'s data, as the flags say (what make_setup does
// after loading the data); sets setup.model and setup.init_description.
void initialise_model(Setup& setup, const NetworkFlags& flags);

// The model file of a trained network: the model, the raw feature names and the crosses.
SavedModel<double> to_saved_model(Setup&& setup);

// Creates the --out folder if needed; UsageError naming it when that is impossible.
std::filesystem::path prepare_out_dir(const std::string& out);

// Parses "3" or "5,3" into hidden layer sizes; "" means none.
std::vector<Index> parse_hidden(const std::string& text);

}  // namespace scratchnet::cli
