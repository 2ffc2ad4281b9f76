// scratchnet gradcheck: every parameter's gradient, from backpropagation, against central
// finite differences — how a learner verifies the article's derivations on any network.
#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "commands.hpp"
#include "network_flags.hpp"

namespace scratchnet::cli {
namespace {

struct GradcheckFlags {
  NetworkFlags network;
  double l2 = 0;
  GradientCheckOptions check;
  std::string entries = "50";
  std::string examples = "256";
  std::string dtype = "float64";
  int threads = 1;
  std::vector<std::string> ignored;  // train flags given that do not change the gradient
};

// "all" (0), or a count ≥ 1.
Index parse_count(const std::string& flag, const std::string& text) {
  if (text == "all") return 0;
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1)
    throw UsageError(flag + ": expected a count of at least 1 or 'all', got '" + text + "'");
  return value;
}

void run_gradcheck(const GradcheckFlags& flags) {
  GradientCheckOptions options = flags.check;
  options.entries = parse_count("--entries", flags.entries);
  options.seed = flags.network.config.seed;
  validate(options);  // before reading a large dataset
  const Index examples = parse_count("--examples", flags.examples);
  const bool float32 = flags.dtype == "float32" || flags.dtype == "float";
  if (!float32 && flags.dtype != "float64" && flags.dtype != "double")
    throw UsageError("--dtype: unknown type '" + flags.dtype + "' (expected float32 or float64)");
  set_threads(flags.threads);  // UsageError below 1

  Setup<double> setup = make_setup<double>(flags.network);
  Dataset<double>& data = setup.data;
  const Index m = data.X.cols();
  std::string which = std::to_string(m) + " examples";
  if (examples > 0 && examples < m) {
    data.X = Matrix<double>(data.X.leftCols(examples));
    data.Y = Matrix<double>(data.Y.leftCols(examples));
    which = "the first " + std::to_string(examples) + " of " + std::to_string(m) + " examples";
  }
  TrainOptions train;
  train.loss = setup.loss;
  train.l2 = flags.l2;
  Trainer<double> trainer(setup.model, data.X, data.Y, train);

  std::printf("data     %s, %s\n", data.name.c_str(), which.c_str());
  std::printf("network  %s\n", setup.model.describe().c_str());
  std::printf("params   %s\n", setup.init_description.c_str());
  std::printf("cost     %s%s\n", std::string(to_string(setup.loss)).c_str(),
              flags.l2 > 0 ? (" + L2 " + format_number(flags.l2)).c_str() : "");
  if (float32)
    std::printf(
        "note     computed in float64, not float32: float32's 7 digits cannot resolve a "
        "difference quotient\n");
  if (!flags.ignored.empty()) {
    std::string names;
    for (const std::string& n : flags.ignored)
      names += (names.empty() ? "" : ", ") + n;
    std::printf("note     ignored %s: they change training, not the gradient\n", names.c_str());
  }
  std::printf("\n");

  const GradientCheck check = gradient_check(trainer.graph(), trainer.cost_node(), options);
  std::fputs(format_gradient_check(check).c_str(), stdout);
  if (!check.passed()) {
    const Graph<double>& g = trainer.graph();
    for (NodeId id = 0; id < g.size(); ++id)
      if (g.node(id).op && g.node(id).op->has_kink) {
        std::printf(
            "note: this network has %s, whose kink at 0 makes finite differences disagree "
            "where\n      an input sits within h of 0 (see --help)\n",
            std::string(g.node(id).op->name).c_str());
        break;
      }
    std::fflush(stdout);  // the table before the error line
    const ParameterCheck& worst = *check.worst();
    char numbers[200];
    std::snprintf(numbers, sizeof numbers,
                  " (worst: %s, relative error %.2e > threshold %.2e at entry (%ld,%ld): "
                  "analytic %.6e, numeric %.6e)",
                  worst.name.c_str(), worst.worst_error, check.threshold,
                  static_cast<long>(worst.worst_row), static_cast<long>(worst.worst_col),
                  worst.analytic, worst.numeric);
    // Not a usage error: the command ran and found a wrong gradient (exit 1).
    throw std::runtime_error("gradient check failed for " + failing_names(check) + numbers);
  }
}

}  // namespace

