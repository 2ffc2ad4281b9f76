#include "network_flags.hpp"

#include <charconv>
#include <set>

namespace scratchnet::cli {

void add_data_flags(CLI::App& command, RunConfig& config, bool with_split) {
  command
      .add_option("--data", config.data,
                  "Data: a built-in dataset, " + choices_help("data") +
                      "; a folder of MNIST-format IDX files (train-images-idx3-ubyte, "
                      "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, "
                      "raw or .gz: MNIST, KMNIST, …; classes 0…K−1, with --loss softmax-ce); or a "
                      "CSV file with a header row, numeric feature columns and a label column "
                      "(rows are examples)")
      ->capture_default_str();
  command.add_option("--points", config.points,
                     "How many points a generated set has (circle, quadrants, gaussians, spiral, "
                     "blobs3; default 200)");
  command.add_option("--noise", config.noise,
                     "σ of the Gaussian noise added to each coordinate of a generated set (the "
                     "shapes span about [−1, 1]; default 0)");
  command.add_option("--data-seed", config.data_seed,
                     "Seed of a generated set's points (default 0; --seed is the network's)");
  command.add_option("--target", config.target,
                     "The label column of a CSV file, by header name (default: the last column)");
  if (with_split)
    command.add_option("--validation-split", config.validation_split,
                       "Hold out this share of the examples (e.g. 0.2), chosen by --seed, to "
                       "measure accuracy on data the network did not learn from (for datasets "
                       "without a test split)");
}

std::string choices_help(std::string_view field, bool with_help) {
  const std::vector<const ChoiceInfo*> entries = run_choices(field);
  std::string text;
  for (size_t i = 0; i < entries.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == entries.size() ? " or " : ", ") + std::string(entries[i]->name);
    if (with_help && !entries[i]->help.empty()) text += " (" + std::string(entries[i]->help) + ")";
  }
  return text;
}

void add_choice_param_flags(CLI::App& command, std::string_view field, NetworkFlags& flags) {
  // A flag shared by several entries (--lr-gamma: step's and exponential's γ) is one option:
  // "γ, the factor of each decay (--lr-decay step or exponential; default 1)".
  struct Use {
    const ParamSpec* param;
    std::vector<std::string> entries;
    bool same_default = true;
  };
  std::map<std::string, Use> uses;
  std::vector<std::string> order;
  for (const ChoiceInfo* entry : run_choices(field))
    for (const ParamSpec& p : entry->params) {
      const std::string flag(p.flag);
      if (!uses.count(flag)) order.push_back(flag);
      Use& use = uses.try_emplace(flag, Use{&p, {}}).first->second;
      use.entries.emplace_back(entry->name);
      use.same_default = use.same_default && p.default_value == use.param->default_value;
    }
  const std::string field_flag = field == "schedule" ? "--lr-decay" : "--" + std::string(field);
  for (const std::string& flag : order) {
    const Use& use = uses.at(flag);
    std::string names;
    for (size_t i = 0; i < use.entries.size(); ++i)
      names += (i == 0 ? "" : i + 1 == use.entries.size() ? " or " : ", ") + use.entries[i];
    const std::string help =
        std::string(use.param->help) + " (" + field_flag + " " + names +
        (use.same_default ? "; default " + format_number(use.param->default_value) : "") + ")";
    command
        .add_option_function<double>(
            flag, [&flags, flag](double v) { flags.params[flag] = v; }, help)
        ->type_name(use.param->integer ? "INT" : "FLOAT");
  }
}

void add_network_flags(CLI::App& command, NetworkFlags& flags, bool with_split) {
  add_data_flags(command, flags.config, with_split);
  command
      .add_option("--cross", flags.cross,
                  "Feature crosses to append, e.g. 0*1 adds x1·x2 as a new feature, sin(0) "
                  "adds sin x1 (0-based feature indices; several comma-separated or repeated)")
      ->delimiter(',');
  command.add_option("--hidden", flags.hidden,
                     "Hidden layer sizes, e.g. 3 or 5,3; none means a 1-layer network "
                     "(inputs straight to the output neuron)");
  command
      .add_option("--activation", flags.activation,
                  "Activation of the hidden layers: " + choices_help("activation"))
      ->capture_default_str();
  add_choice_param_flags(command, "activation", flags);
  command
      .add_option("--loss", flags.loss,
                  "The cost and the output layer: " + choices_help("loss") +
                      ". Cross-entropies are computed from the logits, stably")
      ->capture_default_str();
  command
      .add_option("--init", flags.init,
                  "Weight initialisation: " + choices_help("init") + "; biases start at 0")
      ->capture_default_str();
  command.add_option("--init-params", flags.config.init_params,
                     "JSON file of starting parameters, a list of {\"W\": [[…]], \"b\": [[…]]}, "
                     "one per linear layer, first layer first; overrides --init");
  command
      .add_option("--seed", flags.config.seed,
                  "Seed of the NumPy-compatible random generator (np.random.seed)")
      ->capture_default_str();
}

