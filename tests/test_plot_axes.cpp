// The axes of the learning curves: every log axis has labelled ticks, epochs are whole, and
// a jump in the first epochs of a long run is drawn large enough to see.
#include "png_image.hpp"
#include "scratchnet/viz/axis_ticks.hpp"
#include "scratchnet/viz/plot.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

bool whole(double v) {
  return v == std::floor(v);
}

TEST(AxisTicks, LogAxisWithinOneDecadeStillHasSeveralLabelledTicks) {
  for (auto [lo, hi] : {std::pair{0.08, 0.13}, {0.116, 0.129}, {0.3, 2.0}, {0.0012, 0.009}}) {
    const auto ticks = log_ticks(lo, hi);
    EXPECT_GE(ticks.size(), 3u) << lo << " to " << hi;
    for (const AxisTick& t : ticks) {
      EXPECT_GE(t.value, lo * (1 - 1e-9));
      EXPECT_LE(t.value, hi * (1 + 1e-9));
      EXPECT_FALSE(t.label.empty());
    }
  }
  const auto decade = log_ticks(0.08, 0.13);
  EXPECT_EQ(decade.front().label, "0.08");
  EXPECT_EQ(decade.back().label, "0.13");
}

TEST(AxisTicks, LogAxisOverManyDecadesIsLabelledInPowersOfTen) {
  const auto ticks = log_ticks(5e-6, 0.3);
  ASSERT_EQ(ticks.size(), 5u);
  EXPECT_DOUBLE_EQ(ticks.front().value, 1e-5);
  EXPECT_EQ(ticks.front().label, "10#u-5#d");
  EXPECT_EQ(ticks.back().label, "10#u-1#d");
  EXPECT_LE(log_ticks(1e-30, 1).size(), 12u);  // every n-th power beyond a dozen
}

TEST(AxisTicks, EpochTicksAreWholeNumbers) {
  for (auto [lo, hi] : {std::pair{0.0, 2.0}, {0.0, 1.0}, {0.0, 9.0}, {0.0, 19.0}, {0.0, 4999.0}}) {
    const auto ticks = linear_ticks(lo, hi, true);
    EXPECT_GE(ticks.size(), 2u) << hi;
    for (const AxisTick& t : ticks)
      EXPECT_TRUE(whole(t.value)) << t.value << " on 0 to " << hi;
  }
  const auto three = linear_ticks(0, 2, true);
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(three[1].label, "1");
  // Without the restriction a short axis gets fractional steps.
  EXPECT_FALSE(whole(linear_ticks(0, 2).at(1).value));
}

// Dark pixels (text) in the band left of the frame at a row: a tick label is printed there.
int dark_pixels_left_of(const PngImage& image, const PlotFrame& frame, double row) {
  int n = 0;
  for (int y = static_cast<int>(row) - 4; y <= static_cast<int>(row) + 4; ++y)
    for (int x = static_cast<int>(frame.left) - 60; x < static_cast<int>(frame.left) - 4; ++x) {
      const Rgb c = image.at(x, y);
      n += c.r + c.g + c.b < 200;
    }
  return n;
}

TEST(PlotAxes, LogCostWithinOneDecadeIsLabelled) {
  const auto dir = temp_folder("plot_log_decade");
  CostCurve curve{"", {}, {}};
  for (int e = 0; e <= 300; e += 100) {
    curve.epochs.push_back(e);
    curve.costs.push_back(0.129 - 4e-5 * e);  // 0.129 → 0.117: no power of ten inside
  }
  LearningCurveOptions options;
  options.log_cost = true;
  const PlotFrame frame = plot_learning_curves(dir / "c.png", {curve}, options);
  ASSERT_GE(frame.y_ticks.size(), 3u);
  const PngImage image((dir / "c.png").string());
  for (const AxisTick& t : frame.y_ticks) {
    const double y = std::log10(t.value);
    EXPECT_GT(y, frame.y_min);
    EXPECT_LT(y, frame.y_max);
    EXPECT_GT(dark_pixels_left_of(image, frame, frame.to_pixel(0, y).second), 10)
        << "no label printed for " << t.label;
  }
  std::filesystem::remove_all(dir);
}

TEST(PlotAxes, AThreeEpochRunHasWholeEpochTicks) {
  const auto dir = temp_folder("plot_whole_epochs");
  const CostCurve curve{"", {0, 1, 2}, {0.9, 0.5, 0.4}};
  const PlotFrame frame = plot_learning_curves(dir / "c.png", {curve}, {});
  ASSERT_EQ(frame.x_ticks.size(), 3u);
  for (const AxisTick& t : frame.x_ticks)
    EXPECT_TRUE(whole(t.value)) << t.label;
  std::filesystem::remove_all(dir);
}

TEST(PlotAxes, AJumpInTheFirstEpochsOfALongRunIsShownLargeInTheZoom) {
  const auto dir = temp_folder("plot_zoom");
  CostCurve steady{"steady", {}, {}}, jumpy{"jumpy", {}, {}};
  for (int e = 0; e < 5000; ++e) {
    steady.epochs.push_back(e);
    steady.costs.push_back(0.125 * std::exp(-e / 1000.0));
    jumpy.epochs.push_back(e);
    jumpy.costs.push_back(e == 2 ? 0.23 : 0.125 * std::exp(-e / 500.0));
  }
  LearningCurveOptions options;
  options.log_cost = true;
  options.zoom_epochs = 20;
  const LearningCurveFrame frame = plot_learning_curves(dir / "s.png", {steady, jumpy}, options);
  ASSERT_TRUE(frame.zoom.has_value());
  const PlotFrame& zoom = *frame.zoom;
  EXPECT_DOUBLE_EQ(zoom.x_max, 20);
  EXPECT_GT(zoom.left, frame.right);  // beside the main panel, not over it
  // The jump spans most of the zoom's height; on the main axis it is 2 pixels wide.
  const auto before = zoom.to_pixel(1, std::log10(0.125));
  const auto peak = zoom.to_pixel(2, std::log10(0.23));
  EXPECT_GT(before.second - peak.second, 0.5 * (zoom.bottom - zoom.top));
  EXPECT_GT(peak.first - before.first, 5);
  // And it is drawn there: the jumpy curve's colour (orange) near its peak.
  const PngImage image((dir / "s.png").string());
  int orange = 0;
  for (int dy = -3; dy <= 6; ++dy)
    for (int dx = -3; dx <= 3; ++dx)
      orange +=
          near(image.at(static_cast<int>(peak.first) + dx, static_cast<int>(peak.second) + dy),
               {213, 94, 0}, 60);
  EXPECT_GT(orange, 3);
  // A short run gets no zoom.
  LearningCurveOptions short_run = options;
  const CostCurve brief{"", {0, 1, 2, 3}, {0.3, 0.2, 0.1, 0.05}};
  EXPECT_FALSE(plot_learning_curves(dir / "b.png", {brief}, short_run).zoom.has_value());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scratchnet::testing
