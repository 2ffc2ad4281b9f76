#include "scratchnet/viz/plot.hpp"

#include <plplot/plplot.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "scratchnet/io/io.hpp"
#include "scratchnet/tensor/error.hpp"

namespace scratchnet {

PlotFormat parse_plot_format(std::string_view name) {
  for (PlotFormat f : {PlotFormat::png, PlotFormat::svg, PlotFormat::pdf})
    if (extension(f) == name) return f;
  throw UsageError("unknown plot format '" + std::string(name) + "' (expected png, svg or pdf)");
}

std::string_view extension(PlotFormat format) {
  switch (format) {
    case PlotFormat::png:
      return "png";
    case PlotFormat::svg:
      return "svg";
    case PlotFormat::pdf:
      return "pdf";
  }
  return "?";
}

std::pair<double, double> PlotFrame::to_pixel(double x, double y) const {
  return {left + (x - x_min) / (x_max - x_min) * (right - left),
          bottom - (y - y_min) / (y_max - y_min) * (bottom - top)};
}

namespace {

// Colour map 0 of every plot. Index 0 is the background.
enum Colour : PLINT {
  kWhite = 0,
  kBlack,
  kGrey,
  kRed,         // label 0
  kGreen,       // label 1
  kLightRed,    // region predicted 0
  kLightGreen,  // region predicted 1
  kBoundary,
  kFirstCurve,  // then one colour per curve
};
// A palette that stays distinguishable for colour-blind readers (Okabe–Ito), for curves.
constexpr int kCurveColours[][3] = {{0, 114, 178}, {213, 94, 0},   {0, 158, 115}, {204, 121, 167},
                                    {230, 159, 0}, {86, 180, 233}, {0, 0, 0},     {240, 228, 66}};
constexpr int kCurveColourCount = sizeof kCurveColours / sizeof kCurveColours[0];

// PLplot reports a failed call through this handler instead of printing it; the page
// turns the first message into an Error when it finishes.
std::string plplot_error;
void record_plplot_error(PLCHAR_VECTOR message) {
  if (plplot_error.empty()) plplot_error = message;
}

// One PLplot stream drawing one file. The picture goes to a temporary file that is renamed
// over `path` by finish(), so a reader never sees half a picture.
class PlotPage {
 public:
  PlotPage(const std::filesystem::path& path, const PlotOptions& options)
      : path_(path), tmp_(temporary_path_for(path)) {
    if (options.width < 100 || options.height < 100)
      throw UsageError("a plot needs at least 100×100 pixels, got " +
                       std::to_string(options.width) + "×" + std::to_string(options.height));
    // PLplot exits the process when it cannot open its file: check that we can first.
    if (std::FILE* probe = std::fopen(tmp_.c_str(), "wb")) {
      std::fclose(probe);
    } else {
      throw Error("cannot write '" + path.string() + "': " + std::strerror(errno));
    }
    plplot_error.clear();
    plsabort(record_plplot_error);
    plmkstrm(&stream_);
    if (stream_ < 0) throw Error("cannot draw '" + path.string() + "': no free PLplot stream");
    const std::string device = std::string(extension(options.format)) + "cairo";
    plsdev(device.c_str());
    plsfnam(tmp_.c_str());
    plspage(0, 0, options.width, options.height, 0, 0);
    plscmap0n(kFirstCurve + kCurveColourCount);
    plscol0(kWhite, 255, 255, 255);
    plscol0(kBlack, 0, 0, 0);
    plscol0(kGrey, 200, 200, 200);
    plscol0(kRed, 214, 39, 40);
    plscol0(kGreen, 44, 160, 44);
    plscol0(kLightRed, 255, 204, 204);
    plscol0(kLightGreen, 204, 238, 204);
    plscol0(kBoundary, 40, 40, 120);
    for (int i = 0; i < kCurveColourCount; ++i)
      plscol0(kFirstCurve + i, kCurveColours[i][0], kCurveColours[i][1], kCurveColours[i][2]);
    plinit();
    plschr(0, 1.15);
    plsstrm(stream_);
  }

  PlotPage(const PlotPage&) = delete;
  PlotPage& operator=(const PlotPage&) = delete;

  ~PlotPage() {
    if (!finished_) {
      plsstrm(stream_);
      plend1();
      std::remove(tmp_.c_str());
    }
  }

  // Where the viewport landed, in pixels.
  PlotFrame frame(const PlotOptions& options) const {
    PlotFrame f;
    f.width = options.width;
    f.height = options.height;
    PLFLT xmin, xmax, ymin, ymax;
    plgvpd(&xmin, &xmax, &ymin, &ymax);
    f.left = xmin * f.width;
    f.right = xmax * f.width;
    f.top = (1 - ymax) * f.height;
    f.bottom = (1 - ymin) * f.height;
    plgvpw(&xmin, &xmax, &ymin, &ymax);
    f.x_min = xmin;
    f.x_max = xmax;
    f.y_min = ymin;
    f.y_max = ymax;
    return f;
  }

