// What a session leaves: the files of a finished run, and the decision boundary as numbers.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>

#include "scratchnet/io/io.hpp"
#include "scratchnet/run/report.hpp"
#include "scratchnet/run/session.hpp"
#include "scratchnet/tensor/threads.hpp"
#include "scratchnet/viz/graph_picture.hpp"
#include "scratchnet/viz/plot.hpp"

namespace scratchnet {

std::string readable_json_text(const std::string& compact_json) {
  static const std::regex numbers(R"(\[\s*((?:-?[0-9][0-9.eE+-]*,\s*)*-?[0-9][0-9.eE+-]*)\s*\])");
  const std::string text = nlohmann::json::parse(compact_json).dump(2);
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

namespace {

// The pictures of a finished run: the learning curve always, the decision boundaries when
// the raw data has two features (crosses are applied to the grid as to the data).
template <class T>
std::vector<std::filesystem::path> write_plots(const std::filesystem::path& out,
                                               const RunConfig& config, RunSetup<T>& setup,
                                               const CostLog& log) {
  const PlotFormat format = parse_plot_format(config.plot_format);
  const std::string ext = "." + std::string(extension(format));
  std::vector<std::filesystem::path> written;

  LearningCurveOptions curve_options;
  curve_options.format = format;
  curve_options.title = learning_curve_title(config, setup.data.name);
  curve_options.log_cost = config.log_cost;
  CostCurve curve{"", {}, log.costs};
  for (int e : log.epochs)
    curve.epochs.push_back(e);
  written.push_back(out / ("learning_curve" + ext));
  plot_learning_curves(written.back(), {curve}, curve_options);

  // Decision boundaries for two raw features: with one probability per point (a sigmoid
  // output, or a softmax over two classes: its class-1 row) the 0.5 contour, plain and
  // shaded; with a softmax over K ≥ 3 classes the regions of every class.
  const Index outputs = setup.model.linear_layers().back()->n_out();
  if (setup.raw.X.rows() != 2) return written;
  DecisionBoundaryOptions options;
  options.format = format;
  const auto probabilities = [&](const Matrix<double>& points) -> Matrix<double> {
    const Matrix<T> typed = points.template cast<T>();
    const Matrix<T> p = setup.model.forward(apply_crosses(typed, setup.crosses));
    if (outputs <= 2) return p.bottomRows(1).template cast<double>();
    return p.template cast<double>();
  };
  std::string crosses;
  for (const auto& c : setup.crosses)
    crosses += (crosses.empty() ? "" : ",") + c.str();
  if (outputs > 2 && outputs <= kMaxPlotClasses) {
    // The classes' names, or "class k" where a name would only repeat its index.
    std::vector<std::string> names;
    for (Index c = 0; c < outputs; ++c) {
      const auto& known = setup.data.class_names;
      const std::string index = std::to_string(c);
      const bool named =
          known.size() == static_cast<size_t>(outputs) && known[static_cast<size_t>(c)] != index;
      names.push_back(named ? known[static_cast<size_t>(c)] : "class " + index);
    }
    options.title = "Decision regions: " + setup.data.name +
                    (crosses.empty() ? "" : " with crosses " + crosses);
    written.push_back(out / ("decision_boundary" + ext));
    plot_class_regions(written.back(), probabilities, setup.raw.X.template cast<double>(),
                       setup.raw.Y.template cast<double>(), names, options,
                       setup.raw.feature_names);
  }
  if (outputs <= 2) {
    for (bool shaded : {false, true}) {
      options.shaded = shaded;
      options.title = "Decision boundary: " + setup.data.name +
                      (crosses.empty() ? "" : " with crosses " + crosses);
      written.push_back(out / ((shaded ? "decision_boundary_shaded" : "decision_boundary") + ext));
      plot_decision_boundary(written.back(), probabilities, setup.raw.X.template cast<double>(),
                             setup.raw.Y.template cast<double>(), options, setup.raw.feature_names);
    }
  }
  return written;
}

}  // namespace

template <class T>
std::vector<std::filesystem::path> Session<T>::write_outputs(const RunResult<T>& r) {
  if (config_.out.empty()) return {};
  const std::filesystem::path out = config_.out;
  std::vector<std::filesystem::path> written = {out / "costs.csv", out / "params.json",
                                                out / "metrics.json"};
  write_costs_csv(written[0], log_);
  save_params_json(written[1], setup_.model);
  nlohmann::json metrics = {
      {"dataset", setup_.data.name},
      {"examples", setup_.data.X.cols()},
      {"network", setup_.model.describe()},
      {"dtype", dtype_name<T>()},
      {"threads", max_threads_},
      {"matrix_backend", matrix_backend()},
      {"loss", to_string(options_.loss)},
      {"optimizer", options_.optimizer.name},
      {"learning_rate", options_.learning_rate},
      {"batch", trainer_->full_batch() ? setup_.data.X.cols() : options_.batch_size},
      {"epochs", log_.epochs.empty() ? 0 : log_.epochs.back() + 1},
      {"train_cost", r.train_cost},
      {"train_accuracy", r.train.accuracy_percent / 100},
      {"seconds", log_.seconds},
      {"confusion_matrix", r.confusion},
      {"confusion_matrix_of", r.confusion_of_test ? "test" : "train"}};
  if (r.test) metrics["test_accuracy"] = r.test->accuracy_percent / 100;
  if (!log_.epoch_seconds.empty()) metrics["epoch_seconds"] = log_.epoch_seconds;
  // The count followed the load: what each epoch this session trained ran on.
  if (governor_) metrics["epoch_threads"] = epoch_threads_;
  write_file_atomically(written[2], readable_json_text(metrics.dump()));
  // The raw inputs, as the data gave them (without crosses, the data is the raw features).
  const Dataset<T>& inputs = setup_.crosses.empty() ? setup_.data : setup_.raw;
  const std::vector<std::string> classes = class_names_for(
      options_.loss, setup_.model.linear_layers().back()->n_out(), setup_.data.class_names);
  written.push_back(out / "predictions.csv");
  write_predictions_csv(written.back(), inputs, r.train.probabilities, r.train.labels, classes,
                        /*with_true_labels=*/true);
  if (config_.graph) {
    GraphPictureOptions picture;
    picture.title = setup_.data.name + " after " + std::to_string(options_.epochs) +
                    " epochs: values and gradients of the last pass";
    picture.row_names["X"] = setup_.data.feature_names;
    written.push_back(out / "graph.svg");
    render_dot(graph_to_dot(trainer_->graph(), picture), written.back());
  }
  for (const auto& path : write_plots(out, config_, setup_, log_))
    written.push_back(path);
  written.push_back(out / "model.json");
  write_file_atomically(written.back(), model_file_text());
  return written;
}

template <class T>
std::string Session<T>::model_file_text() {
  const std::vector<std::string> classes = class_names_for(
      options_.loss, setup_.model.linear_layers().back()->n_out(), setup_.data.class_names);
  SavedModel<T> saved;
  saved.feature_names = setup_.raw.feature_names;
  saved.crosses = setup_.crosses;
  saved.loss = options_.loss;
  saved.class_names = classes;
  // A SavedModel holds the model by value: it moves in and back out, so the session keeps it.
  saved.model = std::move(setup_.model);
  try {
    std::string text = saved_model_text(saved, "cannot save the model: ");
    setup_.model = std::move(saved.model);
    return text;
  } catch (...) {
    setup_.model = std::move(saved.model);
    throw;
  }
}

template <class T>
Matrix<T> grid_points(const DecisionGrid& grid) {
  const Index n = static_cast<Index>(grid.x1.size()), rows = static_cast<Index>(grid.x2.size());
  Matrix<T> points(2, n * rows);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < n; ++j) {
      points(0, i * n + j) = static_cast<T>(grid.x1[static_cast<size_t>(j)]);
      points(1, i * n + j) = static_cast<T>(grid.x2[static_cast<size_t>(i)]);
    }
  return points;
}
template Matrix<float> grid_points(const DecisionGrid&);
template Matrix<double> grid_points(const DecisionGrid&);

template <class T>
DecisionGrid Session<T>::decision_grid_axes(int points_per_axis) const {
  const Matrix<T>& X = setup_.raw.X;
  if (X.rows() != 2)
    throw UsageError("a decision grid needs data with two raw features, got " +
                     std::to_string(setup_.raw.feature_names.size()));
  if (points_per_axis < 2)
    throw FieldError("points_per_axis",
                     "must be at least 2, got " + std::to_string(points_per_axis));
  DecisionGrid grid;
  std::vector<double>* axes[2] = {&grid.x1, &grid.x2};
  for (int a = 0; a < 2; ++a) {
    const double lo = static_cast<double>(X.row(a).minCoeff());
    const double hi = static_cast<double>(X.row(a).maxCoeff());
    const double margin = 0.5 * std::max(hi - lo, 1e-9);  // as the picture's grid
    for (int i = 0; i < points_per_axis; ++i)
      axes[a]->push_back(lo - margin + (hi - lo + 2 * margin) * i / (points_per_axis - 1));
  }
  return grid;
}

template <class T>
DecisionGrid Session<T>::decision_grid(int points_per_axis) {
  DecisionGrid grid = decision_grid_axes(points_per_axis);
  const Index n = points_per_axis;
  const Matrix<T> p = setup_.model.forward(apply_crosses(grid_points<T>(grid), setup_.crosses));
  grid.probability.resize(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j)
      grid.probability(i, j) = static_cast<double>(p(p.rows() - 1, i * n + j));
  return grid;
}

template std::vector<std::filesystem::path> Session<float>::write_outputs(const RunResult<float>&);
template std::vector<std::filesystem::path> Session<double>::write_outputs(
    const RunResult<double>&);
template std::string Session<float>::model_file_text();
template std::string Session<double>::model_file_text();
template DecisionGrid Session<float>::decision_grid(int);
template DecisionGrid Session<float>::decision_grid_axes(int) const;
template DecisionGrid Session<double>::decision_grid(int);
template DecisionGrid Session<double>::decision_grid_axes(int) const;

}  // namespace scratchnet
