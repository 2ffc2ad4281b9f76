// scratchnet train: flags → RunConfig → Session → a report. The run itself — data, model,
// training, checkpoints, the files it leaves — is the library's (scratchnet/run/session.hpp).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "commands.hpp"
#include "fault.hpp"
#include "network_flags.hpp"
#include "progress.hpp"
#include "scratchnet/run/report.hpp"

namespace scratchnet::cli {
namespace {

struct TrainFlags {
  NetworkFlags network;
  RunConfig config;  // the training and output fields, set directly by their flags
  std::optional<int> log_every, threads;
  std::string resume;  // a folder whose checkpoint to continue from
  bool quiet = false;
};

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

RunConfig config_of(const TrainFlags& flags) {
  if (!flags.resume.empty() && !flags.config.out.empty() &&
      std::filesystem::path(flags.config.out) != std::filesystem::path(flags.resume))
    throw UsageError(
        "--resume DIR continues the run in DIR and writes there; --out names "
        "another folder ('" +
        flags.config.out + "')");
  RunConfig config = flags.network.to_config(flags.config);
  config.log_every = flags.log_every;
  config.threads = flags.threads;
  if (flags.threads && *flags.threads == 0) throw UsageError("--threads must be at least 1, got 0");
  if (!flags.resume.empty()) {
    config.out = flags.resume;
    config.resume = true;
  }
  return config;
}

template <class T>
void print_description(const Session<T>& session, const std::optional<int>& resumed) {
  const RunDescription d = session.describe();
  const RunConfig& c = session.config();
  std::printf("data     %s\n", d.data.c_str());
  if (!d.test.empty()) std::printf("test     %s\n", d.test.c_str());
  std::printf("network  %s\n", d.network.c_str());
  std::printf("init     %s\n", d.init.c_str());
  std::printf("training %s\n", d.training.c_str());
  std::printf("compute  %s\n", d.compute.c_str());
  const std::string checkpoint = session.checkpoint_path().string();
  if (c.checkpoint_every > 0)
    std::printf("save     a checkpoint every %d epoch%s in %s\n", c.checkpoint_every,
                c.checkpoint_every == 1 ? "" : "s", checkpoint.c_str());
  if (resumed)
    std::printf("resume   from %s: %d of %d epochs done\n", checkpoint.c_str(), *resumed, c.epochs);
  else if (c.resume)
    std::printf("resume   no checkpoint in %s yet: starting at epoch 0\n", c.out.c_str());
  std::printf("\n%8s  %s\n", "epoch", c.batch > 0 ? "mean cost" : "cost");
}

template <class T>
void run_train_typed(const TrainFlags& flags, const RunConfig& config) {
  const Fault fault = fault_from_environment();
  Session<T> session(config);
  const std::optional<int> resumed = session.resume();
  if (!flags.quiet) print_description(session, resumed);

  ProgressBar progress(config.epochs, !flags.quiet);
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
    session.save_checkpoint(before_rename);
  };
  if (resumed)  // the log so far, as the uninterrupted run printed it
    for (size_t i = 0; i < session.cost_log().epochs.size(); ++i)
      on_log(session.cost_log().epochs[i], session.cost_log().costs[i]);

  RunHooks hooks;
  hooks.on_log = on_log;
  if (progress.enabled()) hooks.on_epoch = [&](int e, double c) { progress.update(e, c); };
  hooks.stop_requested = [] { return interrupted != 0; };
  hooks.after_epoch = [&](int done) {
    if (config.checkpoint_every > 0 && done % config.checkpoint_every == 0 && done < config.epochs)
      write_checkpoint();
    act_after_epoch(fault, done);  // the tests' kill, Ctrl-C or pause at an exact epoch
  };
  CostLog log;
  {
    const SigintGuard guard;
    log = session.train(hooks);
  }
  if (log.interrupted) {  // Ctrl-C: keep what was done, say how to go on
    progress.clear();
    std::fflush(stdout);
    const int done = session.epochs_done();
    if (config.out.empty()) {
      std::fprintf(stderr,
                   "scratchnet: interrupted after %d of %d epochs; nothing saved (give --out DIR "
                   "to keep a checkpoint)\n",
                   done, config.epochs);
    } else {
      write_checkpoint();
      std::fprintf(stderr,
                   "scratchnet: interrupted after %d of %d epochs; checkpoint saved in %s; to "
                   "continue, run the same command with --resume %s\n",
                   done, config.epochs, session.checkpoint_path().c_str(), config.out.c_str());
    }
    // 128 + SIGINT, as a shell reports a process ended by Ctrl-C. Every file is written
    // atomically and nothing else is pending, so exiting here loses nothing.
    std::exit(130);
  }
  progress.clear();
  if (log.stopped) throw Error("training stopped at " + log.stopped->message);