  void finish() {
    plsstrm(stream_);
    plend1();
    finished_ = true;
    if (!plplot_error.empty()) {
      std::remove(tmp_.c_str());
      throw Error("cannot draw '" + path_.string() + "': " + plplot_error);
    }
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
      const int e = errno;
      std::remove(tmp_.c_str());
      throw Error("cannot write '" + path_.string() + "': " + std::strerror(e));
    }
  }

 private:
  std::filesystem::path path_;
  std::string tmp_;
  PLINT stream_ = -1;
  bool finished_ = false;
};

// A legend entry: a line, a symbol, or a filled box.
struct LegendEntry {
  std::string text;
  PLINT kind;  // PL_LEGEND_LINE, PL_LEGEND_SYMBOL or PL_LEGEND_COLOR_BOX
  PLINT colour;
  std::string symbol = "";
};

void draw_legend(const std::vector<LegendEntry>& entries, PLINT position) {
  const auto n = static_cast<PLINT>(entries.size());
  std::vector<PLINT> opts, colours, text_colours(n, kBlack), patterns(n, 0), styles(n, 1),
      symbol_numbers(n, 1);
  std::vector<PLFLT> box_scales(n, 0.8), box_widths(n, 1), line_widths(n, 3), symbol_scales(n, 1.6);
  std::vector<const char*> texts, symbols;
  for (const LegendEntry& e : entries) {
    opts.push_back(e.kind);
    colours.push_back(e.colour);
    texts.push_back(e.text.c_str());
    symbols.push_back(e.symbol.c_str());
  }
  PLFLT width = 0, height = 0;
  plcol0(kBlack);
  pllegend(&width, &height, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX, position, 0.02, 0.02,
           0.05, kWhite, kBlack, 1, 0, 0, n, opts.data(), 0.8, 0.85, 2.0, 0, text_colours.data(),
           texts.data(), colours.data(), patterns.data(), box_scales.data(), box_widths.data(),
           colours.data(), styles.data(), line_widths.data(), colours.data(), symbol_scales.data(),
           symbol_numbers.data(), symbols.data());
}

void require_finite(const std::vector<double>& values, const std::string& what) {
  for (double v : values)
    if (!std::isfinite(v)) throw UsageError(what + " holds a value that is not finite");
}

}  // namespace

PlotFrame plot_learning_curves(const std::filesystem::path& path,
                               const std::vector<CostCurve>& curves, const PlotOptions& options,
                               bool log_cost) {
  if (curves.empty()) throw UsageError("a learning curve needs at least one curve");
  double x_min = INFINITY, x_max = -INFINITY, y_min = INFINITY, y_max = -INFINITY;
  for (const CostCurve& c : curves) {
    if (c.epochs.size() != c.costs.size() || c.epochs.empty())
      throw UsageError("learning curve '" + c.label + "' needs one cost per epoch, at least one");
    require_finite(c.costs, "learning curve '" + c.label + "'");
    for (double cost : c.costs)
      if (log_cost && cost <= 0) throw UsageError("a log-scale cost axis needs positive costs");
    x_min = std::min(x_min, *std::min_element(c.epochs.begin(), c.epochs.end()));
    x_max = std::max(x_max, *std::max_element(c.epochs.begin(), c.epochs.end()));
    for (double cost : c.costs) {
      const double y = log_cost ? std::log10(cost) : cost;
      y_min = std::min(y_min, y);
      y_max = std::max(y_max, y);
    }
  }
  if (x_max == x_min) x_max = x_min + 1;
  if (!log_cost) y_min = std::min(0.0, y_min);  // a cost axis from 0 shows the scale honestly
  const double pad = y_max > y_min ? 0.05 * (y_max - y_min) : 0.5;
  y_max += pad;
  if (log_cost) y_min -= pad;

  PlotPage page(path, options);
  plsyax(8, 0);  // plain tick labels (0.08), not a "(x10⁻²)" factor that collides with the title
  plcol0(kBlack);
  pladv(0);
  // Several curves: keep the right of the page for their legend, outside the data.
  const bool with_legend = curves.size() > 1;
  plvpor(0.13, with_legend ? 0.64 : 0.93, 0.11, 0.9);
  plwind(x_min, x_max, y_min, y_max);
  plcol0(kGrey);
  plwidth(0.5);
  plbox("g", 0, 0, "g", 0, 0);  // a light grid to read values off
  plcol0(kBlack);
  plwidth(1);
  plbox("bcnst", 0, 0, log_cost ? "bcnstvl" : "bcnstv", 0, 0);
  pllab("epoch", log_cost ? "cost (log scale)" : "cost", options.title.c_str());

  std::vector<LegendEntry> legend;
  for (size_t i = 0; i < curves.size(); ++i) {
    const PLINT colour = kFirstCurve + static_cast<PLINT>(i % kCurveColourCount);
    std::vector<double> y = curves[i].costs;
    if (log_cost)
      for (double& v : y)
        v = std::log10(v);
    plcol0(colour);
    plwidth(2.5);
    plline(static_cast<PLINT>(y.size()), curves[i].epochs.data(), y.data());
    if (!curves[i].label.empty()) legend.push_back({curves[i].label, PL_LEGEND_LINE, colour});
  }
  plwidth(1);
  if (with_legend && !legend.empty()) draw_legend(legend, PL_POSITION_RIGHT | PL_POSITION_OUTSIDE);
  const PlotFrame frame = page.frame(options);
  page.finish();
  return frame;
}

