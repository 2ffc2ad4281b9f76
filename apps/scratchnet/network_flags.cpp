#include "network_flags.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

namespace scratchnet::cli {

void add_data_flags(CLI::App& command, DataFlags& flags) {
  command
      .add_option("--data", flags.data,
                  "Data: a built-in logic gate, or, and or xor (4 examples, features x1, x2), "
                  "or a CSV file with a header row, numeric feature columns and a 0/1 label "
                  "column (rows are examples)")
      ->capture_default_str();
  command.add_option("--target", flags.target,
                     "The label column of a CSV file, by header name (default: the last column)");
}

Dataset<double> load_data(const DataFlags& flags) {
  std::string lower = flags.data;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  const std::vector<std::string> gates = gate_names();
  if (std::find(gates.begin(), gates.end(), lower) != gates.end()) {
    if (!flags.target.empty())
      throw UsageError("--target names a CSV column, but --data " + flags.data +
                       " is a built-in gate");
    return gate_dataset<double>(lower);
  }
  if (flags.data.find('.') == std::string::npos && flags.data.find('/') == std::string::npos &&
      !std::filesystem::exists(flags.data))
    throw UsageError("unknown dataset '" + flags.data +
                     "' (expected or, and, xor, or the path of a CSV file)");
  return read_csv_dataset<double>(flags.data, flags.target);
}

void add_network_flags(CLI::App& command, NetworkFlags& flags) {
  add_data_flags(command, flags.data);
  command
      .add_option("--cross", flags.cross,
                  "Feature crosses to append, e.g. 0*1 adds x1·x2 as a new feature "
                  "(0-based feature indices; several comma-separated or repeated)")
      ->delimiter(',');
  command.add_option("--hidden", flags.hidden,
                     "Hidden layer sizes, e.g. 3 or 5,3; none means a 1-layer network "
                     "(inputs straight to the output neuron)");
  command.add_option("--activation", flags.activation, "Activation of the hidden layers: sigmoid")
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

SavedModel<double> to_saved_model(Setup&& setup) {
  SavedModel<double> saved;
  saved.model = std::move(setup.model);
  saved.feature_names = setup.raw.feature_names;
  saved.crosses = setup.crosses;
  return saved;
}

std::filesystem::path prepare_out_dir(const std::string& out) {
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec || !std::filesystem::is_directory(out))
    throw UsageError("--out: cannot create the folder '" + out + "'" +
                     (ec ? ": " + ec.message() : ""));
  if (::access(out.c_str(), W_OK) != 0)
    throw UsageError("--out: cannot write in the folder '" + out + "': " + std::strerror(errno));
  return out;
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

Setup make_setup(const NetworkFlags& flags) {
  Setup setup;
  setup.raw = load_data(flags.data);
  setup.data = setup.raw;
  std::string crosses;
  for (const std::string& c : flags.cross)
    crosses += (crosses.empty() ? "" : ",") + c;
  if (!crosses.empty()) setup.crosses = parse_crosses(crosses);
  add_crosses(setup.data, setup.crosses);
  initialise_model(setup, flags);
  return setup;
}

void initialise_model(Setup& setup, const NetworkFlags& flags) {
  NetworkSpec spec;
  spec.n_inputs = setup.data.X.rows();
  spec.hidden = parse_hidden(flags.hidden);
  spec.activation = flags.activation;
  spec.init = parse_init(flags.init);
  NumpyRandom rng(flags.seed);
  setup.model = make_network<double>(spec, rng);
  setup.init_description =
      std::string(to_string(spec.init)) + ", seed " + std::to_string(flags.seed);
  if (!flags.init_params.empty()) {
    set_params(setup.model, load_params_json<double>(flags.init_params), flags.init_params);
    setup.init_description = "from " + flags.init_params;
  }
}

}  // namespace scratchnet::cli
