#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "commands.hpp"
#include "fault.hpp"
#include "network_flags.hpp"
#include "progress.hpp"

namespace scratchnet::cli {
namespace {

// Multiply-adds per step from which the products are worth running on several threads.
constexpr double kThreadedWork = 1 << 20;

struct TrainFlags {
  NetworkFlags network;
  TrainOptions options;
  std::string optimizer = "sgd";
  std::string lr_decay = "none";
  std::string dtype = "float64";
  int threads = 0;  // 0: all cores for large steps, else 1
  bool threads_given = false;
  bool log_every_given = false;
  std::string out;
  int checkpoint_every = 0;  // 0: no periodic checkpoints
  std::string resume;        // a folder whose checkpoint to continue from
  std::string plot_format = "png";
  bool log_cost = false;
  bool graph = false;
  bool quiet = false;
};

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names)
    s += (s.empty() ? "" : ", ") + n;
  return s;
}

template <class T>
void print_predictions(const Dataset<T>& data, const Prediction<T>& p) {
  std::printf("\npredictions\n ");
  for (const std::string& name : data.feature_names)
    std::printf(" %8s", name.c_str());
  std::printf(" %8s %12s %6s\n", "y", "probability", "label");
  const Index shown = std::min<Index>(data.X.cols(), 20);
  for (Index j = 0; j < shown; ++j) {
    std::printf(" ");
    for (Index i = 0; i < data.X.rows(); ++i)
      std::printf(" %8g", data.X(i, j));
    std::printf(" %8g %12.6f %6g\n", data.Y(0, j), p.probabilities(0, j), p.labels(0, j));
  }
  if (shown < data.X.cols())
    std::printf("  … %ld more (all in predictions.csv with --out)\n",
                static_cast<long>(data.X.cols() - shown));
}

template <class T>
void print_accuracy(const char* what, const Dataset<T>& data, const Prediction<T>& p) {
  const Index correct = (p.labels.array() == data.Y.array()).count();
  std::printf("%s %g%% (%ld of %ld correct)\n", what, p.accuracy_percent,
              static_cast<long>(correct), static_cast<long>(data.Y.size()));
}

void print_confusion(const std::vector<std::vector<long>>& counts,
                     const std::vector<std::string>& names) {
  std::printf("\nconfusion matrix (rows: actual, columns: predicted)\n%14s", "");
  for (size_t k = 0; k < counts.size(); ++k)
    std::printf(" %6zu", k);
  std::printf("\n");
  for (size_t a = 0; a < counts.size(); ++a) {
    const std::string name = a < names.size() ? names[a] : std::to_string(a);
    std::printf("%2zu %-11.11s", a, name.c_str());
    for (long c : counts[a])
      std::printf(" %6ld", c);
    std::printf("\n");
  }
}

// The pictures of a finished run: the learning curve always, the decision boundaries when
// the raw data has two features (crosses are applied to the grid as to the data).
template <class T>
std::vector<std::filesystem::path> write_plots(const std::filesystem::path& out,
                                               const TrainFlags& flags, Setup<T>& setup,
                                               const CostLog& log) {
  const PlotFormat format = parse_plot_format(flags.plot_format);
  const std::string ext = "." + std::string(extension(format));
  std::vector<std::filesystem::path> written;

  PlotOptions curve_options;
  curve_options.format = format;
  char title[160];
  const std::string& hidden = flags.network.hidden;
  std::snprintf(title, sizeof title, "Learning rate = %g  (%s, %s)", flags.options.learning_rate,
                setup.data.name.c_str(),
                hidden.empty() || hidden == "none" ? "one layer" : ("hidden " + hidden).c_str());
  curve_options.title = title;
  CostCurve curve{"", {}, log.costs};
  for (int e : log.epochs)
    curve.epochs.push_back(e);
  written.push_back(out / ("learning_curve" + ext));
  plot_learning_curves(written.back(), {curve}, curve_options, flags.log_cost);

  // Decision boundaries for two raw features and one probability per point: a sigmoid
  // output, or a softmax over two classes (its class-1 row).
  const Index outputs = setup.model.linear_layers().back()->n_out();
  if (setup.raw.X.rows() == 2 && outputs <= 2) {
    DecisionBoundaryOptions options;
    options.format = format;
    const auto probability = [&](const Matrix<double>& points) -> Matrix<double> {
      const Matrix<T> typed = points.template cast<T>();
      const Matrix<T> p = setup.model.forward(apply_crosses(typed, setup.crosses));
      return Matrix<double>(p.bottomRows(1).template cast<double>());
    };
    for (bool shaded : {false, true}) {
      options.shaded = shaded;
      options.title = "Decision boundary: " + setup.data.name +
                      (setup.crosses.empty() ? "" : " with crosses " + [&] {
                        std::string s;
                        for (const auto& c : setup.crosses)
                          s += (s.empty() ? "" : ",") + c.str();
                        return s;
                      }());
      written.push_back(out / ((shaded ? "decision_boundary_shaded" : "decision_boundary") + ext));
      plot_decision_boundary(written.back(), probability, setup.raw.X.template cast<double>(),
                             setup.raw.Y.template cast<double>(), options, setup.raw.feature_names);
    }
  }
  return written;
}

