#include "scratchnet/run/setup.hpp"

#include <algorithm>
#include <filesystem>

#include "scratchnet/data/csv.hpp"
#include "scratchnet/data/registry.hpp"
#include "scratchnet/io/io.hpp"

namespace scratchnet {

std::vector<std::string> builtin_dataset_names() {
  std::vector<std::string> names;
  for (const DatasetEntry& e : dataset_registry())
    names.emplace_back(e.name);
  return names;
}

template <class T>
RunData<T> load_run_data(const RunConfig& config, LabelKind labels) {
  RunData<T> loaded;
  const DatasetEntry* builtin =
      config.data_text.empty() ? find_builtin_dataset(config.data) : nullptr;
  if (!config.data_text.empty()) {
    loaded.train = parse_csv_dataset<T>(config.data_text, config.data, config.target, labels);
  } else if (builtin) {
    if (!config.target.empty())
      throw FieldError("target",
                       "names a CSV column, but {data} " + config.data + " is a built-in dataset");
    if (builtin->has_test_split && config.validation_split > 0)
      throw FieldError("validation_split",
                       ": " + std::string(builtin->name) + " has a test split of its own");
    TrainTestSplit<T> split =
        builtin->load<T>(PlaneOptions{config.points, config.noise, config.data_seed});
    loaded.train = std::move(split.train);
    if (builtin->has_test_split) {
      loaded.test = std::move(split.test);
      return loaded;
    }
  } else if (std::error_code ec; std::filesystem::is_directory(config.data, ec) &&
                                 std::filesystem::path(config.data).extension() != ".csv") {
    // A folder of IDX files: MNIST, KMNIST, … (a folder named *.csv is a mistaken CSV path)
    if (!config.target.empty())
      throw FieldError(
          "target", "names a CSV column, but {data} " + config.data + " is a folder of IDX files");
    if (config.validation_split != 0)
      throw FieldError("validation_split",
                       ": the folder " + config.data + " has a test split of its own (t10k-…)");
    const std::filesystem::path dir = std::filesystem::path(config.data).lexically_normal();
    const std::string name =
        dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
    TrainTestSplit<T> split = load_idx_folder<T>(config.data, name.empty() ? config.data : name);
    loaded.train = std::move(split.train);
    loaded.test = std::move(split.test);
    return loaded;
  } else if (config.data.find('.') == std::string::npos &&
             config.data.find('/') == std::string::npos && !std::filesystem::exists(config.data)) {
    std::string names;
    for (const std::string& name : builtin_dataset_names())
      names += name + ", ";
    throw UsageError("unknown dataset '" + config.data + "' (expected " + names +
                     "the path of a CSV file or of a folder of IDX files)");
  } else {
    loaded.train = read_csv_dataset<T>(config.data, config.target, labels);
  }
  if (config.validation_split != 0) {
    TrainTestSplit<T> split =
        split_validation(std::move(loaded.train), config.validation_split, config.seed);
    loaded.train = std::move(split.train);
    loaded.test = std::move(split.test);
  }
  return loaded;
}

template <class T>
Index class_count(const Dataset<T>& data) {
  if (!data.class_names.empty()) return static_cast<Index>(data.class_names.size());
  return data.Y.size() ? static_cast<Index>(data.Y.maxCoeff()) + 1 : 0;
}

template <class T>
RunSetup<T> make_run_setup(const RunConfig& given) {
  const RunConfig config = normalized(given);
  validate(config);  // before reading a large dataset
  RunSetup<T> setup;
  setup.loss = parse_loss(config.loss.name);
  std::string crosses;
  for (const std::string& c : config.crosses)
    crosses += (crosses.empty() ? "" : ",") + c;
  if (!crosses.empty()) setup.crosses = parse_crosses(crosses);
  RunData<T> loaded;
  try {
    loaded = load_run_data<T>(
        config, setup.loss == Loss::softmax_ce ? LabelKind::class_index : LabelKind::binary);
  } catch (const LabelError& e) {
    // Labels 0, 1, 2, … under a sigmoid loss: the fix is the loss, a field of the run.
    if (!e.class_like()) throw;
    throw FieldError("loss", ": " + std::string(e.what()) +
                                 "; for class indices 0, 1, 2, … use {loss} softmax-ce");
  }
  if (setup.crosses.empty()) {  // no copy: a large dataset is held once
    setup.data = std::move(loaded.train);
    setup.raw.name = setup.data.name;
    setup.raw.feature_names = setup.data.feature_names;
    if (setup.data.X.rows() == 2) setup.raw = setup.data;  // small: kept for the plots
  } else {
    setup.raw = std::move(loaded.train);
    setup.data = setup.raw;
    add_crosses(setup.data, setup.crosses);
  }
  if (loaded.test) {
    setup.test = std::move(loaded.test);
    if (!setup.crosses.empty()) add_crosses(*setup.test, setup.crosses);
  }
  initialise_model(setup, config);
  return setup;
}

template <class T>
void initialise_model(RunSetup<T>& setup, const RunConfig& config) {
  NetworkSpec spec;
  spec.n_inputs = setup.data.X.rows();
  spec.hidden = config.hidden;
  spec.activation = config.activation;  // with its parameters
  spec.init = parse_init(config.init.name);
  spec.loss = setup.loss;
  if (spec.loss == Loss::softmax_ce) {
    spec.n_outputs = class_count(setup.data);
    if (setup.test) spec.n_outputs = std::max(spec.n_outputs, class_count(*setup.test));
  }
  NumpyRandom rng(config.seed);
  setup.model = make_network<T>(spec, rng);
  setup.init_description =
      std::string(to_string(spec.init)) + ", seed " + std::to_string(config.seed);
  if (!config.init_params_text.empty()) {
    const std::string name = config.init_params.empty() ? "init_params_text" : config.init_params;
    set_params(setup.model, parse_params_json<T>(config.init_params_text, name), name);
    setup.init_description = "from " + name;
  } else if (!config.init_params.empty()) {
    set_params(setup.model, load_params_json<T>(config.init_params), config.init_params);
    setup.init_description = "from " + config.init_params;
  }
}

template <class T>
SavedModel<T> to_saved_model(RunSetup<T>&& setup) {
  SavedModel<T> saved;
  saved.model = std::move(setup.model);
  saved.feature_names = setup.raw.feature_names;
  saved.crosses = setup.crosses;
  return saved;
}

template RunData<float> load_run_data(const RunConfig&, LabelKind);
template RunData<double> load_run_data(const RunConfig&, LabelKind);
template RunSetup<float> make_run_setup(const RunConfig&);
template RunSetup<double> make_run_setup(const RunConfig&);
template void initialise_model(RunSetup<float>&, const RunConfig&);
template void initialise_model(RunSetup<double>&, const RunConfig&);
template SavedModel<float> to_saved_model(RunSetup<float>&&);
template SavedModel<double> to_saved_model(RunSetup<double>&&);
template Index class_count(const Dataset<float>&);
template Index class_count(const Dataset<double>&);

}  // namespace scratchnet
