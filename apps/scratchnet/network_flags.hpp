// The flags that say which data and which network: shared by every command that builds
// a network (train, explain, sweep).
#pragma once

#include <CLI/CLI.hpp>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scratchnet/data/idx.hpp"
#include "scratchnet/scratchnet.hpp"

namespace scratchnet::cli {

// --data: a built-in gate (or, and, xor), fashion-mnist, or a CSV file; --target: its label
// column; --validation-split: a share of the examples held out to measure on.
struct DataFlags {
  std::string data = "xor";
  std::string target;
  double validation_split = 0;  // 0: none
};
// `with_split`: also add --validation-split (train only).
void add_data_flags(CLI::App& command, DataFlags& flags, bool with_split = false);

// The data to learn from and, when there is one, the data to measure on: the dataset's own
// test split (Fashion-MNIST) or the examples --validation-split holds out.
template <class T>
struct LoadedData {
  Dataset<T> train;
  std::optional<Dataset<T>> test;
};
// Throws DataError / UsageError. `seed` picks the held-out examples.
template <class T>
LoadedData<T> load_data(const DataFlags& flags, std::uint32_t seed = 48,
                        LabelKind labels = LabelKind::binary);

struct NetworkFlags {
  DataFlags data;
  std::vector<std::string> cross;
  std::string hidden;
  std::string activation = "sigmoid";
  std::string loss = "mse";
  std::string init = "xavier";
  std::string init_params;
  std::uint32_t seed = 48;
};

void add_network_flags(CLI::App& command, NetworkFlags& flags, bool with_split = false);

// The dataset with its crosses, and the network initialised as the flags say. Throws
// scratchnet errors with one-line messages.
template <class T>
struct Setup {
  Dataset<T> raw;                  // as read: the raw features, before crosses
  Dataset<T> data;                 // what the network sees: raw features then crosses
  std::optional<Dataset<T>> test;  // the same for the test (or validation) part, if any
  std::vector<FeatureCross> crosses;
  Loss loss = Loss::mse;
  Sequential<T> model;
  std::string init_description;  // "xavier, seed 48" or "from or.json"
};
template <class T>
Setup<T> make_setup(const NetworkFlags& flags);

// A freshly initialised network for `setup`'s data, as the flags say (what make_setup does
// after loading the data); sets setup.model and setup.init_description.
template <class T>
void initialise_model(Setup<T>& setup, const NetworkFlags& flags);

// The model file of a trained network: the model, the raw feature names and the crosses.
template <class T>
SavedModel<T> to_saved_model(Setup<T>&& setup);

// Creates the --out folder if needed; UsageError naming it when that is impossible.
std::filesystem::path prepare_out_dir(const std::string& out);

// The --out folder of a run, created at once (prepare_out_dir) so that a path that cannot be
// written is refused before any work. A run that fails (an exception leaves the scope of the
// OutFolder) removes the folders it created, with what it wrote in them: a failing run leaves
// --out as it found it. A folder that existed before keeps what it held.
class OutFolder {
 public:
  explicit OutFolder(const std::string& out);
  ~OutFolder();
  OutFolder(const OutFolder&) = delete;
  OutFolder& operator=(const OutFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path created_;  // the outermost folder this run created; empty if none
  int exceptions_ = std::uncaught_exceptions();
};

// Parses "3" or "5,3" into hidden layer sizes; "" means none.
std::vector<Index> parse_hidden(const std::string& text);

// The number of classes of a dataset with class labels: its class names, or the largest
// label + 1.
template <class T>
Index class_count(const Dataset<T>& data);

}  // namespace scratchnet::cli
