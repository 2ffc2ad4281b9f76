// LiveRun (include/scratchnet/run/live_run.hpp): frames and the graph walk as JSON.
#include "scratchnet/run/live_run.hpp"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "grid_probe.hpp"
#include "scratchnet/data/data.hpp"
#include "scratchnet/train/gradcheck.hpp"
#include "scratchnet/viz/graph_picture.hpp"

namespace scratchnet {
namespace {

using json = nlohmann::ordered_json;

// A number for JSON: NaN and ±∞ have no JSON form, so they go as null.
json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

json matrix_rows(const Matrix<double>& m) {
  json rows = json::array();
  for (Index r = 0; r < m.rows(); ++r) {
    json row = json::array();
    for (Index c = 0; c < m.cols(); ++c)
      row.push_back(number(m(r, c)));
    rows.push_back(std::move(row));
  }
  return rows;
}

// What the chain rule makes of one path: upstream G combined with local L as `applied`
// says; null where the shapes do not meet (a per-example Jacobian is shown, not applied).
json path_product(const Matrix<double>& G, const OpDef<double>::LocalGradient& local) {
  using Applied = OpDef<double>::Applied;
  const Matrix<double>& L = local.value;
  const bool scalar = L.size() == 1;
  switch (local.applied) {
    case Applied::elementwise:
      if (scalar) return matrix_rows(G * L(0, 0));
      if (G.rows() == L.rows() && G.cols() == L.cols())
        return matrix_rows(G.cwiseProduct(L).eval());
      break;
    case Applied::upstream_times_local:
      if (G.cols() == L.rows()) return matrix_rows((G * L).eval());
      break;
    case Applied::local_times_upstream:
      if (L.cols() == G.rows()) return matrix_rows((L * G).eval());
      break;
    case Applied::row_sum:
      if (scalar) return matrix_rows((G * L(0, 0)).rowwise().sum().eval());
      if (G.rows() == L.rows() && G.cols() == L.cols())
        return matrix_rows(G.cwiseProduct(L).rowwise().sum().eval());
      break;
    case Applied::per_example_jacobian:
      break;
  }
  return nullptr;
}

void check_request(const FrameRequest& r) {
  if (!(r.train_seconds >= 0 && r.train_seconds <= kMaxFrameSeconds))
    throw FieldError("train_seconds", "must be 0 to " + format_number(kMaxFrameSeconds) + ", got " +
                                          format_number(r.train_seconds));
  if (r.epochs < 0 || r.epochs > kMaxFrameEpochs)
    throw FieldError("epochs", "must be 0 to " + std::to_string(kMaxFrameEpochs) + ", got " +
                                   std::to_string(r.epochs));
  if (r.grid != 0 && (r.grid < 2 || r.grid > kMaxFrameGrid))
    throw FieldError("grid", "must be 0 (none) or 2 to " + std::to_string(kMaxFrameGrid) +
                                 ", got " + std::to_string(r.grid));
}

RunConfig float64(const RunConfig& config) {
  if (is_float32(config))
    throw FieldError("dtype", ": a live run computes in float64 (the article's numbers)");
  return config;
}

}  // namespace

LiveRun::LiveRun(const RunConfig& config) : session_(float64(config)) {
  if (const auto& test = session_.setup().test) {
    TrainOptions options;
    options.loss = session_.train_options().loss;
    test_cost_ = std::make_unique<Trainer<double>>(session_.model(), test->X, test->Y, options);
  }
}

LiveRun::~LiveRun() = default;

std::string LiveRun::frame_json(const FrameRequest& request) {
  check_request(request);
  const int cap = session_.config().epochs;
  const int done_before = session_.epochs_done();
  const bool stopped_before = session_.cost_log().stopped.has_value();
  if (done_before < cap && !stopped_before) {
    if (request.epochs > 0)
      session_.train_epochs(std::min(request.epochs, cap - done_before));
    else if (request.train_seconds > 0)
      session_.train_until(std::chrono::steady_clock::now() +
                           std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(request.train_seconds)));
  }
  const RunResult<double> result = session_.result();
  json frame;
  frame["epoch"] = session_.epochs_done();
  frame["train_cost"] = number(result.train_cost);
  frame["train_accuracy"] = number(result.train.accuracy_percent);
  if (result.test) {
    test_cost_->graph().forward();
    frame["test_cost"] = number(test_cost_->graph().value(test_cost_->cost_node())(0, 0));
    frame["test_accuracy"] = number(result.test->accuracy_percent);
  } else {
    frame["test_cost"] = nullptr;
    frame["test_accuracy"] = nullptr;
  }
  const auto& stopped = session_.cost_log().stopped;
  frame["stopped"] = stopped ? json(stopped->message) : json(nullptr);
  frame["done"] = session_.epochs_done() >= cap;
  frame["confusion"] = result.confusion;  // [actual][predicted]
  frame["confusion_of"] = result.confusion_of_test ? "test" : "train";