namespace {
// The parameters of `choice`'s entry that were given by flag.
void apply_params(Choice& choice, std::string_view field, const NetworkFlags& flags) {
  const ChoiceInfo* entry = nullptr;
  for (const ChoiceInfo* e : run_choices(field))
    if (e->name == choice.name ||
        std::find(e->aliases.begin(), e->aliases.end(), choice.name) != e->aliases.end())
      entry = e;
  if (!entry) return;  // an unknown name: validate() says so, naming the choices
  for (const ParamSpec& p : entry->params)
    if (const auto it = flags.params.find(std::string(p.flag)); it != flags.params.end())
      choice.set(p.name, it->second);
}
}  // namespace

RunConfig NetworkFlags::to_config(RunConfig c) const {
  // A parameter given by flag is checked against its range even when the choice that takes
  // it was not made: --momentum -0.1 is a mistake with any optimiser.
  for (const auto& [flag, value] : params)
    for (const char* field : {"activation", "optimizer", "schedule"})
      for (const ChoiceInfo* entry : run_choices(field))
        for (const ParamSpec& p : entry->params)
          if (p.flag == flag && !p.accepts(value))
            throw FieldError(std::string(field) + "." + std::string(p.name),
                             "must be " + p.range_text() + ", got " + format_number(value));
  c.data = config.data;
  c.points = config.points;
  c.noise = config.noise;
  c.data_seed = config.data_seed;
  c.target = config.target;
  c.validation_split = config.validation_split;
  c.init_params = config.init_params;
  c.seed = config.seed;
  c.crosses = cross;
  c.hidden = parse_hidden(hidden);
  c.activation = {activation, {}};
  c.loss = {loss, {}};
  c.init = {init, {}};
  apply_params(c.activation, "activation", *this);
  apply_params(c.optimizer, "optimizer", *this);
  apply_params(c.schedule, "schedule", *this);
  // A parameter of a choice this run did not make would be silently unused: say so.
  for (const auto& [flag, value] : params)
    for (const auto& [field, chosen] :
         {std::pair{"activation", &c.activation}, std::pair{"optimizer", &c.optimizer},
          std::pair{"schedule", &c.schedule}}) {
      std::vector<std::string> takers;
      bool taken = false;
      for (const ChoiceInfo* entry : run_choices(field))
        for (const ParamSpec& p : entry->params)
          if (p.flag == flag) {
            takers.emplace_back(entry->name);
            taken = taken || entry == &find_run_choice(field, chosen->name);
          }
      if (takers.empty() || taken) continue;
      std::string names;
      for (size_t i = 0; i < takers.size(); ++i)
        names += (i == 0 ? "" : i + 1 == takers.size() ? " or " : ", ") + takers[i];
      throw UsageError(flag + " is a parameter of " + flag_of(field) + " " + names +
                       ", but this run's " + flag_of(field) + " is " + chosen->name);
    }
  return c;
}

void add_picture_flags(CLI::App& command, RunConfig& config) {
  command.add_option("--plot-format", config.plot_format, "Format of the plots: png, svg or pdf")
      ->capture_default_str();
  command.add_flag("--log-cost", config.log_cost,
                   "Draw the learning curve's cost axis in log scale");
  command.add_flag("--graph", config.graph,
                   "Also write graph.svg: the computational graph with every node's value and "
                   "gradient after training (needs --out)");
}

std::string flag_of(std::string_view field) {
  static const std::map<std::string_view, std::string_view> flags = {
      {"data", "--data"},
      {"target", "--target"},
      {"points", "--points"},
      {"noise", "--noise"},
      {"data_seed", "--data-seed"},
      {"data_text", "the uploaded CSV"},
      {"validation_split", "--validation-split"},
      {"crosses", "--cross"},
      {"hidden", "--hidden"},
      {"activation", "--activation"},
      {"loss", "--loss"},
      {"init", "--init"},
      {"init_params", "--init-params"},
      {"seed", "--seed"},
      {"epochs", "--epochs"},
      {"learning_rate", "--lr"},
      {"log_every", "--log-every"},
      {"batch", "--batch"},
      {"optimizer", "--optimizer"},
      {"schedule", "--lr-decay"},
      {"l2", "--l2"},
      {"dtype", "--dtype"},
      {"threads", "--threads"},
      {"stop_diverging", "--stop-diverging"},
      {"out", "--out"},
      {"checkpoint_every", "--checkpoint-every"},
      {"resume", "--resume"},
      {"force", "--force"},
      {"graph", "--graph"},
      {"example", "--example"},  // explain's
      {"plot_format", "--plot-format"},
      {"log_cost", "--log-cost"}};
  if (const auto it = flags.find(field); it != flags.end()) return std::string(it->second);
  if (const size_t dot = field.find('.'); dot != std::string_view::npos)
    for (const ChoiceInfo* entry : run_choices(field.substr(0, dot)))
      if (const ParamSpec* p = entry->find_param(field.substr(dot + 1)))
        return std::string(p->flag);
  return std::string(field);
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

}  // namespace scratchnet::cli