// JSON indented by 2, with every list of numbers on one line (a confusion matrix reads as
// a table, epoch times take one line).
std::string readable_json(const nlohmann::json& value) {
  static const std::regex numbers(R"(\[\s*((?:-?[0-9][0-9.eE+-]*,\s*)*-?[0-9][0-9.eE+-]*)\s*\])");
  const std::string text = value.dump(2);
  std::string result;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), numbers), end; it != end; ++it) {
    result.append(last, text.cbegin() + it->position());
    std::string inner = (*it)[1].str();
    inner = std::regex_replace(inner, std::regex(R"(,\s*)"), ", ");
    result += "[" + inner + "]";
    last = text.cbegin() + it->position() + it->length();
  }
  result.append(last, text.cend());
  return result + "\n";
}

std::string describe_training(const TrainFlags& flags, const TrainOptions& o, Index examples) {
  char text[400];
  const bool full = o.batch_size <= 0 || o.batch_size >= examples;
  std::string optimizer = flags.optimizer == "sgd" ? "gradient descent" : flags.optimizer;
  if (o.optimizer == OptimizerKind::momentum) optimizer += " " + format_number(o.momentum);
  std::snprintf(text, sizeof text, "%d epochs of %s %s, learning rate %g%s, loss %s%s", o.epochs,
                full ? "full-batch" : ("mini-batch (" + std::to_string(o.batch_size) + ")").c_str(),
                optimizer.c_str(), o.learning_rate,
                o.schedule.kind == ScheduleKind::none
                    ? ""
                    : (" decayed " + std::string(to_string(o.schedule.kind)) + " by " +
                       format_number(o.schedule.gamma))
                          .c_str(),
                std::string(to_string(o.loss)).c_str(),
                o.l2 > 0 ? (", L2 " + format_number(o.l2)).c_str() : "");
  return text;
}

// All cores when a step has enough work to share; one thread for small networks, whose
// products are too small for threads to pay (idle workers would only spin).
template <class T>
int default_threads_for(const Setup<T>& setup, const TrainOptions& options) {
  double multiply_adds = 0;
  for (const LinearLayer<T>* layer : setup.model.linear_layers())
    multiply_adds += static_cast<double>(layer->n_in()) * static_cast<double>(layer->n_out());
  const Index m = setup.data.X.cols();
  const Index batch = options.batch_size > 0 ? std::min(options.batch_size, m) : m;
  return multiply_adds * static_cast<double>(batch) >= kThreadedWork ? default_threads() : 1;
}

// ---------------------------------------------------------------------------------------
// Checkpoints, resume, Ctrl-C.

constexpr const char* kCheckpointFile = "checkpoint.json";

// Ctrl-C asks training to stop at the next epoch boundary and save a checkpoint; the handler
// only sets this flag (the one thing a signal handler may safely do). A second Ctrl-C, while
// the first is pending, ends the process at once, as Ctrl-C normally does.
volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_sigint(int) {
  if (interrupted) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
    return;
  }
  interrupted = 1;
}

