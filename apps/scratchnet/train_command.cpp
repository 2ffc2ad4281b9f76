#include <cstdio>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "network_flags.hpp"

namespace scratchnet::cli {
namespace {

struct TrainFlags {
  NetworkFlags network;
  TrainOptions options;
  std::string out;
};

void print_predictions(const Dataset<double>& data, const Prediction<double>& p) {
  std::printf("\npredictions\n ");
  for (const std::string& name : data.feature_names)
    std::printf(" %8s", name.c_str());
  std::printf(" %8s %12s %6s\n", "y", "probability", "label");
  for (Index j = 0; j < data.X.cols(); ++j) {
    std::printf(" ");
    for (Index i = 0; i < data.X.rows(); ++i)
      std::printf(" %8g", data.X(i, j));
    std::printf(" %8g %12.6f %6g\n", data.Y(0, j), p.probabilities(0, j), p.labels(0, j));
  }
  const Index correct = (p.labels.array() == data.Y.array()).count();
  std::printf("\naccuracy %g%% (%ld of %ld correct)\n", p.accuracy_percent,
              static_cast<long>(correct), static_cast<long>(data.Y.size()));
}

void run_train(const TrainFlags& flags) {
  validate(flags.options);
  Setup setup = make_setup(flags.network);
  std::filesystem::path out;
  if (!flags.out.empty()) out = prepare_out_dir(flags.out);

  std::printf("data     %s: %ld examples, features %s\n", setup.data.name.c_str(),
              static_cast<long>(setup.data.X.cols()),
              [&] {
                std::string s;
                for (const auto& n : setup.data.feature_names)
                  s += (s.empty() ? "" : ", ") + n;
                return s;
              }()
                  .c_str());
  std::printf("network  %s\n", setup.model.describe().c_str());
  std::printf("init     %s\n", setup.init_description.c_str());
  std::printf("training %d epochs of full-batch gradient descent, learning rate %g\n\n",
              flags.options.epochs, flags.options.learning_rate);
  std::printf("%8s  %s\n", "epoch", "cost");

  Trainer<double> trainer(setup.model, setup.data.X, setup.data.Y);
  const CostLog log = trainer.run(
      flags.options, [](int epoch, double cost) { std::printf("%8d  %.17g\n", epoch, cost); });
  const Prediction<double> prediction = predict(setup.model, setup.data.X, setup.data.Y);
  print_predictions(setup.data, prediction);

  if (!out.empty()) {
    write_costs_csv(out / "costs.csv", log);
    write_predictions_csv(out / "predictions.csv", setup.data, prediction);
    save_params_json(out / "params.json", setup.model);
    std::printf("\nwrote %s, %s and %s\n", (out / "costs.csv").c_str(),
                (out / "predictions.csv").c_str(), (out / "params.json").c_str());
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
                   "Learning rate α in θ ← θ − α·∂C/∂θ (too small crawls, too large diverges)")
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
                    "Folder to write costs.csv (epoch,cost), predictions.csv and params.json "
                    "(the trained parameters, usable as --init-params)");
  train->footer(
      "\nExamples:\n"
      "  scratchnet train --data xor --hidden 3 --init xavier --seed 48 --lr 1 --epochs 5000\n"
      "  scratchnet train --data xor --cross 0*1 --init plain   # XOR by feature engineering\n"
      "  scratchnet train --data or --init-params or.json --out runs/or");
  train->callback([flags] { run_train(*flags); });
}

}  // namespace scratchnet::cli
