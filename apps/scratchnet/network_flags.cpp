#include "network_flags.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

namespace scratchnet::cli {

void add_data_flags(CLI::App& command, DataFlags& flags, bool with_split) {
  command
      .add_option("--data", flags.data,
                  "Data: a built-in logic gate, or, and or xor (4 examples, features x1, x2); "
                  "fashion-mnist (70000 28×28 images of 10 kinds of clothing, from the Debian "
                  "package dataset-fashion-mnist; its 10000 test images are used for "
                  "evaluation); a folder of MNIST-format IDX files (train-images-idx3-ubyte, "
                  "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, "
                  "raw or .gz: MNIST, KMNIST, …; classes 0…K−1, with --loss softmax-ce); or a "
                  "CSV file with a header row, numeric feature columns and a label column "
                  "(rows are examples)")
      ->capture_default_str();
  command.add_option("--target", flags.target,
                     "The label column of a CSV file, by header name (default: the last column)");
  if (with_split)
    command.add_option("--validation-split", flags.validation_split,
                       "Hold out this share of the examples (e.g. 0.2), chosen by --seed, to "
                       "measure accuracy on data the network did not learn from (for datasets "
                       "without a test split)");
}

template <class T>
LoadedData<T> load_data(const DataFlags& flags, std::uint32_t seed, LabelKind labels) {
  std::string lower = flags.data;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  const std::vector<std::string> gates = gate_names();
  LoadedData<T> loaded;
  const bool is_gate = std::find(gates.begin(), gates.end(), lower) != gates.end();
  if ((is_gate || lower == "fashion-mnist") && !flags.target.empty())
    throw UsageError("--target names a CSV column, but --data " + flags.data +
                     " is a built-in dataset");
  if (is_gate) {
    loaded.train = gate_dataset<T>(lower);
  } else if (lower == "fashion-mnist") {
    if (flags.validation_split > 0)
      throw UsageError("--validation-split: fashion-mnist has a test split of its own");
    TrainTestSplit<T> split = load_fashion_mnist<T>();
    loaded.train = std::move(split.train);
    loaded.test = std::move(split.test);
    return loaded;
  } else if (std::error_code ec; std::filesystem::is_directory(flags.data, ec) &&
                                 std::filesystem::path(flags.data).extension() != ".csv") {
    // A folder of IDX files: MNIST, KMNIST, … (a folder named *.csv is a mistaken CSV path)
    if (!flags.target.empty())
      throw UsageError("--target names a CSV column, but --data " + flags.data +
                       " is a folder of IDX files");
    if (flags.validation_split != 0)
      throw UsageError("--validation-split: the folder " + flags.data +
                       " has a test split of its own (t10k-…)");
    const std::filesystem::path dir = std::filesystem::path(flags.data).lexically_normal();
    const std::string name =
        dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
    TrainTestSplit<T> split = load_idx_folder<T>(flags.data, name.empty() ? flags.data : name);
    loaded.train = std::move(split.train);
    loaded.test = std::move(split.test);
    return loaded;
  } else if (flags.data.find('.') == std::string::npos &&
             flags.data.find('/') == std::string::npos && !std::filesystem::exists(flags.data)) {
    throw UsageError("unknown dataset '" + flags.data +
                     "' (expected or, and, xor, fashion-mnist, the path of a CSV file or of a "
                     "folder of IDX files)");
  } else {
    loaded.train = read_csv_dataset<T>(flags.data, flags.target, labels);
  }
  if (flags.validation_split != 0) {
    TrainTestSplit<T> split =
        split_validation(std::move(loaded.train), flags.validation_split, seed);
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

void add_network_flags(CLI::App& command, NetworkFlags& flags, bool with_split) {
  add_data_flags(command, flags.data, with_split);
  command
      .add_option("--cross", flags.cross,
                  "Feature crosses to append, e.g. 0*1 adds x1·x2 as a new feature "
                  "(0-based feature indices; several comma-separated or repeated)")
      ->delimiter(',');
  command.add_option("--hidden", flags.hidden,
                     "Hidden layer sizes, e.g. 3 or 5,3; none means a 1-layer network "
                     "(inputs straight to the output neuron)");
  command
      .add_option("--activation", flags.activation,
                  "Activation of the hidden layers: sigmoid (the article's), relu "
                  "(max(0, z); pair it with --init he) or tanh")
      ->capture_default_str();
  command
      .add_option("--loss", flags.loss,
                  "The cost and the output layer: mse (the article's squared error, sigmoid "
                  "output), bce (binary cross-entropy, sigmoid output) or softmax-ce (softmax "
                  "over the classes 0…K−1 of the label column, cross-entropy; for "
                  "fashion-mnist). Cross-entropies are computed from the logits, stably")
      ->capture_default_str();
  command
      .add_option("--init", flags.init,
                  "Weight initialisation: plain (randn·0.01), xavier (randn/√n_in) or "
                  "he (randn·√(2/n_in)); biases start at 0")
      ->capture_default_str();
  command.add_option("--init-params", flags.init_params,
                     "JSON file of starting parameters, a list of {\"W\": [[…]], \"b\": [[…]]}, "
                     "one per linear layer, first layer first; overrides --init");
  command
      .add_option("--seed", flags.seed,
                  "Seed of the NumPy-compatible random generator (np.random.seed)")
      ->capture_default_str();
}

template <class T>
SavedModel<T> to_saved_model(Setup<T>&& setup) {
  SavedModel<T> saved;
  saved.model = std::move(setup.model);
  saved.feature_names = setup.raw.feature_names;
  saved.crosses = setup.crosses;
  return saved;
}

std::filesystem::path prepare_out_dir(const std::string& out) {
  std::error_code ec;
  if (std::filesystem::exists(out, ec) && !std::filesystem::is_directory(out, ec))
    throw UsageError("--out: '" + out + "' is a file, expected a folder to write into");
  std::filesystem::create_directories(out, ec);
  if (ec || !std::filesystem::is_directory(out))
    throw UsageError("--out: cannot create the folder '" + out + "'" +
                     (ec ? ": " + ec.message() : ""));
  if (::access(out.c_str(), W_OK) != 0)
    throw UsageError("--out: cannot write in the folder '" + out + "': " + std::strerror(errno));
  return out;
}

OutFolder::OutFolder(const std::string& out) : path_(out) {
  std::error_code ec;
  for (std::filesystem::path p = path_; !p.empty() && !std::filesystem::exists(p, ec);
       p = p.parent_path()) {
    created_ = p;
    if (p == p.parent_path()) break;
  }
  prepare_out_dir(out);
}

OutFolder::~OutFolder() {
  if (std::uncaught_exceptions() > exceptions_ && !created_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(created_, ec);  // best effort: the run's error is the news
  }
}

std::vector<Index> parse_hidden(const std::string& text) {
  std::vector<Index> sizes;
  if (text.empty() || text == "none") return sizes;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    long value = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size())
      throw UsageError("--hidden: '" + item + "' is not a layer size (expected e.g. 3 or 5,3)");
    if (value < 1)
      throw UsageError("--hidden: a hidden layer needs at least 1 neuron, got " + item);
    sizes.push_back(value);
    start = comma + 1;
  }
  return sizes;
}

template <class T>
Setup<T> make_setup(const NetworkFlags& flags) {
  Setup<T> setup;
  setup.loss = parse_loss(flags.loss);
  parse_init(flags.init);  // refuse bad flags before reading a large dataset
  make_activation_layer<T>(flags.activation);
  parse_hidden(flags.hidden);
  std::string crosses;
  for (const std::string& c : flags.cross)
    crosses += (crosses.empty() ? "" : ",") + c;
  if (!crosses.empty()) setup.crosses = parse_crosses(crosses);
  LoadedData<T> loaded =
      load_data<T>(flags.data, flags.seed,
                   setup.loss == Loss::softmax_ce ? LabelKind::class_index : LabelKind::binary);
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
  initialise_model(setup, flags);
  return setup;
}

template <class T>
void initialise_model(Setup<T>& setup, const NetworkFlags& flags) {
  NetworkSpec spec;
  spec.n_inputs = setup.data.X.rows();
  spec.hidden = parse_hidden(flags.hidden);
  spec.activation = flags.activation;
  spec.init = parse_init(flags.init);
  spec.loss = setup.loss;
  if (spec.loss == Loss::softmax_ce) {
    spec.n_outputs = class_count(setup.data);
    if (setup.test) spec.n_outputs = std::max(spec.n_outputs, class_count(*setup.test));
  }
  NumpyRandom rng(flags.seed);
  setup.model = make_network<T>(spec, rng);
  setup.init_description =
      std::string(to_string(spec.init)) + ", seed " + std::to_string(flags.seed);
  if (!flags.init_params.empty()) {
    set_params(setup.model, load_params_json<T>(flags.init_params), flags.init_params);
    setup.init_description = "from " + flags.init_params;
  }
}

template LoadedData<float> load_data(const DataFlags&, std::uint32_t, LabelKind);
template LoadedData<double> load_data(const DataFlags&, std::uint32_t, LabelKind);
template Setup<float> make_setup(const NetworkFlags&);
template Setup<double> make_setup(const NetworkFlags&);
template void initialise_model(Setup<float>&, const NetworkFlags&);
template void initialise_model(Setup<double>&, const NetworkFlags&);
template SavedModel<float> to_saved_model(Setup<float>&&);
template SavedModel<double> to_saved_model(Setup<double>&&);
template Index class_count(const Dataset<float>&);
template Index class_count(const Dataset<double>&);

}  // namespace scratchnet::cli