  const RunResult<T> result = session.result();
  const RunSetup<T>& setup = session.setup();
  const bool classes = setup.loss == Loss::softmax_ce;
  const bool small = setup.data.X.rows() <= 10 && setup.data.X.cols() <= 1000;
  if (!flags.quiet && small && !classes)
    std::fputs(format_predictions(setup.data, result.train).c_str(), stdout);
  std::printf("\n%s %.17g\n",
              result.cost_is_last_epoch_mean ? "last epoch's mean cost" : "final cost",
              result.train_cost);
  std::fputs(format_accuracy("accuracy", setup.data, result.train).c_str(), stdout);
  if (result.test)
    std::fputs(format_accuracy("test accuracy", *setup.test, *result.test).c_str(), stdout);
  if (classes && !flags.quiet) {
    std::printf("%s", result.confusion_of_test ? "on the test data:" : "on the training data:");
    const Dataset<T>& measured = setup.test ? *setup.test : setup.data;
    std::fputs(format_confusion(result.confusion, measured.class_names).c_str(), stdout);
  }
  if (!flags.quiet) {
    const std::string fewer = fewer_threads_note(session.epoch_threads(), session.max_threads());
    std::printf("\ntrained in %.3f s (%.3g s per epoch%s%s)\n", log.seconds,
                log.seconds / std::max<size_t>(1, log.costs.empty() ? 1 : log.epochs.back() + 1),
                fewer.empty() ? "" : "; ", fewer.c_str());
  }

  const std::vector<std::filesystem::path> written = session.write_outputs(result);
  if (written.empty()) return;
  // The run is complete and model.json holds its result: its checkpoint is spent. (Killed
  // just before this, a resume recomputes the last epochs and writes the same files.)
  if (fault.kind == Fault::Kind::kill_before_removal) std::raise(SIGKILL);
  session.remove_spent_checkpoint();
  if (!flags.quiet) {
    std::printf("\nwrote");
    for (const auto& path : written)
      std::printf(" %s", path.filename().c_str());
    std::printf(" in %s\n", config.out.c_str());
  }
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
      ->add_option("--lr", flags->config.learning_rate,
                   "Learning rate α in θ ← θ − α·∂C/∂θ (too small crawls, too large overshoots)")
      ->capture_default_str();
  train
      ->add_option("--epochs", flags->config.epochs, "Number of epochs (full passes over the data)")
      ->capture_default_str();
  train->add_option("--log-every", flags->log_every,
                    "Print and record the cost every N epochs (plus epoch 0 and the last); "
                    "default 100, or 1 with --batch, whose epochs are long");
  train
      ->add_option("--batch", flags->config.batch,
                   "Examples per step: mini-batches, shuffled (by --seed) before every epoch; "
                   "0 means the full batch, in order (the article's)")
      ->capture_default_str();
  train
      ->add_option(
          "--optimizer", flags->config.optimizer.name,
          "How gradients update parameters (PyTorch's formulas): " + choices_help("optimizer"))
      ->capture_default_str();
  add_choice_param_flags(*train, "optimizer", flags->network);
  train
      ->add_option("--lr-decay", flags->config.schedule.name,
                   "Learning-rate decay (annealing): " + choices_help("schedule"))
      ->capture_default_str();
  add_choice_param_flags(*train, "schedule", flags->network);
  train
      ->add_option("--l2", flags->config.l2,
                   "L2 weight decay λ: adds λ/2·Σ‖W‖² (weights, not biases) to the cost")
      ->capture_default_str();
  train
      ->add_option("--stop-diverging", flags->config.stop_diverging,
                   "Stop a diverging run, naming the parameter whose gradient is largest for "
                   "its size: when the cost rose N epochs in a row, or stayed above its first "
                   "value for 10·N epochs; 0 never stops. A NaN or infinite cost or gradient "
                   "always stops training, naming the first node where it appeared")
      ->capture_default_str();
  train
      ->add_option("--dtype", flags->config.dtype,
                   "Number type: float64 (the default; the article's runs are exact) or float32 "
                   "(half the memory, faster)")
      ->capture_default_str();
  train->add_option("--threads", flags->threads,
                    "Threads for matrix products. Default: all cores when a step has at least "
                    "a million multiply-adds (e.g. Fashion-MNIST), else 1. A given count is "
                    "bit-for-bit reproducible; float32 results differ between counts");
  train->add_option("--out", flags->config.out,
                    "Folder to write into: costs.csv, metrics.json (costs, accuracies, "
                    "confusion matrix, seconds), params.json (usable as --init-params), "
                    "model.json (for predict and evaluate), predictions.csv, "
                    "learning_curve.png; for two raw features decision_boundary.png and "
                    "decision_boundary_shaded.png (with softmax-ce over 3 to 8 classes, "
                    "decision_boundary.png: each class's region in its colour). A folder "
                    "holding another run is refused");
  train->add_flag("--force", flags->config.force,
                  "Replace the run in --out: its files are removed first");
  train
      ->add_option("--checkpoint-every", flags->config.checkpoint_every,
                   "Save a checkpoint (checkpoint.json: parameters, optimiser and shuffle state, "
                   "cost log) in --out every N epochs, written atomically; removed when the run "
                   "completes. 0: none. Ctrl-C always saves one (with --out) and exits 130")
      ->capture_default_str();
  train->add_option("--resume", flags->resume,
                    "Continue the run whose --out was DIR from DIR/checkpoint.json (from the "
                    "start if there is none yet), with the same flags, and write its outputs "
                    "in DIR: costs.csv and model.json come out byte-identical to an "
                    "uninterrupted run's. Other settings than the checkpoint's are refused");
  add_picture_flags(*train, flags->config);
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
  train->callback([flags] {
    const RunConfig config = config_of(*flags);
    with_session_type(config, [&]<class T>() { run_train_typed<T>(*flags, config); });
  });
}

}  // namespace scratchnet::cli
