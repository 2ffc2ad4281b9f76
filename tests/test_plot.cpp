// The pictures: valid files of a sensible size, and what they show where it can be
// checked — for the shaded boundary, each training point sits in a region of its colour.
#include "png_image.hpp"
#include "scratchnet/viz/plot.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

const Rgb kWhite{255, 255, 255}, kLightRed{255, 204, 204}, kLightGreen{204, 238, 204};

CostCurve curve_of(const CostLog& log, std::string label = "") {
  CostCurve c{std::move(label), {}, log.costs};
  for (int e : log.epochs)
    c.epochs.push_back(e);
  return c;
}

// The article's 2-layer XOR network, trained: 100% accurate, with a margin round each point.
struct TrainedXor {
  Dataset<double> data = gate_dataset<double>("xor");
  Sequential<double> model;
  CostLog log;
  TrainedXor() {
    NumpyRandom rng(48);
    NetworkSpec spec;
    spec.hidden = {3};
    model = make_network<double>(spec, rng);
    log = Trainer<double>(model, data.X, data.Y).run({1.0, 5000, 100});
  }
  ProbabilityFunction probability() {
    return [this](const Matrix<double>& points) { return model.forward(points); };
  }
};

size_t count_pixels(const PngImage& image, Rgb colour, int tolerance = 12) {
  size_t n = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x)
      n += near(image.at(x, y), colour, tolerance);
  return n;
}

// Of the pixels on a ring round (cx, cy), how many are near `colour`.
int ring_count(const PngImage& image, std::pair<double, double> centre, Rgb colour) {
  int n = 0;
  for (int k = 0; k < 36; ++k) {
    const double angle = k * 10 * M_PI / 180;
    const int x = static_cast<int>(centre.first + 22 * std::cos(angle));
    const int y = static_cast<int>(centre.second + 22 * std::sin(angle));
    n += near(image.at(x, y), colour);
  }
  return n;
}

TEST(Plot, ShadedBoundaryPutsEveryTrainingPointInARegionOfItsColour) {
  TrainedXor xor_net;
  const auto dir = temp_folder("plot_shaded");
  DecisionBoundaryOptions options;
  options.shaded = true;
  options.title = "XOR";
  const PlotFrame frame = plot_decision_boundary(dir / "b.png", xor_net.probability(),
                                                 xor_net.data.X, xor_net.data.Y, options);
  const PngImage image((dir / "b.png").string());
  EXPECT_EQ(image.width, 800);
  EXPECT_EQ(image.height, 600);
  // The article's grid: [−0.5, 1.5] on both axes.
  EXPECT_DOUBLE_EQ(frame.x_min, -0.5);
  EXPECT_DOUBLE_EQ(frame.x_max, 1.5);
  EXPECT_DOUBLE_EQ(frame.y_min, -0.5);
  EXPECT_DOUBLE_EQ(frame.y_max, 1.5);
  for (Index k = 0; k < 4; ++k) {
    const auto pixel = frame.to_pixel(xor_net.data.X(0, k), xor_net.data.X(1, k));
    const bool label1 = xor_net.data.Y(0, k) == 1;
    const int right = ring_count(image, pixel, label1 ? kLightGreen : kLightRed);
    const int wrong = ring_count(image, pixel, label1 ? kLightRed : kLightGreen);
    EXPECT_GT(right, 18) << "point " << k << " at pixel " << pixel.first << "," << pixel.second;
    EXPECT_EQ(wrong, 0) << "point " << k;
  }
  // Both regions are big; the page outside the plot stays white.
  EXPECT_GT(count_pixels(image, kLightRed), 30000u);
  EXPECT_GT(count_pixels(image, kLightGreen), 30000u);
  EXPECT_TRUE(near(image.at(3, 3), kWhite));
  std::filesystem::remove_all(dir);
}

TEST(Plot, UnshadedBoundaryLeavesTheBackgroundWhiteAndMarksThePoints) {
  TrainedXor xor_net;
  const auto dir = temp_folder("plot_plain");
  const PlotFrame frame = plot_decision_boundary(dir / "b.png", xor_net.probability(),
                                                 xor_net.data.X, xor_net.data.Y, {});
  const PngImage image((dir / "b.png").string());
  // No region is shaded: only the anti-aliased edges of the red crosses come near light red.
  EXPECT_LT(count_pixels(image, kLightRed), 500u);
  EXPECT_LT(count_pixels(image, kLightGreen), 500u);
  for (Index k = 0; k < 4; ++k) {
    const auto [x, y] = frame.to_pixel(xor_net.data.X(0, k), xor_net.data.X(1, k));
    EXPECT_GT(ring_count(image, {x, y}, kWhite), 18) << "point " << k;
    // The cross itself: a red (label 0) or green (label 1) pixel near the centre.
    bool marked = false;
    for (int dy = -4; dy <= 4; ++dy)
      for (int dx = -4; dx <= 4; ++dx) {
        const Rgb c = image.at(static_cast<int>(x) + dx, static_cast<int>(y) + dy);
        marked |= xor_net.data.Y(0, k) == 1 ? (c.g > 120 && c.r < 100) : (c.r > 170 && c.g < 100);
      }
    EXPECT_TRUE(marked) << "point " << k;
  }
  std::filesystem::remove_all(dir);
}

