#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "commands.hpp"
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
  if (flags.graph && flags.out.empty()) throw UsageError("--graph needs --out DIR to write to");
  if (flags.threads < 0 || (flags.threads == 0 && flags.threads_given))
    throw UsageError("--threads must be at least 1, got " + std::to_string(flags.threads));
  std::optional<OutFolder> out_folder;  // removed again if the run fails
  if (!flags.out.empty()) out_folder.emplace(flags.out);
  const std::filesystem::path out = out_folder ? out_folder->path() : std::filesystem::path();
  Setup<T> setup = make_setup<T>(flags.network);
  set_threads(flags.threads > 0 ? flags.threads : default_threads_for(setup, options));
  const bool classes = setup.loss == Loss::softmax_ce;
  const bool small = setup.data.X.rows() <= 10 && setup.data.X.cols() <= 1000;

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
    std::printf("compute  %s, %d thread%s\n\n", dtype_name<T>(), threads(),
                threads() == 1 ? "" : "s");
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
  const CostLog log = progress.enabled()
                          ? trainer.run(on_log, [&](int e, double c) { progress.update(e, c); })
                          : trainer.run(on_log);
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
                   "a million multiply-adds (e.g. Fashion-MNIST), else 1. With 1 thread "
                   "results are bit-for-bit reproducible")
      ->each([flags](const std::string&) { flags->threads_given = true; });
  train->add_option("--out", flags->out,
                    "Folder to write into: costs.csv, metrics.json (costs, accuracies, "
                    "confusion matrix, seconds), params.json (usable as --init-params), "
                    "model.json (for predict and evaluate), learning_curve.png; for small data "
                    "predictions.csv; for two raw features decision_boundary.png and "
                    "decision_boundary_shaded.png");
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
      "  scratchnet train --data fashion-mnist --hidden 256,128 --activation relu --init he \\\n"
      "      --loss softmax-ce --optimizer adam --lr 0.001 --batch 128 --dtype float32 \\\n"
      "      --epochs 20 --out runs/fashion");
  train->callback([flags] { run_train(*flags); });
}

}  // namespace scratchnet::cli
