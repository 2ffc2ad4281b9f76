// A whole run, described once: which data, which features, which network, how to train it
// and what to write. Every front-end (the CLI, the page, Python) translates its input into
// a RunConfig and hands it to a Session (session.hpp); the JSON form is what the page and
// Python send.
//
//   RunConfig config = run_config_from_json(R"({"data": "xor", "hidden": [3]})");
//   validate(config);          // FieldError naming the field: "learning_rate must be …"
//   std::string text = to_json(config);   // round-trips exactly
//
// Fields are named in the article's words; a user-visible choice (activation, loss, init,
// optimizer, schedule) is a Choice: a registry entry's name and its parameters.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scratchnet/tensor/choice.hpp"
#include "scratchnet/tensor/tensor.hpp"

namespace scratchnet {

struct RunConfig {
  // The data: a built-in dataset's name (or, and, xor, fashion-mnist), the path of a CSV
  // file, or a folder of MNIST-format IDX files.
  std::string data = "xor";
  // The generated sets of points (circle, quadrants, gaussians, spiral, blobs3): how many,
  // the σ of the noise on each coordinate, and the seed they are drawn from.
  Index points = 200;
  double noise = 0;
  std::uint32_t data_seed = 0;
  // A CSV file's text itself, when it came without a file (a page's upload); `data` is then
  // the name it goes by in messages.
  std::string data_text;
  std::string target;                // a CSV file's label column by header name; "": the last
  double validation_split = 0;       // a share of the examples held out to measure on; 0: none
  std::vector<std::string> crosses;  // feature crosses appended to the features, e.g. "0*1"

  // The network: hidden layer sizes (none: one layer), their activation, the output and its
  // cost (the loss), how the weights start (or a JSON file of starting parameters).
  std::vector<Index> hidden;
  Choice activation{"sigmoid"};
  Choice loss{"mse"};
  Choice init{"xavier"};
  std::string init_params;  // path of a JSON file of parameters; overrides init
  // Such a file's text itself, when it came without a file (the page); init_params is then
  // the name it goes by in messages.
  std::string init_params_text;
  std::uint32_t seed = 48;  // np.random.seed: initialisation, shuffles, validation split

  // Training.
  int epochs = 5000;
  double learning_rate = 1.0;    // α in θ ← θ − α·∂C/∂θ
  std::optional<int> log_every;  // default: 100, or 1 with mini-batches (long epochs)
  Index batch = 0;               // examples per step; 0: the full batch, in order
  Choice optimizer{"sgd"};
  Choice schedule{"none"};        // learning-rate decay
  double l2 = 0;                  // λ of λ/2·Σ‖W‖²
  std::string dtype = "float64";  // or float32
  std::optional<int> threads;     // default: the free cores for large steps, else 1
  int stop_diverging = 10;        // see TrainOptions::stop_diverging

  // Outputs, written in `out` (none when empty).
  std::string out;
  int checkpoint_every = 0;         // a checkpoint every N epochs in out; 0: none
  bool resume = false;              // continue the run whose checkpoint is in out
  bool force = false;               // replace another run's files in out (removed first)
  bool graph = false;               // also graph.svg: every node's value and gradient
  std::string plot_format = "png";  // png, svg or pdf
  bool log_cost = false;            // the learning curve's cost axis in log scale

  bool operator==(const RunConfig&) const = default;
};

// The fields of a RunConfig, in order, with a line on each: for help, and for front-ends
// that map fields to their own words (the CLI's flags).
struct RunConfigField {
  std::string_view name;
  std::string_view help;
};
std::span<const RunConfigField> run_config_fields();

// The registry entries a choice field ("activation", "loss", "init", "optimizer",
// "schedule") takes, and the built-in datasets "data" may name; empty for any other field.
std::vector<const ChoiceInfo*> run_choices(std::string_view field);
// The entry a choice names (or an alias of it); FieldError listing the choices otherwise.
const ChoiceInfo& find_run_choice(std::string_view field, std::string_view name);

// Every choice's parameters filled in with their defaults where missing, names made
// canonical (aliases replaced), then every field checked. Throws FieldError naming the
// field (e.g. "optimizer.beta1 must be in [0, 1), got 2").
RunConfig normalized(RunConfig config);
void validate(const RunConfig& config);

// JSON: an object with the fields above; a choice is its name, or {"name": …, params…}
// when it has parameters. Missing fields keep their defaults. from_json throws FieldError
// naming the field for a wrong type or unknown field, UsageError for text that is not
// JSON (with its line and column); `origin` (e.g. a file name) starts those messages.
std::string to_json(const RunConfig& config);
RunConfig run_config_from_json(std::string_view text, std::string_view origin = "run config");

// The number type a config asks for: true for float32.
bool is_float32(const RunConfig& config);

}  // namespace scratchnet