// Installs on_sigint for its lifetime (the training loop), then puts the old handler back.
class SigintGuard {
 public:
  SigintGuard() {
    interrupted = 0;
    struct sigaction action {};
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;  // a write in progress is finished, not failed with EINTR
    sigaction(SIGINT, &action, &previous_);
  }
  ~SigintGuard() { sigaction(SIGINT, &previous_, nullptr); }
  SigintGuard(const SigintGuard&) = delete;
  SigintGuard& operator=(const SigintGuard&) = delete;

 private:
  struct sigaction previous_ {};
};

// FNV-1a over 64-bit words (bytes would take half a second for Fashion-MNIST): a fingerprint
// of the numbers a run learns from, so that a checkpoint is not continued on other data.
template <class T>
std::string fingerprint(const std::vector<const Matrix<T>*>& matrices) {
  std::uint64_t hash = 0xcbf29ce484222325;
  const auto mix = [&](std::uint64_t word) {
    hash ^= word;
    hash *= 0x100000001b3;
  };
  for (const Matrix<T>* m : matrices) {
    mix(static_cast<std::uint64_t>(m->rows()));
    mix(static_cast<std::uint64_t>(m->cols()));
    const auto* bytes = reinterpret_cast<const unsigned char*>(m->data());
    const size_t size = static_cast<size_t>(m->size()) * sizeof(T);
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
      std::uint64_t word;
      std::memcpy(&word, bytes + i, 8);
      mix(word);
    }
    for (; i < size; ++i)
      mix(bytes[i]);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

// Everything that decides a run's costs and parameters, by flag: a checkpoint may only be
// continued by a run with the same. Settings that a run ignores (--momentum without
// momentum, --lr-gamma without decay) are left out, so changing them is harmless.
// The thread count is in: OpenBLAS's float32 products round differently with 1, 2 or 4
// threads (measured on Fashion-MNIST; README, "Determinism"). The data and the initial
// parameters are fingerprinted as well, which catches a CSV or --init-params file changed
// in place.
template <class T>
RunSettings run_settings(const TrainFlags& flags, const TrainOptions& o, const Matrix<T>& X,
                         const Matrix<T>& Y, const std::string& initial_parameters) {
  const NetworkFlags& n = flags.network;
  const auto number = [](double v) {  // the shortest text that reads back as v
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, v).ptr;
    return std::string(text, end);
  };
  RunSettings s = {{"--data", n.data.data},
                   {"--target", n.data.target},
                   {"--validation-split", number(n.data.validation_split)},
                   {"--cross", joined(n.cross)},
                   {"--hidden", n.hidden},
                   {"--activation", n.activation},
                   {"--loss", std::string(to_string(o.loss))},
                   {"--init", n.init},
                   {"--init-params", n.init_params},
                   {"--seed", std::to_string(n.seed)},
                   {"--dtype", dtype_name<T>()},
                   {"--threads", std::to_string(threads())},
                   {"--epochs", std::to_string(o.epochs)},
                   {"--log-every", std::to_string(o.log_every)},
                   {"--batch", std::to_string(o.batch_size)},
                   {"--lr", number(o.learning_rate)},
                   {"--optimizer", std::string(to_string(o.optimizer))},
                   {"--lr-decay", std::string(to_string(o.schedule.kind))},
                   {"--l2", number(o.l2)},
                   {"--stop-diverging", std::to_string(o.stop_diverging)}};
  if (o.optimizer == OptimizerKind::momentum) s.emplace_back("--momentum", number(o.momentum));
  if (o.optimizer == OptimizerKind::adam) {
    s.emplace_back("--beta1", number(o.beta1));
    s.emplace_back("--beta2", number(o.beta2));
    s.emplace_back("--eps", number(o.eps));
  }
  if (o.schedule.kind != ScheduleKind::none) s.emplace_back("--lr-gamma", number(o.schedule.gamma));
  if (o.schedule.kind == ScheduleKind::step)
    s.emplace_back("--lr-step", std::to_string(o.schedule.step_size));
  s.emplace_back("the training data (fingerprint)", fingerprint<T>({&X, &Y}));
  s.emplace_back("the initial parameters (fingerprint)", initial_parameters);
  return s;
}

