// What a RunConfig's data and network fields turn into: the data (with its test or
// validation part and the feature crosses) and the initialised network. Every front-end
// and every command that builds a network (train, explain, sweep, gradcheck) starts here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scratchnet/data/csv.hpp"
#include "scratchnet/data/data.hpp"
#include "scratchnet/data/idx.hpp"
#include "scratchnet/io/model_file.hpp"
#include "scratchnet/nn/nn.hpp"
#include "scratchnet/run/config.hpp"

namespace scratchnet {

// The data to learn from and, when there is one, the data to measure on: the dataset's own
// test split (Fashion-MNIST, a folder of MNIST-format files) or the examples
// validation_split holds out (chosen by seed).
template <class T>
struct RunData {
  Dataset<T> train;
  std::optional<Dataset<T>> test;
};
// Reads config.data: a built-in dataset, a CSV file or a folder of IDX files. Throws
// FieldError (a field that does not fit the data), DataError (the file) or UsageError.
template <class T>
RunData<T> load_run_data(const RunConfig& config, LabelKind labels = LabelKind::binary);

// The dataset with its crosses, and the network initialised as the config says.
template <class T>
struct RunSetup {
  Dataset<T> raw;                  // as read: the raw features, before crosses
  Dataset<T> data;                 // what the network sees: raw features then crosses
  std::optional<Dataset<T>> test;  // the same for the test (or validation) part, if any
  std::vector<FeatureCross> crosses;
  Loss loss = Loss::mse;
  Sequential<T> model;
  std::string init_description;  // "xavier, seed 48" or "from or.json"
};
// Normalises and validates `config` first (FieldError before reading a large dataset).
template <class T>
RunSetup<T> make_run_setup(const RunConfig& config);

// A freshly initialised network for `setup`'s data, as the config says (what
// make_run_setup does after loading the data); sets setup.model and setup.init_description.
template <class T>
void initialise_model(RunSetup<T>& setup, const RunConfig& config);

// The model file of a trained network: the model, the raw feature names and the crosses.
template <class T>
SavedModel<T> to_saved_model(RunSetup<T>&& setup);

// The number of classes of a dataset with class labels: its class names, or the largest
// label + 1.
template <class T>
Index class_count(const Dataset<T>& data);

// The names of the built-in datasets, e.g. for help: "or, and, xor, fashion-mnist".
std::vector<std::string> builtin_dataset_names();

}  // namespace scratchnet
