// scratchnet sweep: the learning-rate lesson — one run per rate, their curves on one plot.
#include <cstdio>
#include <sstream>

#include "commands.hpp"
#include "network_flags.hpp"

namespace scratchnet::cli {
namespace {

struct SweepFlags {
  NetworkFlags network;
  std::vector<double> rates = {0.005, 0.5, 5, 50};
  int epochs = 5000;
  std::string out = ".";
  std::string plot_format = "png";
  bool linear_cost = false;
};

void run_sweep(const SweepFlags& flags) {
  if (flags.rates.empty()) throw UsageError("--lr needs at least one learning rate");
  TrainOptions options;
  options.epochs = flags.epochs;
  options.log_every = 1;       // every epoch: the verdict looks at the whole curve
  options.stop_diverging = 0;  // a sweep shows how a too-large rate behaves: draw it all
  for (double rate : flags.rates) {
    options.learning_rate = rate;
    validate(options);
  }
  const PlotFormat format = parse_plot_format(flags.plot_format);
  const OutFolder out_folder(flags.out);  // removed again if the run fails
  const std::filesystem::path& out = out_folder.path();

  std::vector<CostCurve> curves;
  std::string data_name;
  Setup<double> setup = make_setup<double>(flags.network);  // before any output: it may fail
  std::printf("%10s  %14s  %14s  %9s  %s\n", "rate α", "first cost", "last cost", "accuracy",
              "verdict");
  options.loss = setup.loss;
  for (double rate : flags.rates) {
    initialise_model(setup, flags.network.to_config());  // the same starting point for every rate
    data_name = setup.data.name + ", " + setup.model.describe();
    options.learning_rate = rate;
    Trainer<double> trainer(setup.model, setup.data.X, setup.data.Y, options);
    const CostLog log = trainer.run();
    const RunVerdict verdict = judge_run(log);
    const double accuracy = predict(setup.model, setup.data.X, setup.data.Y).accuracy_percent;
    std::printf("%10g  %14.6g  %14.6g  %8g%%  %s\n", rate,
                log.costs.empty() ? NAN : log.costs.front(),
                log.costs.empty() ? NAN : log.costs.back(), accuracy, verdict.text.c_str());
    std::ostringstream label;
    label << "α = " << rate;
    if (verdict.kind != RunVerdict::Kind::learned)
      label << " (" << verdict.text.substr(0, verdict.text.find(':')) << ")";
    CostCurve curve{label.str(), {}, log.costs};
    for (int e : log.epochs)
      curve.epochs.push_back(e);
    if (!curve.costs.empty()) curves.push_back(std::move(curve));
  }
  LearningCurveOptions plot;
  plot.format = format;
  plot.title = "Learning rates compared";
  plot.log_cost = !flags.linear_cost;
  // A too-large rate shows itself in the first few epochs (the article's α = 50 jumps at
  // epoch 2), a pixel wide on a 5000-epoch axis: a panel of its own shows them at a readable
  // scale, while the main axis stays linear in epochs, as the article draws it.
  plot.zoom_epochs = 20;
  const auto path = out / ("learning_rate_sweep." + std::string(extension(format)));
  plot_learning_curves(path, curves, plot);
  std::printf("\n%s\nwrote %s\n", data_name.c_str(), path.c_str());
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto flags = std::make_shared<SweepFlags>();
  CLI::App* sweep = app.add_subcommand(
      "sweep",
      "The learning-rate lesson: train once per rate from the same start, judge each run "
      "(learned, barely moved, overshot, diverged) and draw their learning curves together");
  add_network_flags(*sweep, flags->network);
  sweep->add_option("--lr", flags->rates, "Learning rates, comma-separated")
      ->delimiter(',')
      ->capture_default_str();
  sweep->add_option("--epochs", flags->epochs, "Epochs per run")->capture_default_str();
  sweep->add_option("--out", flags->out, "Folder for learning_rate_sweep.png")
      ->capture_default_str();
  sweep->add_option("--plot-format", flags->plot_format, "png, svg or pdf")->capture_default_str();
  sweep->add_flag("--linear-cost", flags->linear_cost,
                  "Draw the cost axis linearly (default: log scale, as the costs span decades)");
  sweep->footer(
      "\nExamples:\n"
      "  scratchnet sweep --lr 0.005,0.5,5,50 --data xor --hidden 5,3 --out pictures\n"
      "  scratchnet sweep --lr 0.1,1,10 --data or --epochs 1000");
  sweep->callback([flags] { run_sweep(*flags); });
}

}  // namespace scratchnet::cli
