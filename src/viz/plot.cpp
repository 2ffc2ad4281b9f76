// Learning curves; the page, colours and legend are plot_page.cpp's, decision boundaries
// decision_boundary.cpp's.
#include "scratchnet/viz/plot.hpp"

#include <algorithm>
#include <cmath>

#include "plot_page.hpp"
#include "scratchnet/tensor/error.hpp"

namespace scratchnet {

using namespace plot_detail;

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

// The epochs and costs of every curve's points with epoch ≤ `last_epoch`.
struct Extent {
  double x_min = INFINITY, x_max = -INFINITY, y_min = INFINITY, y_max = -INFINITY;
};
Extent extent_of(const std::vector<CostCurve>& curves, double last_epoch) {
  Extent e;
  for (const CostCurve& c : curves)
    for (size_t i = 0; i < c.epochs.size(); ++i)
      if (c.epochs[i] <= last_epoch) {
        e.x_min = std::min(e.x_min, c.epochs[i]);
        e.x_max = std::max(e.x_max, c.epochs[i]);
        e.y_min = std::min(e.y_min, c.costs[i]);
        e.y_max = std::max(e.y_max, c.costs[i]);
      }
  return e;
}

// The axes of one panel: epochs in whole numbers; the cost from 0 (linear: that shows the
// scale honestly) or in log10 units, padded so the curve does not touch the frame.
struct Axes {
  double x_lo, x_hi, y_lo, y_hi;  // the window, in world units (log10 of the cost on a log axis)
  bool log_cost;
  std::vector<AxisTick> x_ticks, y_ticks;
};
Axes axes_for(Extent e, bool log_cost) {
  Axes a{e.x_min, e.x_max > e.x_min ? e.x_max : e.x_min + 1, 0, 0, log_cost, {}, {}};
  double lo = log_cost ? std::log10(e.y_min) : std::min(0.0, e.y_min);
  double hi = log_cost ? std::log10(e.y_max) : e.y_max;
  const double pad = hi > lo ? 0.05 * (hi - lo) : log_cost ? 0.1 : 0.5;
  hi += pad;
  if (log_cost) lo -= pad;
  a.y_lo = lo;
  a.y_hi = hi;
  a.x_ticks = linear_ticks(a.x_lo, a.x_hi, true);
  a.y_ticks = log_cost ? log_ticks(std::pow(10.0, lo), std::pow(10.0, hi)) : linear_ticks(lo, hi);
  return a;
}

// The characters a reader sees of a tick label (PLplot's #u and #d escapes take none).
size_t visible_length(const std::string& label) {
  size_t n = 0;
  for (size_t i = 0; i < label.size(); ++i) {
    if (label[i] == '#' && i + 1 < label.size()) {
      ++i;
      continue;
    }
    n += (static_cast<unsigned char>(label[i]) & 0xC0) != 0x80;
  }
  return n;
}

// How far left of the frame (in character heights) y labels of `widest` characters reach.
double label_reach(size_t widest) {
  return 0.7 + 0.75 * static_cast<double>(widest);
}

// The frame, a light grid, the ticks and their labels of the current viewport, whose window
// must be `a`'s. Returns how far (in character heights) the y labels reach left.
double draw_axes(const Axes& a, const PlotFrame& frame) {
  const auto y_world = [&](double v) { return a.log_cost ? std::log10(v) : v; };
  // Ticks 6 pixels long, whatever the window's units.
  const double tick_x = 6 * (a.x_hi - a.x_lo) / (frame.right - frame.left);
  const double tick_y = 6 * (a.y_hi - a.y_lo) / (frame.bottom - frame.top);
  plcol0(kGrey);
  plwidth(0.5);
  for (const AxisTick& t : a.x_ticks)
    pljoin(t.value, a.y_lo, t.value, a.y_hi);
  for (const AxisTick& t : a.y_ticks)
    pljoin(a.x_lo, y_world(t.value), a.x_hi, y_world(t.value));
  plcol0(kBlack);
  plwidth(1);
  plbox("bc", 0, 0, "bc", 0, 0);
  size_t widest = 0;
  for (const AxisTick& t : a.x_ticks) {
    pljoin(t.value, a.y_lo, t.value, a.y_lo + tick_y);
    pljoin(t.value, a.y_hi, t.value, a.y_hi - tick_y);
    plmtex("b", 1.5, (t.value - a.x_lo) / (a.x_hi - a.x_lo), 0.5, t.label.c_str());
  }
  for (const AxisTick& t : a.y_ticks) {
    const double y = y_world(t.value);
    pljoin(a.x_lo, y, a.x_lo + tick_x, y);
    pljoin(a.x_hi, y, a.x_hi - tick_x, y);
    plmtex("lv", 0.7, (y - a.y_lo) / (a.y_hi - a.y_lo), 1.0, t.label.c_str());
    widest = std::max(widest, visible_length(t.label));
  }
  return label_reach(widest);
}

void draw_curves(const std::vector<CostCurve>& curves, bool log_cost) {
  for (size_t i = 0; i < curves.size(); ++i) {
    std::vector<double> y = curves[i].costs;
    if (log_cost)
      for (double& v : y)
        v = std::log10(v);
    plcol0(kFirstCurve + static_cast<PLINT>(i % kCurveColourCount));
    plwidth(2.5);
    plline(static_cast<PLINT>(y.size()), curves[i].epochs.data(), y.data());
  }
  plwidth(1);
}

// Sets the window to `a`'s and returns the frame with its ticks.
PlotFrame panel(const PlotPage& page, const Axes& a) {
  plwind(a.x_lo, a.x_hi, a.y_lo, a.y_hi);
  PlotFrame frame = page.frame();
  frame.x_ticks = a.x_ticks;
  frame.y_ticks = a.y_ticks;
  return frame;
}

}  // namespace

