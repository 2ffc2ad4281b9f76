#include "network_flags.hpp"

#include <charconv>

namespace scratchnet::cli {

void add_network_flags(CLI::App& command, NetworkFlags& flags) {
  command
      .add_option("--data", flags.data,
                  "Training data: a built-in logic gate, or, and or xor (4 examples, "
                  "features x1, x2)")
      ->capture_default_str();
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
  setup.data = gate_dataset<double>(flags.data);
  std::string crosses;
  for (const std::string& c : flags.cross)
    crosses += (crosses.empty() ? "" : ",") + c;
  if (!crosses.empty()) setup.crosses = parse_crosses(crosses);
  add_crosses(setup.data, setup.crosses);

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
  return setup;
}

}  // namespace scratchnet::cli