// The axis lines at 0 run through (0, 0) and (0, 1); near those points they stop short of
// the markers: 9 pixels from the centre, where the line would run, the pixel is the halo's
// (white or the region's) or the marker's colour, not the line's black.
TEST(Plot, AxisLinesAtZeroStopShortOfTheMarkers) {
  TrainedXor xor_net;
  const auto dir = temp_folder("plot_halo");
  for (bool shaded : {false, true}) {
    DecisionBoundaryOptions options;
    options.shaded = shaded;
    const PlotFrame frame = plot_decision_boundary(dir / "b.png", xor_net.probability(),
                                                   xor_net.data.X, xor_net.data.Y, options);
    const PngImage image((dir / "b.png").string());
    for (Index k = 0; k < 4; ++k) {
      if (xor_net.data.X(0, k) != 0 && xor_net.data.X(1, k) != 0) continue;
      const auto [x, y] = frame.to_pixel(xor_net.data.X(0, k), xor_net.data.X(1, k));
      for (auto [dx, dy] : {std::pair{0, 9}, {0, -9}, {9, 0}, {-9, 0}}) {
        const Rgb c = image.at(static_cast<int>(x) + dx, static_cast<int>(y) + dy);
        EXPECT_GT(std::max({c.r, c.g, c.b}), 140)
            << "point " << k << " offset " << dx << "," << dy << (shaded ? " shaded" : " plain");
      }
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(Plot, LearningCurveIsAPngOfTheRightSizeWithACurve) {
  TrainedXor xor_net;
  const auto dir = temp_folder("plot_curve");
  LearningCurveOptions options;
  options.title = "Learning rate: 1";
  options.width = 640;
  options.height = 480;
  const PlotFrame frame = plot_learning_curves(dir / "c.png", {curve_of(xor_net.log)}, options);
  const PngImage image((dir / "c.png").string());
  EXPECT_EQ(image.width, 640);
  EXPECT_EQ(image.height, 480);
  EXPECT_GT(count_pixels(image, {0, 114, 178}, 40), 300u) << "the curve's colour";
  // The first cost (0.129) sits at the left edge, near the top of the window.
  const auto [x, y] = frame.to_pixel(0, xor_net.log.costs.front());
  EXPECT_NEAR(x, frame.left, 1);
  EXPECT_LT(y, frame.top + 0.1 * (frame.bottom - frame.top));
  std::filesystem::remove_all(dir);
}

TEST(Plot, SvgAndPdfOnRequest) {
  TrainedXor xor_net;
  const auto dir = temp_folder("plot_formats");
  LearningCurveOptions svg;
  svg.format = PlotFormat::svg;
  svg.log_cost = true;
  plot_learning_curves(dir / "c.svg", {curve_of(xor_net.log)}, svg);
  const std::string text = read_file(dir / "c.svg");
  EXPECT_NE(text.find("<svg"), std::string::npos);
  EXPECT_NE(text.find("</svg>"), std::string::npos);
  EXPECT_GT(text.size(), 5000u);
  DecisionBoundaryOptions pdf;
  pdf.format = PlotFormat::pdf;
  plot_decision_boundary(dir / "b.pdf", xor_net.probability(), xor_net.data.X, xor_net.data.Y, pdf);
  EXPECT_EQ(read_file(dir / "b.pdf").rfind("%PDF", 0), 0u);
  EXPECT_EQ(parse_plot_format("svg"), PlotFormat::svg);
  EXPECT_THROW(parse_plot_format("gif"), UsageError);
  std::filesystem::remove_all(dir);
}

TEST(Plot, SeveralCurvesGetALegend) {
  TrainedXor xor_net;
  const auto dir = temp_folder("plot_sweep");
  CostLog other = xor_net.log;
  for (double& c : other.costs)
    c *= 0.5;
  LearningCurveOptions options;
  options.title = "Learning rates";
  options.log_cost = true;
  plot_learning_curves(dir / "s.png", {curve_of(xor_net.log, "α = 1"), curve_of(other, "α = 2")},
                       options);
  const PngImage image((dir / "s.png").string());
  EXPECT_GT(count_pixels(image, {0, 114, 178}, 40), 300u);
  EXPECT_GT(count_pixels(image, {213, 94, 0}, 40), 300u);
  std::filesystem::remove_all(dir);
}

TEST(Plot, BadRequestsAreRefusedAndLeaveNothingBehind) {
  TrainedXor xor_net;
  const auto dir = temp_folder("plot_bad");
  EXPECT_THROW(plot_learning_curves(dir / "none" / "c.png", {curve_of(xor_net.log)}, {}), Error);
  CostLog with_zero = xor_net.log;
  with_zero.costs[0] = 0;
  LearningCurveOptions log_scale;
  log_scale.log_cost = true;
  EXPECT_THROW(plot_learning_curves(dir / "c.png", {curve_of(with_zero)}, log_scale), UsageError);
  CostLog with_nan = xor_net.log;
  with_nan.costs[3] = std::nan("");
  EXPECT_THROW(plot_learning_curves(dir / "c.png", {curve_of(with_nan)}, {}), UsageError);
  EXPECT_THROW(plot_decision_boundary(dir / "b.png", xor_net.probability(),
                                      Matrix<double>::Zero(3, 4), xor_net.data.Y, {}),
               UsageError);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scratchnet::testing