PlotFrame plot_decision_boundary(const std::filesystem::path& path,
                                 const ProbabilityFunction& probability, const Matrix<double>& X,
                                 const Matrix<double>& Y, const DecisionBoundaryOptions& options,
                                 const std::vector<std::string>& axis_names) {
  if (X.rows() != 2)
    throw UsageError("a decision boundary is drawn over two raw features, the data has " +
                     std::to_string(X.rows()));
  if (X.cols() == 0 || Y.cols() != X.cols())
    throw UsageError("a decision boundary needs the training points and one label each");
  if (!X.allFinite()) throw UsageError("the training points hold a value that is not finite");
  if (options.resolution < 2 || options.resolution > 2000)
    throw UsageError("the decision-boundary grid needs 2 to 2000 points per axis");

  // The window: the data's range widened by the margin on each side.
  double lo[2], hi[2];
  for (int axis = 0; axis < 2; ++axis) {
    const double min = X.row(axis).minCoeff(), max = X.row(axis).maxCoeff();
    const double range = max > min ? max - min : 1.0;
    lo[axis] = min - options.margin * range;
    hi[axis] = max + options.margin * range;
  }

  // Probabilities over the grid, evaluated in one batch: column k is grid point (i, j).
  const int n = options.resolution;
  Matrix<double> points(2, static_cast<Index>(n) * n);
  std::vector<double> xs(n), ys(n);
  for (int i = 0; i < n; ++i) {
    xs[i] = lo[0] + (hi[0] - lo[0]) * i / (n - 1);
    ys[i] = lo[1] + (hi[1] - lo[1]) * i / (n - 1);
  }
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      points(0, static_cast<Index>(i) * n + j) = xs[i];
      points(1, static_cast<Index>(i) * n + j) = ys[j];
    }
  const Matrix<double> p = probability(points);
  if (p.rows() != 1 || p.cols() != points.cols())
    throw Error("the model gave " + shape_of(p).str() + " probabilities for " +
                std::to_string(points.cols()) + " grid points");
  std::vector<const PLFLT*> rows(n);  // PLplot's z[i][j]: x index i, y index j
  for (int i = 0; i < n; ++i)
    rows[i] = p.data() + static_cast<Index>(i) * n;

  PlotPage page(path, options);
  pladv(0);
  plcol0(kBlack);
  // Equal scales on both axes when the ranges are alike, leaving room for the legend.
  plvpas(0.12, 0.72, 0.11, 0.9, (hi[1] - lo[1]) / (hi[0] - lo[0]));
  plwind(lo[0], hi[0], lo[1], hi[1]);
  if (options.shaded) {
    plshade(rows.data(), n, n, nullptr, lo[0], hi[0], lo[1], hi[1], -1.0, 0.5, 0, kLightRed, 0, 0,
            0, 0, 0, plfill, 1, nullptr, nullptr);
    plshade(rows.data(), n, n, nullptr, lo[0], hi[0], lo[1], hi[1], 0.5, 2.0, 0, kLightGreen, 0, 0,
            0, 0, 0, plfill, 1, nullptr, nullptr);
  }
  PLcGrid grid{xs.data(), ys.data(), nullptr, n, n, 0};
  const PLFLT level = 0.5;
  plcol0(kBoundary);
  plwidth(3);
  plcont(rows.data(), n, n, 1, n, 1, n, &level, 1, pltr1, &grid);
  // Box, ticks and the axis lines at 0, drawn over the shading.
  plcol0(kBlack);
  plwidth(1);
  plbox("abcnst", 0, 0, "abcnstv", 0, 0);
  pllab(axis_names.size() > 0 ? axis_names[0].c_str() : "x1",
        axis_names.size() > 1 ? axis_names[1].c_str() : "x2", options.title.c_str());

  // The training points: crosses, red × for label 0 and green + for label 1 (two shapes, so
  // colour is not the only clue), smaller when there are many so the boundary stays visible.
  const double marker = std::clamp(2.2 * std::sqrt(30.0 / static_cast<double>(X.cols())), 0.4, 2.2);
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
  const PlotFrame frame = page.frame(options);
  page.finish();
  return frame;
}

}  // namespace scratchnet
