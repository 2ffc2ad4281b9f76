#include "scratchnet/run/config.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "choices.hpp"
#include "scratchnet/data/registry.hpp"
#include "scratchnet/io/json_file.hpp"
#include "scratchnet/nn/registry.hpp"

namespace scratchnet {
namespace {

using json = nlohmann::ordered_json;

const RunConfigField kFields[] = {
    {"data", "a built-in dataset's name, a CSV file or a folder of MNIST-format files"},
    {"points", "how many points a generated set has (circle, quadrants, gaussians, …)"},
    {"noise", "σ of the Gaussian noise on each coordinate of a generated set"},
    {"data_seed", "seed of a generated set's points"},
    {"data_text", "a CSV file's text, when it comes without a file; data is its name"},
    {"target", "a CSV file's label column (default: the last)"},
    {"validation_split", "share of the examples held out to measure on (0: none)"},
    {"crosses",
     "feature crosses appended to the features, e.g. [\"0*1\"] for x1·x2, [\"sin(0)\"] for sin x1"},
    {"hidden", "hidden layer sizes, e.g. [5, 3]; [] for one layer"},
    {"activation", "the hidden layers' activation"},
    {"loss", "the cost, and with it the output layer"},
    {"init", "how the weights start (biases start at 0)"},
    {"init_params", "a JSON file of starting parameters; overrides init"},
    {"init_params_text", "such a file's text, when it comes without a file"},
    {"seed", "seed of the NumPy-compatible generator (np.random.seed)"},
    {"epochs", "full passes over the training data"},
    {"learning_rate", "α in θ ← θ − α·∂C/∂θ"},
    {"log_every", "record the cost every N epochs (null: 100, or 1 with mini-batches)"},
    {"batch", "examples per step; 0: the full batch, in order"},
    {"optimizer", "how gradients update the parameters"},
    {"schedule", "learning-rate decay"},
    {"l2", "λ of the L2 penalty λ/2·Σ‖W‖²"},
    {"dtype", "float64 or float32"},
    {"threads",
     "threads for matrix products (null: for large steps the cores other programs leave free, "
     "chosen before each epoch; else 1)"},
    {"stop_diverging", "stop when the cost rose N epochs in a row (0: never)"},
    {"out", "folder to write the run's files into (\"\": none)"},
    {"checkpoint_every", "a checkpoint every N epochs in out (0: none)"},
    {"resume", "continue the run whose checkpoint is in out"},
    {"force", "replace the run whose files are in out (they are removed first)"},
    {"graph", "also write graph.svg"},
    {"plot_format", "png, svg or pdf"},
    {"log_cost", "the learning curve's cost axis in log scale"},
};

constexpr const char* kChoiceFields[] = {"activation", "loss", "init", "optimizer", "schedule"};

Choice& choice_field(RunConfig& c, std::string_view field) {
  if (field == "activation") return c.activation;
  if (field == "loss") return c.loss;
  if (field == "init") return c.init;
  if (field == "optimizer") return c.optimizer;
  return c.schedule;
}

// The choice's entry: canonical name, its parameters in the entry's order, defaults where
// none was given.
Choice normalized_choice(const Choice& choice, std::string_view field) {
  const ChoiceInfo& entry = find_run_choice(field, choice.name);
  for (const auto& [key, value] : choice.params)
    if (!entry.find_param(key))
      throw FieldError(std::string(field) + "." + key,
                       "is not a parameter of " + std::string(entry.name) +
                           (entry.params.empty() ? " (it has none)" : ""));
  return with_defaults(entry, choice);
}

std::string integer_text(double v) {
  return format_number(v);
}

}  // namespace

std::span<const RunConfigField> run_config_fields() {
  return kFields;
}

std::vector<const ChoiceInfo*> run_choices(std::string_view field) {
  return run_detail::choices_of(field);
}

const ChoiceInfo& find_run_choice(std::string_view field, std::string_view name) {
  if (field == "activation") return find_hidden_activation(name, field);
  const std::vector<const ChoiceInfo*> entries = run_choices(field);
  for (const ChoiceInfo* e : entries)
    if (e->name == name ||
        std::find(e->aliases.begin(), e->aliases.end(), name) != e->aliases.end())
      return *e;
  throw FieldError(std::string(field), ": unknown choice '" + std::string(name) + "' (expected " +
                                           choice_names(entries) + ")");
}

RunConfig normalized(RunConfig config) {
  for (const char* field : kChoiceFields) {
    Choice& c = choice_field(config, field);
    c = normalized_choice(c, field);
  }
  return config;
}

bool is_float32(const RunConfig& config) {
  return config.dtype == "float32" || config.dtype == "float";
}

void validate(const RunConfig& c) {
  const DatasetEntry* builtin = c.data_text.empty() ? find_builtin_dataset(c.data) : nullptr;
  if (builtin && builtin->generated) {
    if (c.points < 4 || c.points > kMaxPlanePoints)
      throw FieldError("points", "must be 4 to " + std::to_string(kMaxPlanePoints) + ", got " +
                                     std::to_string(c.points));
    if (!(c.noise >= 0 && c.noise <= kMaxPlaneNoise))
      throw FieldError("noise", "must be in [0, " + format_number(kMaxPlaneNoise) + "], got " +
                                    format_number(c.noise));
  } else {
    const RunConfig defaults;
    const std::string fixed = "only a generated set of points takes it, but {data} " + c.data +
                              " is " + (builtin ? "fixed" : "read from a file");
    if (c.points != defaults.points) throw FieldError("points", ": " + fixed);
    if (c.noise != defaults.noise) throw FieldError("noise", ": " + fixed);
    if (c.data_seed != defaults.data_seed) throw FieldError("data_seed", ": " + fixed);
  }
  if (!(c.validation_split >= 0 && c.validation_split < 1))
    throw FieldError("validation_split", format_number(c.validation_split) +
                                             ": expected a fraction of the examples between 0 "
                                             "and 1 (e.g. 0.2)");
  for (Index size : c.hidden)
    if (size < 1)
      throw FieldError("hidden",
                       ": a hidden layer needs at least 1 neuron, got " + std::to_string(size));
  for (const char* field : kChoiceFields) {
    const Choice& choice = choice_field(const_cast<RunConfig&>(c), field);
    validate_choice(find_run_choice(field, choice.name), choice, field);
  }
  if (!(c.learning_rate > 0) || !std::isfinite(c.learning_rate))
    throw FieldError("learning_rate", "(the learning rate) must be a positive number, got " +
                                          format_number(c.learning_rate));
  if (c.epochs < 1)
    throw FieldError("epochs", "must be at least 1, got " + std::to_string(c.epochs));
  if (c.log_every && *c.log_every < 1)
    throw FieldError("log_every", "must be at least 1, got " + std::to_string(*c.log_every));
  if (c.batch < 0)
    throw FieldError(
        "batch", "must be at least 1 (or 0 for the full batch), got " + std::to_string(c.batch));
  if (!(c.l2 >= 0) || !std::isfinite(c.l2))
    throw FieldError("l2", "must be a number ≥ 0, got " + format_number(c.l2));
  if (c.stop_diverging < 0)
    throw FieldError("stop_diverging",
                     "must be at least 0 (0: never stop), got " + std::to_string(c.stop_diverging));
  if (c.dtype != "float64" && c.dtype != "double" && !is_float32(c))
    throw FieldError("dtype", ": unknown type '" + c.dtype + "' (expected float32 or float64)");
  if (c.threads && *c.threads < 1)
    throw FieldError("threads", "must be at least 1, got " + std::to_string(*c.threads));
  if (c.plot_format != "png" && c.plot_format != "svg" && c.plot_format != "pdf")
    throw FieldError("plot_format",
                     ": unknown plot format '" + c.plot_format + "' (expected png, svg or pdf)");
  if (c.graph && c.out.empty()) throw FieldError("graph", "needs {out} DIR to write to");
  if (c.checkpoint_every < 0)
    throw FieldError("checkpoint_every", "must be at least 1 (or 0 for none), got " +
                                             std::to_string(c.checkpoint_every));
  if (c.checkpoint_every > 0 && c.out.empty())
    throw FieldError("checkpoint_every", "needs {out} DIR to keep the checkpoint in");
  if (c.resume && c.out.empty())
    throw FieldError("resume", "needs {out}: the folder of the run to continue");
}

// ---------------------------------------------------------------------------------------
// JSON

namespace {

json choice_to_json(const Choice& c) {
  if (c.params.empty()) return c.name;
  json o = {{"name", c.name}};
  for (const auto& [key, value] : c.params)
    o[key] = value;
  return o;
}

template <class F>
auto optional_to_json(const std::optional<F>& v) {
  return v ? json(*v) : json(nullptr);
}

[[noreturn]] void wrong_type(std::string_view field, const char* expected, const json& v) {
  throw FieldError(std::string(field),
                   ": expected " + std::string(expected) + ", got " + std::string(v.type_name()) +
                       (v.is_primitive() && !v.is_null() ? " " + v.dump() : ""));
}

std::string as_string(const json& v, std::string_view field) {
  if (!v.is_string()) wrong_type(field, "a string", v);
  return v.get<std::string>();
}
double as_number(const json& v, std::string_view field) {
  if (!v.is_number()) wrong_type(field, "a number", v);
  return v.get<double>();
}
long long as_integer(const json& v, std::string_view field, long long lo, long long hi) {
  if (!v.is_number_integer() &&
      !(v.is_number_float() && v.get<double>() == std::floor(v.get<double>())))
    wrong_type(field, "an integer", v);
  const double d = v.get<double>();
  if (d < static_cast<double>(lo) || d > static_cast<double>(hi))
    throw FieldError(std::string(field), ": " + v.dump() + " is out of range (" +
                                             integer_text(static_cast<double>(lo)) + " to " +
                                             integer_text(static_cast<double>(hi)) + ")");
  return v.is_number_integer() ? v.get<long long>() : static_cast<long long>(d);
}
int as_int(const json& v, std::string_view field) {
  return static_cast<int>(as_integer(v, field, -2147483648LL, 2147483647LL));
}
bool as_bool(const json& v, std::string_view field) {
  if (!v.is_boolean()) wrong_type(field, "true or false", v);
  return v.get<bool>();
}
Choice as_choice(const json& v, std::string_view field) {
  if (v.is_string()) return {v.get<std::string>(), {}};
  if (!v.is_object()) wrong_type(field, "a name or an object {\"name\": …}", v);
  if (!v.contains("name")) throw FieldError(std::string(field) + ".name", "is missing");
  Choice c{as_string(v["name"], std::string(field) + ".name"), {}};
  for (const auto& [key, value] : v.items())
    if (key != "name") c.params.emplace_back(key, as_number(value, std::string(field) + "." + key));
  return c;
}
template <class F>
std::vector<F> as_list(const json& v, std::string_view field,
                       F (*item)(const json&, std::string_view)) {
  if (!v.is_array()) wrong_type(field, "a list", v);
  std::vector<F> result;
  for (size_t i = 0; i < v.size(); ++i)
    result.push_back(item(v[i], std::string(field) + "[" + std::to_string(i) + "]"));
  return result;
}
Index as_size(const json& v, std::string_view field) {
  return static_cast<Index>(as_integer(v, field, -(1LL << 40), 1LL << 40));
}

}  // namespace

std::string to_json(const RunConfig& c) {
  json o = {{"data", c.data},
            {"points", c.points},
            {"noise", c.noise},
            {"data_seed", c.data_seed},
            {"data_text", c.data_text},
            {"target", c.target},
            {"validation_split", c.validation_split},
            {"crosses", c.crosses},
            {"hidden", c.hidden},
            {"activation", choice_to_json(c.activation)},
            {"loss", choice_to_json(c.loss)},
            {"init", choice_to_json(c.init)},
            {"init_params", c.init_params},
            {"init_params_text", c.init_params_text},
            {"seed", c.seed},
            {"epochs", c.epochs},
            {"learning_rate", c.learning_rate},
            {"log_every", optional_to_json(c.log_every)},
            {"batch", c.batch},
            {"optimizer", choice_to_json(c.optimizer)},
            {"schedule", choice_to_json(c.schedule)},
            {"l2", c.l2},
            {"dtype", c.dtype},
            {"threads", optional_to_json(c.threads)},
            {"stop_diverging", c.stop_diverging},
            {"out", c.out},
            {"checkpoint_every", c.checkpoint_every},
            {"resume", c.resume},
            {"force", c.force},
            {"graph", c.graph},
            {"plot_format", c.plot_format},
            {"log_cost", c.log_cost}};
  return o.dump(2) + "\n";
}

RunConfig run_config_from_json(std::string_view text, std::string_view origin) {
  json o;
  try {
    o = parse_json_text(text, origin, "a JSON object of run settings");
  } catch (const DataError& e) {
    throw UsageError(e.what());  // a config is a request, like the flags it stands for
  }
  if (!o.is_object())
    throw UsageError(std::string(origin) + ": expected a JSON object of run settings, got " +
                     o.type_name());
  RunConfig c;
  for (const auto& [key, v] : o.items()) {
    const std::string_view f = key;
    if (f == "data")
      c.data = as_string(v, f);
    else if (f == "points")
      c.points = as_size(v, f);
    else if (f == "noise")
      c.noise = as_number(v, f);
    else if (f == "data_seed")
      c.data_seed = static_cast<std::uint32_t>(as_integer(v, f, 0, 4294967295LL));
    else if (f == "data_text")
      c.data_text = as_string(v, f);
    else if (f == "target")
      c.target = as_string(v, f);
    else if (f == "validation_split")
      c.validation_split = as_number(v, f);
    else if (f == "crosses")
      c.crosses = as_list<std::string>(v, f, as_string);
    else if (f == "hidden")
      c.hidden = as_list<Index>(v, f, as_size);
    else if (f == "activation")
      c.activation = as_choice(v, f);
    else if (f == "loss")
      c.loss = as_choice(v, f);
    else if (f == "init")
      c.init = as_choice(v, f);
    else if (f == "init_params")
      c.init_params = as_string(v, f);
    else if (f == "init_params_text")
      c.init_params_text = as_string(v, f);
    else if (f == "seed")
      c.seed = static_cast<std::uint32_t>(as_integer(v, f, 0, 4294967295LL));
    else if (f == "epochs")
      c.epochs = as_int(v, f);
    else if (f == "learning_rate")
      c.learning_rate = as_number(v, f);
    else if (f == "log_every")
      c.log_every = v.is_null() ? std::nullopt : std::optional(as_int(v, f));
    else if (f == "batch")
      c.batch = as_size(v, f);
    else if (f == "optimizer")
      c.optimizer = as_choice(v, f);
    else if (f == "schedule")
      c.schedule = as_choice(v, f);
    else if (f == "l2")
      c.l2 = as_number(v, f);
    else if (f == "dtype")
      c.dtype = as_string(v, f);
    else if (f == "threads")
      c.threads = v.is_null() ? std::nullopt : std::optional(as_int(v, f));
    else if (f == "stop_diverging")
      c.stop_diverging = as_int(v, f);
    else if (f == "out")
      c.out = as_string(v, f);
    else if (f == "checkpoint_every")
      c.checkpoint_every = as_int(v, f);
    else if (f == "resume")
      c.resume = as_bool(v, f);
    else if (f == "force")
      c.force = as_bool(v, f);
    else if (f == "graph")
      c.graph = as_bool(v, f);
    else if (f == "plot_format")
      c.plot_format = as_string(v, f);
    else if (f == "log_cost")
      c.log_cost = as_bool(v, f);
    else {
      std::string names;
      for (const RunConfigField& field : kFields)
        names += (names.empty() ? "" : ", ") + std::string(field.name);
      throw FieldError(key, "is not a field of a run config (expected one of " + names + ")");
    }
  }
  return c;
}

}  // namespace scratchnet
