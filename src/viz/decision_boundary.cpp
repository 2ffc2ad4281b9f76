// Decision boundaries: the 0.5 contour of a probability (two labels), and the regions of K
// classes coloured by the arg-max class. Page, colours and legend: plot_page.cpp.
#include <algorithm>
#include <cmath>

#include "plot_page.hpp"
#include "scratchnet/tensor/error.hpp"
#include "scratchnet/viz/plot.hpp"

namespace scratchnet {

using namespace plot_detail;

namespace {

void check_points(const Matrix<double>& X, const Matrix<double>& Y, int resolution) {
  if (X.rows() != 2)
    throw UsageError("a decision boundary is drawn over two raw features, the data has " +
                     std::to_string(X.rows()));
  if (X.cols() == 0 || Y.cols() != X.cols())
    throw UsageError("a decision boundary needs the training points and one label each");
  if (!X.allFinite()) throw UsageError("the training points hold a value that is not finite");
  if (resolution < 2 || resolution > 2000)
    throw UsageError("the decision-boundary grid needs 2 to 2000 points per axis");
}

// The grid around the data: its range widened by the margin on each side, `n` points per
// axis; column i·n + j of `points` is (xs[i], ys[j]).
struct Grid {
  double lo[2], hi[2];
  std::vector<double> xs, ys;
  Matrix<double> points;
};
Grid grid_around(const Matrix<double>& X, int n, double margin) {
  Grid g;
  for (int axis = 0; axis < 2; ++axis) {
    const double min = X.row(axis).minCoeff(), max = X.row(axis).maxCoeff();
    const double range = max > min ? max - min : 1.0;
    g.lo[axis] = min - margin * range;
    g.hi[axis] = max + margin * range;
  }
  g.xs.resize(n);
  g.ys.resize(n);
  for (int i = 0; i < n; ++i) {
    g.xs[i] = g.lo[0] + (g.hi[0] - g.lo[0]) * i / (n - 1);
    g.ys[i] = g.lo[1] + (g.hi[1] - g.lo[1]) * i / (n - 1);
  }
  g.points.resize(2, static_cast<Index>(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      g.points(0, static_cast<Index>(i) * n + j) = g.xs[i];
      g.points(1, static_cast<Index>(i) * n + j) = g.ys[j];
    }
  return g;
}

// PLplot's z[i][j] (x index i, y index j) over a row of values in the grid's column order.
std::vector<const PLFLT*> rows_of(const double* values, int n) {
  std::vector<const PLFLT*> rows(n);
  for (int i = 0; i < n; ++i)
    rows[i] = values + static_cast<Index>(i) * n;
  return rows;
}

// The page's frame: equal scales on both axes when the ranges are alike, leaving room for
// the legend on the right.
void frame_window(const Grid& g) {
  pladv(0);
  plcol0(kBlack);
  plvpas(0.12, 0.72, 0.11, 0.9, (g.hi[1] - g.lo[1]) / (g.hi[0] - g.lo[0]));
  plwind(g.lo[0], g.hi[0], g.lo[1], g.hi[1]);
}

// Box, ticks, the axis lines at 0 and the axis names: drawn before the points, so that the
// halos under the markers interrupt the axis lines instead of the lines crossing the marks.
void draw_box(const std::vector<std::string>& axis_names, const std::string& title) {
  plcol0(kBlack);
  plwidth(1);
  plbox("abcnst", 0, 0, "abcnstv", 0, 0);
  pllab(axis_names.size() > 0 ? axis_names[0].c_str() : "x1",
        axis_names.size() > 1 ? axis_names[1].c_str() : "x2", title.c_str());
}

// A disc of `colour[k]` (the colour under point k) behind each marker, `radius` pixels.
void draw_halos(const Matrix<double>& X, const std::vector<PLINT>& colour, double radius,
                const PlotFrame& frame) {
  const double rx = radius * (frame.x_max - frame.x_min) / (frame.right - frame.left);
  const double ry = radius * (frame.y_max - frame.y_min) / (frame.bottom - frame.top);
  constexpr int kSides = 24;
  PLFLT px[kSides], py[kSides];
  for (Index k = 0; k < X.cols(); ++k) {
    for (int s = 0; s < kSides; ++s) {
      px[s] = X(0, k) + rx * std::cos(2 * M_PI * s / kSides);
      py[s] = X(1, k) + ry * std::sin(2 * M_PI * s / kSides);
    }
    plcol0(colour[static_cast<size_t>(k)]);
    plfill(kSides, px, py);
  }
}

// The markers' size: smaller when there are many points, so the boundary stays visible.
double marker_size(Index points) {
  return std::clamp(2.2 * std::sqrt(30.0 / static_cast<double>(points)), 0.4, 2.2);
}

}  // namespace

PlotFrame plot_decision_boundary(const std::filesystem::path& path,
                                 const ProbabilityFunction& probability, const Matrix<double>& X,
                                 const Matrix<double>& Y, const DecisionBoundaryOptions& options,
                                 const std::vector<std::string>& axis_names) {
  check_points(X, Y, options.resolution);
  const int n = options.resolution;
  const Grid g = grid_around(X, n, options.margin);
  const Matrix<double> p = probability(g.points);  // one batch for the whole grid
  if (p.rows() != 1 || p.cols() != g.points.cols())
    throw Error("the model gave " + shape_of(p).str() + " probabilities for " +
                std::to_string(g.points.cols()) + " grid points");
  const std::vector<const PLFLT*> rows = rows_of(p.data(), n);
  // What lies under each point: white, or the shade of the region it is predicted in.
  std::vector<PLINT> under(static_cast<size_t>(X.cols()), kWhite);
  if (options.shaded) {
    const Matrix<double> at_points = probability(X);
    for (Index k = 0; k < X.cols(); ++k)
      under[static_cast<size_t>(k)] = at_points(0, k) >= 0.5 ? kLightGreen : kLightRed;
  }

  PlotPage page(path, options);
  frame_window(g);
  if (options.shaded) {
    plshade(rows.data(), n, n, nullptr, g.lo[0], g.hi[0], g.lo[1], g.hi[1], -1.0, 0.5, 0, kLightRed,
            0, 0, 0, 0, 0, plfill, 1, nullptr, nullptr);
    plshade(rows.data(), n, n, nullptr, g.lo[0], g.hi[0], g.lo[1], g.hi[1], 0.5, 2.0, 0,
            kLightGreen, 0, 0, 0, 0, 0, plfill, 1, nullptr, nullptr);
  }
  draw_box(axis_names, options.title);
  const PlotFrame frame = page.frame();
  const double marker = marker_size(X.cols());
  draw_halos(X, under, 6.5 * marker, frame);
  PLcGrid grid{const_cast<PLFLT*>(g.xs.data()), const_cast<PLFLT*>(g.ys.data()), nullptr, n, n, 0};
  const PLFLT level = 0.5;
  plcol0(kBoundary);
  plwidth(3);
  plcont(rows.data(), n, n, 1, n, 1, n, &level, 1, pltr1, &grid);

  // The training points: crosses, red × for label 0 and green + for label 1 (two shapes, so
  // colour is not the only clue).
  plwidth(marker > 1.2 ? 3 : 1.5);
  plssym(0, marker);
  for (int label = 0; label < 2; ++label) {
    std::vector<double> px, py;
    for (Index k = 0; k < X.cols(); ++k)
      if ((Y(0, k) >= 0.5) == (label == 1)) {
        px.push_back(X(0, k));
        py.push_back(X(1, k));
      }
    plcol0(label ? kGreen : kRed);
    if (!px.empty()) plpoin(static_cast<PLINT>(px.size()), px.data(), py.data(), label ? 2 : 5);
  }
  plwidth(1);
  std::vector<LegendEntry> legend = {{"label 0", PL_LEGEND_SYMBOL, kRed, "✕"},
                                     {"label 1", PL_LEGEND_SYMBOL, kGreen, "+"},
                                     {"boundary, ŷ = 0.5", PL_LEGEND_LINE, kBoundary}};
  if (options.shaded) {
    legend.push_back({"predicted 0", PL_LEGEND_COLOR_BOX, kLightRed});
    legend.push_back({"predicted 1", PL_LEGEND_COLOR_BOX, kLightGreen});
  }
  draw_legend(legend, PL_POSITION_RIGHT | PL_POSITION_OUTSIDE);
  page.finish();
  return frame;
}

namespace {

// One shape per class, so colour is never the only clue: the marker and its legend glyph.
constexpr const char* kClassGlyphs[kMaxPlotClasses] = {"✕", "+", "○", "□", "△", "◇", "▽", "✱"};

// The arg-max row of each column.
std::vector<int> arg_max(const Matrix<double>& p) {
  std::vector<int> best(static_cast<size_t>(p.cols()));
  for (Index k = 0; k < p.cols(); ++k) {
    Index row = 0;
    p.col(k).maxCoeff(&row);
    best[static_cast<size_t>(k)] = static_cast<int>(row);
  }
  return best;
}

}  // namespace

PlotFrame plot_class_regions(const std::filesystem::path& path,
                             const ProbabilityFunction& probabilities, const Matrix<double>& X,
                             const Matrix<double>& Y, const std::vector<std::string>& class_names,
                             const DecisionBoundaryOptions& options,
                             const std::vector<std::string>& axis_names) {
  check_points(X, Y, options.resolution);
  const int classes = static_cast<int>(class_names.size());
  if (classes < 2 || classes > kMaxPlotClasses)
    throw UsageError("class regions are drawn for 2 to " + std::to_string(kMaxPlotClasses) +
                     " classes, got " + std::to_string(classes));
  std::vector<int> label(static_cast<size_t>(X.cols()));
  for (Index k = 0; k < Y.cols(); ++k) {
    const double y = Y(0, k);
    if (!(y >= 0 && y < classes) || y != std::floor(y))
      throw UsageError("a class label must be 0 to " + std::to_string(classes - 1) + ", got " +
                       std::to_string(y));
    label[static_cast<size_t>(k)] = static_cast<int>(y);
  }
  const int n = options.resolution;
  const Grid g = grid_around(X, n, options.margin);
  const Matrix<double> p = probabilities(g.points);
  if (p.rows() != classes || p.cols() != g.points.cols())
    throw Error("the model gave " + shape_of(p).str() + " probabilities for " +
                std::to_string(classes) + " classes at " + std::to_string(g.points.cols()) +
                " grid points");
  const std::vector<int> predicted = arg_max(p);
  std::vector<PLINT> under;
  for (int c : arg_max(probabilities(X)))
    under.push_back(kFirstRegion + c);

  PlotPage page(path, options);
  frame_window(g);
  // Each class's region: 1 where it is the arg-max, shaded over [0.5, 1.5]; its edge, where
  // its probability meets the largest other one, is the boundary.
  PLcGrid grid{const_cast<PLFLT*>(g.xs.data()), const_cast<PLFLT*>(g.ys.data()), nullptr, n, n, 0};
  std::vector<double> inside(predicted.size()), margin(predicted.size());
  std::vector<std::vector<double>> margins(static_cast<size_t>(classes));
  for (int c = 0; c < classes; ++c) {
    for (size_t k = 0; k < predicted.size(); ++k) {
      inside[k] = predicted[k] == c;
      double other = -INFINITY;
      for (int d = 0; d < classes; ++d)
        if (d != c) other = std::max(other, p(d, static_cast<Index>(k)));
      margin[k] = p(c, static_cast<Index>(k)) - other;
    }
    margins[static_cast<size_t>(c)] = margin;
    const std::vector<const PLFLT*> rows = rows_of(inside.data(), n);
    plshade(rows.data(), n, n, nullptr, g.lo[0], g.hi[0], g.lo[1], g.hi[1], 0.5, 1.5, 0,
            kFirstRegion + c, 0, 0, 0, 0, 0, plfill, 1, nullptr, nullptr);
  }
  draw_box(axis_names, options.title);
  const PlotFrame frame = page.frame();
  const double marker = marker_size(X.cols());
  draw_halos(X, under, 6.5 * marker, frame);
  const PLFLT level = 0;
  plcol0(kBoundary);
  plwidth(2);
  for (const std::vector<double>& m : margins) {
    const std::vector<const PLFLT*> rows = rows_of(m.data(), n);
    plcont(rows.data(), n, n, 1, n, 1, n, &level, 1, pltr1, &grid);
  }

  // The points: each class its colour (darker than its region) and its glyph.
  plschr(0, 1.15 * std::max(0.8, marker / 1.4));
  for (int c = 0; c < classes; ++c) {
    std::vector<double> px, py;
    for (Index k = 0; k < X.cols(); ++k)
      if (label[static_cast<size_t>(k)] == c) {
        px.push_back(X(0, k));
        py.push_back(X(1, k));
      }
    plcol0(kFirstCurve + c);
    if (!px.empty()) plstring(static_cast<PLINT>(px.size()), px.data(), py.data(), kClassGlyphs[c]);
  }
  plschr(0, 1.15);
  std::vector<LegendEntry> legend;
  for (int c = 0; c < classes; ++c)
    legend.push_back({class_names[static_cast<size_t>(c)], PL_LEGEND_SYMBOL | PL_LEGEND_COLOR_BOX,
                      kFirstCurve + c, kClassGlyphs[c], kFirstRegion + c});
  legend.push_back({"boundary", PL_LEGEND_LINE, kBoundary});
  draw_legend(legend, PL_POSITION_RIGHT | PL_POSITION_OUTSIDE);
  page.finish();
  return frame;
}

}  // namespace scratchnet
