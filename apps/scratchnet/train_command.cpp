#include <cstdio>
#include <filesystem>

#include "commands.hpp"
#include "network_flags.hpp"
#include "progress.hpp"

namespace scratchnet::cli {
namespace {

struct TrainFlags {
  NetworkFlags network;
  TrainOptions options;
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

void print_predictions(const Dataset<double>& data, const Prediction<double>& p) {
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

void print_accuracy(const Dataset<double>& data, const Prediction<double>& p, double cost) {
  const Index correct = (p.labels.array() == data.Y.array()).count();
  std::printf("\nfinal cost %.17g\naccuracy %g%% (%ld of %ld correct)\n", cost, p.accuracy_percent,
              static_cast<long>(correct), static_cast<long>(data.Y.size()));
}

// The pictures of a finished run: the learning curve always, the decision boundaries when
// the raw data has two features (crosses are applied to the grid as to the data).
std::vector<std::filesystem::path> write_plots(const std::filesystem::path& out,
                                               const TrainFlags& flags, Setup& setup,
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

  if (setup.raw.X.rows() == 2) {
    DecisionBoundaryOptions options;
    options.format = format;
    const auto probability = [&](const Matrix<double>& points) {
      return setup.model.forward(apply_crosses(points, setup.crosses));
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
      plot_decision_boundary(written.back(), probability, setup.raw.X, setup.raw.Y, options,
                             setup.raw.feature_names);
    }
  }
  return written;
}

void run_train(const TrainFlags& flags) {
  validate(flags.options);
  parse_plot_format(flags.plot_format);  // refuse a bad format before training, not after
  if (flags.graph && flags.out.empty()) throw UsageError("--graph needs --out DIR to write to");
  Setup setup = make_setup(flags.network);
  std::filesystem::path out;
  if (!flags.out.empty()) out = prepare_out_dir(flags.out);

  if (!flags.quiet) {
    std::printf("data     %s: %ld examples, features %s\n", setup.data.name.c_str(),
                static_cast<long>(setup.data.X.cols()), joined(setup.data.feature_names).c_str());
    std::printf("network  %s\n", setup.model.describe().c_str());
    std::printf("init     %s\n", setup.init_description.c_str());
    std::printf("training %d epochs of full-batch gradient descent, learning rate %g\n\n",
                flags.options.epochs, flags.options.learning_rate);
    std::printf("%8s  %s\n", "epoch", "cost");
  }

  Trainer<double> trainer(setup.model, setup.data.X, setup.data.Y);
  ProgressBar progress(flags.options.epochs, !flags.quiet);
  const auto on_log = [&](int epoch, double cost) {
    if (flags.quiet) return;
    progress.clear();
    std::printf("%8d  %.17g\n", epoch, cost);
  };
  const CostLog log =
      progress.enabled()
          ? trainer.run(flags.options, on_log, [&](int e, double c) { progress.update(e, c); })
          : trainer.run(flags.options, on_log);
  progress.clear();
  if (log.non_finite_epoch)
    throw Error("training stopped at epoch " + std::to_string(*log.non_finite_epoch) +
                ": the cost is not a finite number (try a lower --lr)");

  // The final state: values and gradients of every node belong to the trained parameters.
  const double final_cost = trainer.forward_backward();
  const Prediction<double> prediction = predict(setup.model, setup.data.X, setup.data.Y);
  if (!flags.quiet) print_predictions(setup.data, prediction);
  print_accuracy(setup.data, prediction, final_cost);

  if (out.empty()) return;
  std::vector<std::filesystem::path> written = {out / "costs.csv", out / "predictions.csv",
                                                out / "params.json"};
  write_costs_csv(written[0], log);
  write_predictions_csv(written[1], setup.data, prediction);
  save_params_json(written[2], setup.model);
  if (flags.graph) {
    GraphPictureOptions picture;
    picture.title = setup.data.name + " after " + std::to_string(flags.options.epochs) +
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

}  // namespace

void add_train_command(CLI::App& app) {
  auto flags = std::make_shared<TrainFlags>();
  CLI::App* train = app.add_subcommand(
      "train",
      "Train a network by full-batch gradient descent on the squared-error cost "
      "C = 1/(2m)·Σ(Y−Ŷ)², print the cost log, the predictions and the accuracy");
  add_network_flags(*train, flags->network);
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
                   "Print and record the cost every N epochs (plus epoch 0 and the last)")
      ->capture_default_str();
  train->add_option("--out", flags->out,
                    "Folder to write into: costs.csv, predictions.csv, params.json (usable as "
                    "--init-params), model.json (for predict and evaluate), learning_curve.png "
                    "and, for two raw features, decision_boundary.png and "
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
      "  scratchnet train --data points.csv --target label --hidden 8 --out runs/points");
  train->callback([flags] { run_train(*flags); });
}

}  // namespace scratchnet::cli
