// What decides a session's result (the settings a checkpoint must match) and the session
// in words.
#include <charconv>
#include <cstdio>
#include <cstring>

#include "scratchnet/run/session.hpp"
#include "scratchnet/tensor/format.hpp"
#include "scratchnet/tensor/hash.hpp"
#include "scratchnet/tensor/threads.hpp"
#include "scratchnet/train/registry.hpp"
#include "session_parts.hpp"

namespace scratchnet {

template <class T>
std::string fingerprint_of(const std::vector<const Matrix<T>*>& matrices) {
  Fnv1a64 hash;
  for (const Matrix<T>* m : matrices) {
    hash.add_word(static_cast<std::uint64_t>(m->rows()));
    hash.add_word(static_cast<std::uint64_t>(m->cols()));
    const auto* bytes = reinterpret_cast<const unsigned char*>(m->data());
    const size_t size = static_cast<size_t>(m->size()) * sizeof(T);
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
      std::uint64_t word;
      std::memcpy(&word, bytes + i, 8);
      hash.add_word(word);
    }
    for (; i < size; ++i)
      hash.add_word(bytes[i]);
  }
  return hash.hex();
}

namespace {

std::string joined(const std::vector<std::string>& names, const char* separator = ", ") {
  std::string s;
  for (const auto& n : names)
    s += (s.empty() ? "" : separator) + n;
  return s;
}

}  // namespace

// Everything that decides a run's costs and parameters, by field: a checkpoint may only be
// continued by a run with the same. Parameters of choices not taken (β₁ without Adam) are
// not in the config at all, so changing them is harmless. The thread count is in: OpenBLAS's
// float32 products round differently with 1, 2 or 4 threads (README, "Determinism"). The data
// and the initial parameters are fingerprinted as well, which catches a CSV or init_params
// file changed in place. Computed only when a checkpoint is read or written (the data's
// fingerprint reads every number once).
template <class T>
const RunSettings& Session<T>::settings() {
  if (settings_) return *settings_;
  const RunConfig& c = config_;
  std::vector<std::string> hidden;
  for (Index h : c.hidden)
    hidden.push_back(std::to_string(h));
  RunSettings s = {
      {"data", c.data},
      {"target", c.target},
      {"validation_split", shortest_text(c.validation_split)},
      {"crosses", joined(c.crosses)},
      {"hidden", joined(hidden, ",")},
      {"activation", c.activation.name},
      {"loss", c.loss.name},
      {"init", c.init.name},
      {"init_params", c.init_params},
      {"seed", std::to_string(c.seed)},
      {"dtype", dtype_name<T>()},
      {"threads", governor_ ? "up to " + std::to_string(max_threads_) + ", as the load allows"
                            : std::to_string(max_threads_)},
      {"epochs", std::to_string(options_.epochs)},
      {"log_every", std::to_string(options_.log_every)},
      {"batch", std::to_string(c.batch)},
      {"learning_rate", shortest_text(c.learning_rate)},
      {"optimizer", c.optimizer.name},
      {"schedule", c.schedule.name},
      {"l2", shortest_text(c.l2)},
      {"stop_diverging", std::to_string(c.stop_diverging)}};
  for (const Choice* choice : {&c.activation, &c.optimizer, &c.schedule}) {
    const std::string field = choice == &c.activation  ? "activation"
                              : choice == &c.optimizer ? "optimizer"
                                                       : "schedule";
    for (const auto& [key, value] : choice->params)
      s.emplace_back(field + "." + key, shortest_text(value));
  }
  s.emplace_back("the training data (fingerprint)",
                 fingerprint_of<T>({&setup_.data.X, &setup_.data.Y}));
  s.emplace_back("the initial parameters (fingerprint)", initial_parameters_);
  settings_ = std::move(s);
  return *settings_;
}

template <class T>
RunDescription Session<T>::describe() const {
  RunDescription d;
  const Dataset<T>& data = setup_.data;
  d.data = data.name + ": " + std::to_string(data.X.cols()) + " examples, " +
           (data.X.rows() <= 10 ? "features " + joined(data.feature_names)
                                : std::to_string(data.X.rows()) + " features");
  if (setup_.test)
    d.test = setup_.test->name + ": " + std::to_string(setup_.test->X.cols()) + " examples";
  d.network = setup_.model.describe();
  d.init = setup_.init_description;
  const TrainOptions& o = options_;
  const bool full = o.batch_size <= 0 || o.batch_size >= data.X.cols();
  const OptimizerEntry& entry = find_choice(optimizer_registry(), o.optimizer.name, "optimizer");
  std::string optimizer = entry.name == "sgd" ? "gradient descent" : std::string(entry.name);
  // "momentum 0.9": a one-parameter optimiser shows its value; others the ones not at default.
  for (const ParamSpec& p : entry.params) {
    const double value = with_defaults(entry, o.optimizer).param(p.name);
    if (entry.params.size() == 1)
      optimizer += " " + format_number(value);
    else if (value != p.default_value)
      optimizer += " " + std::string(p.name) + " " + format_number(value);
  }
  const ScheduleEntry& schedule =
      find_choice(schedule_registry(), o.schedule.choice.name, "schedule");
  char rate[32];
  std::snprintf(rate, sizeof rate, "%g", o.learning_rate);
  d.training =
      std::to_string(o.epochs) + " epochs of " +
      (full ? "full-batch" : "mini-batch (" + std::to_string(o.batch_size) + ")") + " " +
      optimizer + ", learning rate " + rate +
      (schedule.name == "none"
           ? ""
           : " decayed " + std::string(schedule.name) + " by " +
                 format_number(with_defaults(schedule, o.schedule.choice).param("gamma"))) +
      ", loss " + std::string(to_string(o.loss)) + (o.l2 > 0 ? ", L2 " + format_number(o.l2) : "");
  d.compute = std::string(dtype_name<T>()) + ", " + (governor_ ? "up to " : "") +
              std::to_string(max_threads_) + " thread" + (max_threads_ == 1 ? "" : "s") +
              (governor_ ? " (the cores other programs leave free)" : "");
  return d;
}

template std::string fingerprint_of(const std::vector<const Matrix<float>*>&);
template std::string fingerprint_of(const std::vector<const Matrix<double>*>&);
template const RunSettings& Session<float>::settings();
template const RunSettings& Session<double>::settings();
template RunDescription Session<float>::describe() const;
template RunDescription Session<double>::describe() const;

}  // namespace scratchnet