LearningCurveFrame plot_learning_curves(const std::filesystem::path& path,
                                        const std::vector<CostCurve>& curves,
                                        const LearningCurveOptions& options) {
  if (curves.empty()) throw UsageError("a learning curve needs at least one curve");
  for (const CostCurve& c : curves) {
    if (c.epochs.size() != c.costs.size() || c.epochs.empty())
      throw UsageError("learning curve '" + c.label + "' needs one cost per epoch, at least one");
    require_finite(c.costs, "learning curve '" + c.label + "'");
    require_finite(c.epochs, "learning curve '" + c.label + "''s epochs");
    for (double cost : c.costs)
      if (options.log_cost && cost <= 0)
        throw UsageError("a log-scale cost axis needs positive costs");
  }
  const Extent all = extent_of(curves, INFINITY);
  const Axes main_axes = axes_for(all, options.log_cost);
  const double zoom_end = all.x_min + options.zoom_epochs;
  const bool zoom = options.zoom_epochs > 0 && all.x_max - all.x_min > 4.0 * options.zoom_epochs;

  PlotPage page(path, options);
  pladv(0);
  // Several curves, or the zoom: keep the right of the page for the legend and the zoom.
  const bool with_legend = curves.size() > 1;
  const double top = 0.9, bottom = 0.11;
  // Room on the left for the y labels and the axis name (a character is about 16 pixels
  // high at this size).
  size_t widest = 0;
  for (const AxisTick& t : main_axes.y_ticks)
    widest = std::max(widest, visible_length(t.label));
  const double left = std::max(0.13, (label_reach(widest) + 2.2) * 16 / options.width);
  plvpor(left, with_legend || zoom ? 0.64 : 0.93, bottom, top);
  LearningCurveFrame frame;
  static_cast<PlotFrame&>(frame) = panel(page, main_axes);
  const double reach = draw_axes(main_axes, frame);
  plcol0(kBlack);
  pllab("epoch", "", options.title.c_str());
  plmtex("l", reach + 1.2, 0.5, 0.5, options.log_cost ? "cost (log scale)" : "cost");
  draw_curves(curves, options.log_cost);

  std::vector<LegendEntry> legend;
  for (size_t i = 0; i < curves.size(); ++i)
    if (!curves[i].label.empty())
      legend.push_back({curves[i].label, PL_LEGEND_LINE,
                        kFirstCurve + static_cast<PLINT>(i % kCurveColourCount)});
  double legend_height = 0;  // a share of the main panel's height
  if (with_legend && !legend.empty())
    legend_height = draw_legend(legend, zoom ? PL_POSITION_SUBPAGE | PL_POSITION_TOP |
                                                   PL_POSITION_RIGHT | PL_POSITION_INSIDE
                                             : PL_POSITION_RIGHT | PL_POSITION_OUTSIDE);

  // The zoom, under the legend: as tall as the room left, if that is enough to read.
  const double zoom_top = std::min(0.5, top - legend_height * (top - bottom) - 0.1);
  if (zoom && zoom_top - bottom >= 0.2) {
    plvpor(0.77, 0.97, bottom, zoom_top);
    const Axes zoom_axes = axes_for(extent_of(curves, zoom_end), options.log_cost);
    frame.zoom = panel(page, zoom_axes);
    draw_axes(zoom_axes, *frame.zoom);
    plcol0(kBlack);
    const std::string heading = "first " + std::to_string(options.zoom_epochs) + " epochs";
    plschr(0, 1.0);
    plmtex("t", 0.8, 0.5, 0.5, heading.c_str());
    plschr(0, 1.15);
    plmtex("b", 3.2, 0.5, 0.5, "epoch");
    draw_curves(curves, options.log_cost);
  }
  page.finish();
  return frame;
}

}  // namespace scratchnet