// An interrupted write leaves its temporary file (<name>.tmp.<pid>.<random>) behind; a
// resumed run clears those of the files train writes.
void remove_stale_temporaries(const std::filesystem::path& out) {
  static const std::regex temporary(
      R"((checkpoint\.json|model\.json|costs\.csv|params\.json|metrics\.json|predictions\.csv)\.tmp\.[0-9]+\.[0-9]+)");
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(out, ec))
    if (entry.is_regular_file(ec) && std::regex_match(entry.path().filename().string(), temporary))
      std::filesystem::remove(entry.path(), ec);
}

template <class T>
void run_train_typed(const TrainFlags& flags) {
  TrainOptions options = flags.options;
  options.optimizer = parse_optimizer(flags.optimizer);
  options.schedule.kind = parse_schedule(flags.lr_decay);
  options.loss = parse_loss(flags.network.loss);
  options.seed = flags.network.seed;
  if (!flags.log_every_given && options.batch_size > 0) options.log_every = 1;
  validate(options);
  parse_plot_format(flags.plot_format);  // refuse a bad format before training, not after
  if (flags.threads < 0 || (flags.threads == 0 && flags.threads_given))
    throw UsageError("--threads must be at least 1, got " + std::to_string(flags.threads));
  if (!flags.resume.empty() && !flags.out.empty() &&
      std::filesystem::path(flags.out) != std::filesystem::path(flags.resume))
    throw UsageError(
        "--resume DIR continues the run in DIR and writes there; --out names "
        "another folder ('" +
        flags.out + "')");
  const std::string out_flag = flags.resume.empty() ? flags.out : flags.resume;
  if (flags.graph && out_flag.empty()) throw UsageError("--graph needs --out DIR to write to");
  if (flags.checkpoint_every < 0)
    throw UsageError("--checkpoint-every must be at least 1 (or 0 for none), got " +
                     std::to_string(flags.checkpoint_every));
  if (flags.checkpoint_every > 0 && out_flag.empty())
    throw UsageError("--checkpoint-every needs --out DIR to keep the checkpoint in");
  const Fault fault = fault_from_environment();
  // Removed again if the run fails, when this run created it. Ctrl-C leaves by std::exit,
  // which keeps it and the checkpoint in it.
  std::optional<OutFolder> out_folder;
  if (!out_flag.empty()) out_folder.emplace(out_flag);
  const std::filesystem::path out = out_folder ? out_folder->path() : std::filesystem::path();
  Setup<T> setup = make_setup<T>(flags.network);
  set_threads(flags.threads > 0 ? flags.threads : default_threads_for(setup, options));
  const bool classes = setup.loss == Loss::softmax_ce;
  const bool small = setup.data.X.rows() <= 10 && setup.data.X.cols() <= 1000;

  // The fingerprint of the initial parameters is taken before training changes them.
  const std::string initial_parameters = [&] {
    std::vector<const Matrix<T>*> values;
    for (const Parameter<T>* p : setup.model.parameters())
      values.push_back(&p->value);
    return fingerprint<T>(values);
  }();
  // Checkpoints: computed only when one is read or written (the data's fingerprint reads
  // every number once).
  const std::filesystem::path checkpoint_path = out.empty() ? out : out / kCheckpointFile;
  std::optional<RunSettings> settings;
  const auto current_settings = [&]() -> const RunSettings& {
    if (!settings)
      settings = run_settings<T>(flags, options, setup.data.X, setup.data.Y, initial_parameters);
    return *settings;
  };
  std::optional<Checkpoint<T>> resumed;
  if (!flags.resume.empty()) {
    remove_stale_temporaries(out);
    if (std::filesystem::exists(checkpoint_path)) {
      resumed = load_checkpoint<T>(checkpoint_path);
      if (const auto why = settings_difference(resumed->settings, current_settings()))
        throw UsageError("--resume: " + checkpoint_path.string() +
                         " is of a run with other settings: " + *why);
    } else if (std::filesystem::exists(out / "model.json")) {
      // A finished run removes its checkpoint: starting over would replace its model.
      throw UsageError("--resume: " + out.string() +
                       " holds a finished run (model.json, no checkpoint), so there is nothing "
                       "to resume; to train again and replace it, use --out " +
                       out.string());
    }
  }

  if (!flags.quiet) {
    std::printf("data     %s: %ld examples, %s\n", setup.data.name.c_str(),
                static_cast<long>(setup.data.X.cols()),
                setup.data.X.rows() <= 10
                    ? ("features " + joined(setup.data.feature_names)).c_str()
                    : (std::to_string(setup.data.X.rows()) + " features").c_str());
    if (setup.test)
      std::printf("test     %s: %ld examples\n", setup.test->name.c_str(),
                  static_cast<long>(setup.test->X.cols()));
    std::printf("network  %s\n", setup.model.describe().c_str());
    std::printf("init     %s\n", setup.init_description.c_str());
    std::printf("training %s\n", describe_training(flags, options, setup.data.X.cols()).c_str());
    std::printf("compute  %s, %d thread%s\n", dtype_name<T>(), threads(),
                threads() == 1 ? "" : "s");
    if (flags.checkpoint_every > 0)
      std::printf("save     a checkpoint every %d epoch%s in %s\n", flags.checkpoint_every,
                  flags.checkpoint_every == 1 ? "" : "s", checkpoint_path.c_str());
    if (resumed)
      std::printf("resume   from %s: %d of %d epochs done\n", checkpoint_path.c_str(),
                  resumed->state.next_epoch, options.epochs);
    else if (!flags.resume.empty())
      std::printf("resume   no checkpoint in %s yet: starting at epoch 0\n", out.c_str());
    std::printf("\n");
    std::printf("%8s  %s\n", "epoch", options.batch_size > 0 ? "mean cost" : "cost");
  }

  Trainer<T> trainer(setup.model, setup.data.X, setup.data.Y, options);
  ProgressBar progress(options.epochs, !flags.quiet);
  const auto on_log = [&](int epoch, double cost) {
    if (flags.quiet) return;
    progress.clear();
    std::printf("%8d  %.17g\n", epoch, cost);
    std::fflush(stdout);
  };

  long checkpoint_writes = 0;
  const auto write_checkpoint = [&] {
    ++checkpoint_writes;
    std::function<void(const std::filesystem::path&)> before_rename;
    if ((fault.kind == Fault::Kind::kill_in_write || fault.kind == Fault::Kind::kill_mid_write) &&
        fault.n == checkpoint_writes)
      before_rename = [&](const std::filesystem::path& tmp) {
        if (fault.kind == Fault::Kind::kill_mid_write)
          std::filesystem::resize_file(tmp, std::filesystem::file_size(tmp) / 2);
        std::raise(SIGKILL);
      };
    save_checkpoint<T>(checkpoint_path, {current_settings(), trainer.state()}, before_rename);
  };
  if (resumed) {
    trainer.restore(resumed->state);
    // The log so far, as the uninterrupted run printed it.
    for (size_t i = 0; i < resumed->state.log.epochs.size(); ++i)
      on_log(resumed->state.log.epochs[i], resumed->state.log.costs[i]);
  }

  RunHooks hooks;
  hooks.on_log = on_log;
  if (progress.enabled()) hooks.on_epoch = [&](int e, double c) { progress.update(e, c); };
  hooks.stop_requested = [] { return interrupted != 0; };
  hooks.after_epoch = [&](int done) {
    if (flags.checkpoint_every > 0 && done % flags.checkpoint_every == 0 && done < options.epochs)
      write_checkpoint();
    if (fault.kind == Fault::Kind::kill_after && fault.n == done) std::raise(SIGKILL);
    if (fault.kind == Fault::Kind::sigint_after && fault.n == done) std::raise(SIGINT);
  };
  CostLog log;
  {
    const SigintGuard guard;
    log = trainer.run(options, hooks);
  }
  if (log.interrupted) {  // Ctrl-C: keep what was done, say how to go on
    progress.clear();
    std::fflush(stdout);
    const int done = trainer.state().next_epoch;
    if (out.empty()) {
      std::fprintf(stderr,
                   "scratchnet: interrupted after %d of %d epochs; nothing saved (give --out DIR "
                   "to keep a checkpoint)\n",
                   done, options.epochs);
    } else {
      write_checkpoint();
      std::fprintf(stderr,
                   "scratchnet: interrupted after %d of %d epochs; checkpoint saved in %s; to "
                   "continue, run the same command with --resume %s\n",
                   done, options.epochs, checkpoint_path.c_str(), out.c_str());
    }
    // 128 + SIGINT, as a shell reports a process ended by Ctrl-C. Every file is written
    // atomically and nothing else is pending, so exiting here loses nothing.
    std::exit(130);
  }
  progress.clear();
  if (log.stopped) throw Error("training stopped at " + log.stopped->message);

  // Full batch: the cost of the trained parameters, by one more pass, which also leaves every
  // node's value and gradient for the graph picture. Mini-batches: the last epoch's mean
  // cost (one batch's would say little); a pass only if the picture needs it.
  if (flags.graph && !trainer.full_batch()) trainer.forward_backward();
  const double train_cost = trainer.full_batch() ? trainer.forward_backward() : log.costs.back();
  const Prediction<T> prediction = predict(setup.model, setup.data.X, setup.data.Y);
  std::optional<Prediction<T>> test_prediction;
  if (setup.test) test_prediction = predict(setup.model, setup.test->X, setup.test->Y);
  if (!flags.quiet && small && !classes) print_predictions(setup.data, prediction);
  if (trainer.full_batch())
    std::printf("\nfinal cost %.17g\n", train_cost);
  else
    std::printf("\nlast epoch's mean cost %.17g\n", train_cost);
  print_accuracy("accuracy", setup.data, prediction);
  if (test_prediction) print_accuracy("test accuracy", *setup.test, *test_prediction);
  const Index class_total = classes ? setup.model.linear_layers().back()->n_out() : 2;
  const Dataset<T>& measured = setup.test ? *setup.test : setup.data;
  const Prediction<T>& measured_prediction = test_prediction ? *test_prediction : prediction;
  const auto confusion = confusion_matrix(measured.Y, measured_prediction.labels, class_total);
  if (classes && !flags.quiet) {
    std::printf("%s", setup.test ? "on the test data:" : "on the training data:");
    print_confusion(confusion, measured.class_names);
  }
  if (!flags.quiet)
    std::printf("\ntrained in %.3f s (%.3g s per epoch)\n", log.seconds,
                log.seconds / std::max<size_t>(1, log.costs.empty() ? 1 : log.epochs.back() + 1));

  if (out.empty()) return;
  std::vector<std::filesystem::path> written = {out / "costs.csv", out / "params.json",
                                                out / "metrics.json"};
  write_costs_csv(written[0], log);
  save_params_json(written[1], setup.model);
  nlohmann::json metrics = {
      {"dataset", setup.data.name},
      {"examples", setup.data.X.cols()},
      {"network", setup.model.describe()},
      {"dtype", dtype_name<T>()},
      {"threads", threads()},
      {"matrix_backend", matrix_backend()},
      {"loss", to_string(options.loss)},
      {"optimizer", to_string(options.optimizer)},
      {"learning_rate", options.learning_rate},
      {"batch", trainer.full_batch() ? setup.data.X.cols() : options.batch_size},
      {"epochs", log.epochs.empty() ? 0 : log.epochs.back() + 1},
      {"train_cost", train_cost},
      {"train_accuracy", prediction.accuracy_percent / 100},
      {"seconds", log.seconds},
      {"confusion_matrix", confusion},
      {"confusion_matrix_of", setup.test ? "test" : "train"}};
  if (test_prediction) metrics["test_accuracy"] = test_prediction->accuracy_percent / 100;
  if (!log.epoch_seconds.empty()) metrics["epoch_seconds"] = log.epoch_seconds;
  write_file_atomically(written[2], readable_json(metrics));
  if (small) {
    written.push_back(out / "predictions.csv");
    write_predictions_csv(written.back(), setup.data, prediction);
  }
  if (flags.graph) {
    GraphPictureOptions picture;
    picture.title = setup.data.name + " after " + std::to_string(options.epochs) +
                    " epochs: values and gradients of the last pass";
    written.push_back(out / "graph.svg");
    render_dot(graph_to_dot(trainer.graph(), picture), written.back());
  }
  for (const auto& path : write_plots(out, flags, setup, log))
    written.push_back(path);
  written.push_back(out / "model.json");
  save_model(written.back(), to_saved_model(std::move(setup)));
  // The run is complete and model.json holds its result: its checkpoint is spent. (Killed
  // just before this, a resume recomputes the last epochs and writes the same files.)
  if (fault.kind == Fault::Kind::kill_before_removal) std::raise(SIGKILL);
  if ((flags.checkpoint_every > 0 || !flags.resume.empty()) &&
      std::filesystem::exists(checkpoint_path))
    std::filesystem::remove(checkpoint_path);
  if (!flags.quiet) {
    std::printf("\nwrote");
    for (const auto& path : written)
      std::printf(" %s", path.filename().c_str());
    std::printf(" in %s\n", out.c_str());
  }
}