void add_gradcheck_command(CLI::App& app) {
  auto flags = std::make_shared<GradcheckFlags>();
  CLI::App* cmd = app.add_subcommand(
      "gradcheck",
      "Check the gradient of every parameter: backpropagation against central finite "
      "differences; prints the worst relative error per node and fails (exit 1) above "
      "--threshold");
  add_network_flags(*cmd, flags->network, /*with_split=*/true);
  cmd->add_option("--l2", flags->l2,
                  "L2 weight decay λ: adds λ/2·Σ‖W‖² to the cost, and λ·W to the gradients")
      ->capture_default_str();
  cmd->add_option("--threshold", flags->check.threshold,
                  "Largest relative error that passes. A correct gradient agrees to about "
                  "1e-7 or better in float64, a wrong formula is off by 1e-2 or more: 1e-6 "
                  "leaves room on both sides")
      ->capture_default_str();
  cmd->add_option("--step", flags->check.step,
                  "h of the central differences: the error of the difference quotient is "
                  "about h² (truncation) + ε·C/h (round-off), smallest near 1e-5…1e-6")
      ->capture_default_str();
  cmd->add_option("--entries", flags->entries,
                  "Entries checked per parameter, a sample chosen by --seed, or 'all' "
                  "(each entry costs two forward passes)")
      ->capture_default_str();
  cmd->add_option("--examples", flags->examples,
                  "Check on the first N examples of the data, or 'all'")
      ->capture_default_str();
  cmd->add_option("--dtype", flags->dtype,
                  "Accepted for train's command line; the check always runs in float64")
      ->capture_default_str();
  cmd->add_option("--threads", flags->threads, "Threads for matrix products")
      ->capture_default_str();

  // The rest of train's flags, so that a train command line can be checked by changing
  // its first word: they change how training moves, not the gradient at the start. Read off
  // train's own options, so a new train flag is accepted here the day it is added.
  const std::string ignored = "Train flags accepted and ignored (they do not change the gradient)";
  CLI::App train_flags;
  add_train_command(train_flags);
  for (const CLI::Option* option : train_flags.get_subcommand("train")->get_options()) {
    std::string names;
    for (const std::string& n : option->get_snames())
      names += (names.empty() ? "-" : ",-") + n;
    for (const std::string& n : option->get_lnames())
      if (!cmd->get_option_no_throw("--" + n)) names += (names.empty() ? "--" : ",--") + n;
    if (names.empty() || names.find("--") == std::string::npos || names == "-h" ||
        option->get_lnames().front() == "help")
      continue;
    const std::string shown = "--" + option->get_lnames().front();
    if (option->get_type_name().empty())  // a flag: it takes no value
      cmd->add_flag_callback(names, [flags, shown] { flags->ignored.push_back(shown); })
          ->group(ignored);
    else
      cmd->add_option_function<std::string>(
             names, [flags, shown](const std::string&) { flags->ignored.push_back(shown); })
          ->group(ignored);
  }

  cmd->footer(
      "\nWhat is compared. Backpropagation gives ∂C/∂θ for every parameter entry at once, by\n"
      "the chain rule through the graph. Finite differences measure it directly: nudge one\n"
      "entry by ±h, run the forward pass twice, and take the slope\n"
      "    (C(θ + h) − C(θ − h)) / 2h,\n"
      "the central difference, whose error shrinks like h² (the one-sided (C(θ+h) − C(θ))/h\n"
      "only like h). It is slow — two forward passes per entry — but needs no derivation, so\n"
      "it catches a wrong one.\n"
      "\nWhy a relative error. Gradients range from 1e-6 to 1e2; |a − n| alone cannot say\n"
      "whether 1e-7 is close. |a − n| / (|a| + |n|) can: 1e-7 or less means the formulas\n"
      "agree, 1e-2 or more means one is wrong. When both are tiny, the denominator is\n"
      "floored at the round-off of the difference quotient (about 64·ε·|C|/h) over the\n"
      "threshold, so that noise is not reported as disagreement.\n"
      "\nFalse alarms. ReLU has a kink at 0: when θ ± h moves some unit's input across 0, the\n"
      "difference quotient straddles two slopes and disagrees with either one — by up to\n"
      "1 when the input sits exactly at 0 (xor's example (0, 0) with zero biases: Z1 = b1 =\n"
      "0). A ReLU network failing on a few entries is usually that; try other data, another\n"
      "--seed or a smaller --step. Sigmoid and tanh are smooth everywhere.\n"
      "\nExamples:\n"
      "  scratchnet gradcheck --data or --init-params or.json       # the article's OR\n"
      "  scratchnet gradcheck --data xor --hidden 5,3 --entries all\n"
      "  scratchnet gradcheck --data xor --hidden 4 --activation tanh --loss bce --l2 0.01\n"
      "  scratchnet gradcheck --data fashion-mnist --hidden 256,128 --activation relu \\\n"
      "      --init he --loss softmax-ce --examples 64");
  cmd->callback([flags] { run_gradcheck(*flags); });
}

}  // namespace scratchnet::cli