  json weights = json::array();
  for (const LinearLayer<double>* layer : session_.model().linear_layers())
    weights.push_back(matrix_rows(layer->W()));
  frame["weights"] = std::move(weights);
  std::string text = frame.dump();
  if (request.grid > 0 && session_.setup().raw.X.rows() == 2) {
    text.back() = ',';  // the grid's members, written by hand, go inside the object
    text += grid_json(request);
    text += '}';
  }
  return text;
}

std::string LiveRun::explain_json(std::optional<Index> example, double learning_rate) {
  const ExplainedStep<double> step = session_.explain_step(example, learning_rate);
  json nodes = json::array();
  for (const NodeExplanation<double>& node : step.nodes) {
    json paths = json::array();
    for (const GradientPath<double>& path : node.paths)
      paths.push_back({{"consumer", path.consumer_name},
                       {"upstream", matrix_rows(path.upstream_grad)},
                       {"local_formula", path.local_grad.formula},
                       {"local", matrix_rows(path.local_grad.value)},
                       {"product", path_product(path.upstream_grad, path.local_grad)}});
    nodes.push_back({{"id", node.id},
                     {"name", node.name},
                     {"op", node.op},
                     {"formula", node.formula},
                     {"value", matrix_rows(node.value)},
                     {"gradient", node.has_gradient ? matrix_rows(node.gradient) : json(nullptr)},
                     {"paths", std::move(paths)}});
  }
  json updates = json::array();
  for (const auto& u : step.updates)
    updates.push_back({{"name", u.name},
                       {"value", matrix_rows(u.value)},
                       {"gradient", matrix_rows(u.gradient)},
                       {"after", matrix_rows(u.after)}});
  json out = {{"examples", step.examples},
              {"m", step.m},
              {"nodes", std::move(nodes)},
              {"output", matrix_rows(step.output)},
              {"cost", number(step.cost)},
              {"learning_rate", step.learning_rate},
              {"updates", std::move(updates)},
              {"cost_after", number(step.cost_after)},
              {"svg", render_dot_text(step.graph_dot)}};
  return out.dump();
}

std::string LiveRun::start_json() const {
  const RunSetup<double>& setup = session_.setup();
  const RunDescription d = session_.describe();
  auto points = [](const Dataset<double>& data) {
    json x1 = json::array(), x2 = json::array(), label = json::array();
    for (Index i = 0; i < data.X.cols(); ++i) {
      x1.push_back(data.X(0, i));
      x2.push_back(data.X(1, i));
      label.push_back(data.Y(0, i));
    }
    return json{{"x1", std::move(x1)}, {"x2", std::move(x2)}, {"label", std::move(label)}};
  };
  json out = {{"config", json::parse(to_json(session_.config()))},
              {"description",
               {{"data", d.data},
                {"test", d.test},
                {"network", d.network},
                {"init", d.init},
                {"training", d.training}}},
              {"features", setup.raw.feature_names},
              {"inputs", setup.data.feature_names},
              {"classes", class_count(setup.data)},
              {"points", nullptr}};
  out["config"].erase("data_text");  // the page has it; a 16 MB echo helps no one
  if (setup.raw.X.rows() == 2) {
    // The raw points of the test part: its X holds the crosses too, its first rows are raw.
    out["points"] = {{"train", points(setup.raw)},
                     {"test", setup.test ? points(*setup.test) : json(nullptr)}};
  }
  return out.dump();
}

std::string LiveRun::gradcheck_json() {
  Trainer<double>& trainer = session_.trainer();
  const GradientCheck check = gradient_check(trainer.graph(), trainer.cost_node());
  json parameters = json::array();
  for (const ParameterCheck& p : check.parameters)
    parameters.push_back({{"name", p.name},
                          {"checked", p.checked},
                          {"worst_error", p.worst_error},
                          {"analytic", number(p.analytic)},
                          {"numeric", number(p.numeric)},
                          {"passed", check.passed(p)}});
  return json{{"passed", check.passed()},
              {"cost", number(check.cost)},
              {"threshold", check.threshold},
              {"parameters", std::move(parameters)}}
      .dump();
}

}  // namespace scratchnet