void run_train(const TrainFlags& flags) {
  if (flags.dtype == "float64" || flags.dtype == "double")
    run_train_typed<double>(flags);
  else if (flags.dtype == "float32" || flags.dtype == "float")
    run_train_typed<float>(flags);
  else
    throw UsageError("--dtype: unknown type '" + flags.dtype + "' (expected float32 or float64)");
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto flags = std::make_shared<TrainFlags>();
  CLI::App* train = app.add_subcommand(
      "train",
      "Train a network: by default as the article does, full-batch gradient descent on the "
      "squared-error cost C = 1/(2m)·Σ(Y−Ŷ)²; print the cost log, the predictions and the "
      "accuracy");
  add_network_flags(*train, flags->network, /*with_split=*/true);
  train
      ->add_option("--lr", flags->options.learning_rate,
                   "Learning rate α in θ ← θ − α·∂C/∂θ (too small crawls, too large overshoots)")
      ->capture_default_str();
  train
      ->add_option("--epochs", flags->options.epochs,
                   "Number of epochs (full passes over the data)")
      ->capture_default_str();
  train
      ->add_option("--log-every", flags->options.log_every,
                   "Print and record the cost every N epochs (plus epoch 0 and the last); "
                   "default 100, or 1 with --batch, whose epochs are long")
      ->each([flags](const std::string&) { flags->log_every_given = true; });
  train
      ->add_option("--batch", flags->options.batch_size,
                   "Examples per step: mini-batches, shuffled (by --seed) before every epoch; "
                   "0 means the full batch, in order (the article's)")
      ->capture_default_str();
  train
      ->add_option("--optimizer", flags->optimizer,
                   "How gradients update parameters (PyTorch's formulas): sgd (θ ← θ − α·g), "
                   "momentum (v ← μ·v + g, θ ← θ − α·v) or adam")
      ->capture_default_str();
  train->add_option("--momentum", flags->options.momentum, "μ of --optimizer momentum")
      ->capture_default_str();
  train->add_option("--beta1", flags->options.beta1, "β₁ of --optimizer adam")
      ->capture_default_str();
  train->add_option("--beta2", flags->options.beta2, "β₂ of --optimizer adam")
      ->capture_default_str();
  train->add_option("--eps", flags->options.eps, "ε of --optimizer adam")->capture_default_str();
  train
      ->add_option("--lr-decay", flags->lr_decay,
                   "Learning-rate decay (annealing): none, step (α·γ^⌊epoch/N⌋, with --lr-step "
                   "N) or exponential (α·γ^epoch)")
      ->capture_default_str();
  train->add_option("--lr-gamma", flags->options.schedule.gamma, "γ of --lr-decay, in (0, 1]")
      ->capture_default_str();
  train->add_option("--lr-step", flags->options.schedule.step_size, "N of --lr-decay step")
      ->capture_default_str();
  train
      ->add_option("--l2", flags->options.l2,
                   "L2 weight decay λ: adds λ/2·Σ‖W‖² (weights, not biases) to the cost")
      ->capture_default_str();
  train
      ->add_option("--stop-diverging", flags->options.stop_diverging,
                   "Stop a diverging run, naming the parameter whose gradient is largest for "
                   "its size: when the cost rose N epochs in a row, or stayed above its first "
                   "value for 10·N epochs; 0 never stops. A NaN or infinite cost or gradient "
                   "always stops training, naming the first node where it appeared")
      ->capture_default_str();
  train
      ->add_option("--dtype", flags->dtype,
                   "Number type: float64 (the default; the article's runs are exact) or float32 "
                   "(half the memory, faster)")
      ->capture_default_str();
  train
      ->add_option("--threads", flags->threads,
                   "Threads for matrix products. Default: all cores when a step has at least "
                   "a million multiply-adds (e.g. Fashion-MNIST), else 1. A given count is "
                   "bit-for-bit reproducible; float32 results differ between counts")
      ->each([flags](const std::string&) { flags->threads_given = true; });
  train->add_option("--out", flags->out,
                    "Folder to write into: costs.csv, metrics.json (costs, accuracies, "
                    "confusion matrix, seconds), params.json (usable as --init-params), "
                    "model.json (for predict and evaluate), learning_curve.png; for small data "
                    "predictions.csv; for two raw features decision_boundary.png and "
                    "decision_boundary_shaded.png");
  train
      ->add_option("--checkpoint-every", flags->checkpoint_every,
                   "Save a checkpoint (checkpoint.json: parameters, optimiser and shuffle state, "
                   "cost log) in --out every N epochs, written atomically; removed when the run "
                   "completes. 0: none. Ctrl-C always saves one (with --out) and exits 130")
      ->capture_default_str();
  train->add_option("--resume", flags->resume,
                    "Continue the run whose --out was DIR from DIR/checkpoint.json (from the "
                    "start if there is none yet), with the same flags, and write its outputs "
                    "in DIR: costs.csv and model.json come out byte-identical to an "
                    "uninterrupted run's. Other settings than the checkpoint's are refused");
  train->add_option("--plot-format", flags->plot_format, "Format of the plots: png, svg or pdf")
      ->capture_default_str();
  train->add_flag("--log-cost", flags->log_cost,
                  "Draw the learning curve's cost axis in log scale");
  train->add_flag("--graph", flags->graph,
                  "Also write graph.svg: the computational graph with every node's value and "
                  "gradient after training (needs --out)");
  train->add_flag("--quiet,-q", flags->quiet, "Print only the result: final cost and accuracy");
  train->footer(
      "\nExamples:\n"
      "  scratchnet train --data xor --hidden 3 --init xavier --seed 48 --lr 1 --epochs 5000\n"
      "  scratchnet train --data xor --cross 0*1 --init plain   # XOR by feature engineering\n"
      "  scratchnet train --data xor --hidden 3 --out runs/xor --graph   # pictures and model\n"
      "  scratchnet train --data points.csv --target label --hidden 8 --out runs/points\n"
      "  scratchnet train --data xor --hidden 3 --out runs/x --checkpoint-every 500   # Ctrl-C…\n"
      "  scratchnet train --data xor --hidden 3 --checkpoint-every 500 --resume runs/x\n"
      "  scratchnet train --data fashion-mnist --hidden 256,128 --activation relu --init he \\\n"
      "      --loss softmax-ce --optimizer adam --lr 0.001 --batch 128 --dtype float32 \\\n"
      "      --epochs 20 --out runs/fashion");
  train->callback([flags] { run_train(*flags); });
}

}  // namespace scratchnet::cli
