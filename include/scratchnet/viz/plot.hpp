// The article's pictures, drawn with PLplot's cairo driver: learning curves and decision
// boundaries (plain and shaded). PNG by default, SVG or PDF on request. Every picture is
// written atomically (a temporary file, then a rename).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scratchnet/tensor/tensor.hpp"
#include "scratchnet/viz/axis_ticks.hpp"

namespace scratchnet {

enum class PlotFormat { png, svg, pdf };
PlotFormat parse_plot_format(std::string_view name);  // throws UsageError naming the choices
std::string_view extension(PlotFormat format);        // "png", "svg", "pdf"

struct PlotOptions {
  std::string title;
  PlotFormat format = PlotFormat::png;
  int width = 800;  // pixels (points for SVG and PDF)
  int height = 600;
};

// Where the plotting area landed on the page, to map data coordinates to pixels.
struct PlotFrame {
  int width = 0, height = 0;                          // the page, in pixels
  double x_min = 0, x_max = 0, y_min = 0, y_max = 0;  // the data window (world coordinates)
  double left = 0, right = 0, top = 0, bottom = 0;    // the data window, in pixels
  // The labelled ticks drawn (a log axis's window is in log10 units, its ticks' values not).
  std::vector<AxisTick> x_ticks, y_ticks;
  // The pixel (column, row from the top) of the data point (x, y).
  std::pair<double, double> to_pixel(double x, double y) const;
};

// One curve of a learning-curve plot.
struct CostCurve {
  std::string label;           // legend entry; empty for a single unlabelled curve
  std::vector<double> epochs;  // x
  std::vector<double> costs;   // y, all finite
};

struct LearningCurveOptions : PlotOptions {
  bool log_cost = false;  // the cost axis in log scale (costs must then be positive)
  // A second, small panel of the first `zoom_epochs` epochs, with axes of its own, right of
  // the main one under the legend: a jump at epoch 2 is invisible on a 5000-epoch axis.
  // 0, or a run not much longer than this, draws none.
  int zoom_epochs = 0;
};

struct LearningCurveFrame : PlotFrame {
  std::optional<PlotFrame> zoom;  // the panel of the first epochs, when drawn
};

// Cost against epoch. One curve, or several with a legend (a learning-rate sweep). The
// epoch axis is labelled in whole epochs; a log cost axis always has labelled ticks, even
// over less than a decade.
LearningCurveFrame plot_learning_curves(const std::filesystem::path& path,
                                        const std::vector<CostCurve>& curves,
                                        const LearningCurveOptions& options);

// Probability of label 1 for raw input points: a 2 × n matrix of (x₁, x₂) columns in,
// a 1 × n row of probabilities out. Feature crosses are the caller's business (apply them
// to the points exactly as to the data).
using ProbabilityFunction = std::function<Matrix<double>(const Matrix<double>& points)>;

struct DecisionBoundaryOptions : PlotOptions {
  bool shaded = false;   // fill the region predicted 0 light red, 1 light green
  int resolution = 300;  // grid points per axis
  // The grid spans the data's range widened by this share of it on each side: 0.5 over
  // the gates' [0, 1] gives the article's [−0.5, 1.5].
  double margin = 0.5;
};

// The contour where the predicted label flips (probability 0.5), over a grid around the
// data, with the training points as crosses coloured by label (red 0, green 1) and the
// axis lines at 0, which stop short of the markers. X is 2 × m (raw features), Y is 1 × m (labels
// 0/1).
PlotFrame plot_decision_boundary(const std::filesystem::path& path,
                                 const ProbabilityFunction& probability, const Matrix<double>& X,
                                 const Matrix<double>& Y, const DecisionBoundaryOptions& options,
                                 const std::vector<std::string>& axis_names = {"x1", "x2"});

// The most classes plot_class_regions tells apart: one colour and one marker shape each.
constexpr int kMaxPlotClasses = 8;

// The regions of K classes over a grid around the data, each coloured by the class of
// largest probability (light), with the boundaries between them; the training points
// marked by their true class (its colour, darker, and a shape of its own); a legend naming
// the classes. `probabilities` gives K × n for 2 × n points (a softmax's output); Y is
// 1 × m class indices 0…K−1; class_names has the K names (2 ≤ K ≤ kMaxPlotClasses).
// `options.shaded` is ignored: the regions are always coloured.
PlotFrame plot_class_regions(const std::filesystem::path& path,
                             const ProbabilityFunction& probabilities, const Matrix<double>& X,
                             const Matrix<double>& Y, const std::vector<std::string>& class_names,
                             const DecisionBoundaryOptions& options,
                             const std::vector<std::string>& axis_names = {"x1", "x2"});

}  // namespace scratchnet
