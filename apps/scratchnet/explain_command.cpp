// scratchnet explain: the article's hand calculation, done by the graph and printed.
#include <cstdio>

#include "commands.hpp"
#include "network_flags.hpp"

namespace scratchnet::cli {
namespace {

struct ExplainFlags {
  NetworkFlags network;
  int example = 0;
  bool example_given = false;  // else: all examples
  double learning_rate = 1.0;
  std::string out;  // none: graph.svg is not written
  bool graph = true;
};

std::string applied_symbol(typename OpDef<double>::Applied applied) {
  using A = OpDef<double>::Applied;
  switch (applied) {
    case A::elementwise:
      return "upstream ⊙ local";
    case A::upstream_times_local:
      return "upstream · local";
    case A::local_times_upstream:
      return "local · upstream";
    case A::row_sum:
      return "Σ over examples of upstream";
    case A::per_example_jacobian:
      return "per example: local · upstream";
  }
  return "";
}

void row(const std::string& node, const std::string& operation, const std::string& quantity,
         const std::string& value) {
  // Column widths counted in characters, not bytes: names hold ∂, σ, ·.
  auto pad = [](const std::string& s, size_t width) {
    size_t chars = 0;
    for (unsigned char c : s)
      chars += (c & 0xC0) != 0x80;
    return s + std::string(chars < width ? width - chars : 1, ' ');
  };
  std::printf("%s%s%s%s\n", pad(node, 9).c_str(), pad(operation, 27).c_str(),
              pad(quantity, 34).c_str(), value.c_str());
}

void run_explain(const ExplainFlags& flags) {
  Session<double> session(flags.network.to_config());
  const RunSetup<double>& setup = session.setup();
  const std::optional<Index> example =
      flags.example_given ? std::optional<Index>(flags.example) : std::nullopt;
  GraphPictureOptions picture;
  picture.title = "scratchnet explain: " + setup.data.name + ", " +
                  (example ? "example " + std::to_string(*example)
                           : std::to_string(setup.data.X.cols()) + " examples");
  const ExplainedStep<double> step = session.explain_step(example, flags.learning_rate, picture);
  // graph.svg only where asked for: a folder of the user's is not written into unasked.
  const bool draw = flags.graph && !flags.out.empty();
  std::filesystem::path out;
  if (draw) out = prepare_out_dir(flags.out);

  std::printf("data     %s, %s\n", step.data.c_str(), step.examples.c_str());
  std::printf("network  %s\n", setup.model.describe().c_str());
  std::printf("params   %s\n\n", setup.init_description.c_str());
  std::printf(
      "forward pass (values, left to right) and backward pass (gradients, right to left)\n"
      "m = %ld: the %s cost %s; each gradient = upstream gradient × local gradient,"
      " summed over all paths\n"
      "matrices are written row by row: [a, b; c, d] has rows a, b and c, d\n\n",
      static_cast<long>(step.m), std::string(loss_entry(setup.loss).cost_name).c_str(),
      std::string(loss_entry(setup.loss).formula).c_str());
  row("node", "operation", "quantity", "value");
  for (const NodeExplanation<double>& e : step.nodes) {
    // The operation's name, and its formula when that fits the column.
    const bool fits = e.formula.empty() || e.op.size() + e.formula.size() <= 24;
    row(e.name, fits && !e.formula.empty() ? e.op + "  " + e.formula : e.op, "value",
        format_matrix(e.value));
    if (!e.has_gradient) {
      row("", "", "gradient", "none: no gradient flows into data");
    } else {
      for (const GradientPath<double>& p : e.paths) {
        row("", "", "upstream ∂C/∂" + p.consumer_name, format_matrix(p.upstream_grad));
        row("", "", "local ∂" + p.consumer_name + "/∂" + e.name + " = " + p.local_grad.formula,
            format_matrix(p.local_grad.value));
        if (e.paths.size() > 1) row("", "", "  applied as", applied_symbol(p.local_grad.applied));
      }
      const std::string rule = e.paths.size() == 1 ? applied_symbol(e.paths[0].local_grad.applied)
                               : e.paths.empty()
                                   ? std::string()
                                   : "sum over the " + std::to_string(e.paths.size()) + " paths";
      row("", "", "gradient ∂C/∂" + e.name,
          format_matrix(e.gradient) + (rule.empty() ? "" : "   (= " + rule + ")"));
    }
    std::printf("\n");
  }

  std::printf("in the article's words\n");
  std::printf("  ŷ = %s\n", format_matrix(step.output).c_str());
  std::printf("  cost = %s%s\n", format_number(step.cost, 12).c_str(),
              step.m == 1 ? "  (one example: the loss L = ½(y − ŷ)²)" : "");

  std::printf("\ngradient descent, learning rate α = %g: θ ← θ − α·∂C/∂θ\n", step.learning_rate);
  for (const auto& u : step.updates) {
    std::string grad = format_matrix(u.gradient);
    if (grad[0] == '-') grad = "(" + grad + ")";  // 0 − 1·(-0.037), not 0 − 1·-0.037
    std::printf("  %s = %s − %g·%s = %s\n", u.name.c_str(), format_matrix(u.value).c_str(),
                step.learning_rate, grad.c_str(), format_matrix(u.after).c_str());
  }
  if (draw) render_dot(step.graph_dot, out / "graph.svg");  // the pass, before the step
  std::printf("\nafter the step: ŷ = %s, cost %s (was %s)\n",
              format_matrix(step.output_after).c_str(), format_number(step.cost_after).c_str(),
              format_number(step.cost).c_str());
  if (draw)
    std::printf("wrote %s\n", (out / "graph.svg").c_str());
  else if (flags.graph)
    std::printf("(add --out DIR to draw this pass, every value and gradient, as DIR/graph.svg)\n");
}

}  // namespace

void add_explain_command(CLI::App& app) {
  auto flags = std::make_shared<ExplainFlags>();
  CLI::App* explain = app.add_subcommand(
      "explain",
      "One forward and one backward pass printed node by node — value, upstream gradient, "
      "local gradient and gradient — then the gradient-descent step, and graph.svg");
  add_network_flags(*explain, flags->network);
  explain->add_option_function<int>(
      "--example",
      [flags](const int& k) {
        flags->example = k;
        flags->example_given = true;
      },
      "Use only example K (0-based column of X), as the article's first hand "
      "calculation does; default: all examples");
  explain->add_option("--lr", flags->learning_rate, "Learning rate α of the step shown")
      ->capture_default_str();
  explain->add_option("--out", flags->out,
                      "Folder to write graph.svg into (the pass drawn with every value and "
                      "gradient); without it, nothing is written");
  explain->add_flag("!--no-graph", flags->graph, "Do not write graph.svg, even with --out");
  explain->footer(
      "\nExamples:\n"
      "  echo '[{\"W\": [[0.1, 0.6]], \"b\": [[0]]}]' > or.json\n"
      "  scratchnet explain --data or --init-params or.json --example 0   # ŷ = 0.5, b → −0.125\n"
      "  scratchnet explain --data or --init-params or.json               # all four examples\n"
      "  scratchnet explain --data xor --hidden 3 --seed 48 --out pictures");
  explain->callback([flags] { run_explain(*flags); });
}

}  // namespace scratchnet::cli
