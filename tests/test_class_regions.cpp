// K classes over two features: each class's region in its own colour, and every training
// point inside the region of its class.
#include "png_image.hpp"
#include "scratchnet/viz/plot.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

// The regions' colours: each class's curve colour (Okabe–Ito), a third of it on white.
const Rgb kRegion[3] = {{166, 205, 228}, {240, 199, 166}, {166, 221, 206}};

// Three blobs, as the CLI tests' CSV: centres (−2, −2), (2, 2), (−2, 2.5).
struct Blobs {
  Matrix<double> X, Y;
  Blobs() {
    const double centres[3][2] = {{-2.0, -2.0}, {2.0, 2.0}, {-2.0, 2.5}};
    X.resize(2, 30);
    Y.resize(1, 30);
    for (Index j = 0; j < 30; ++j) {
      const Index k = j % 3;
      X(0, j) = centres[k][0] + 0.1 * static_cast<double>((j * 7) % 11 - 5);
      X(1, j) = centres[k][1] + 0.1 * static_cast<double>((j * 5) % 9 - 4);
      Y(0, j) = static_cast<double>(k);
    }
  }
  // A softmax over minus the squared distances to the centres: the nearest centre wins.
  static Matrix<double> probabilities(const Matrix<double>& points) {
    const double centres[3][2] = {{-2.0, -2.0}, {2.0, 2.0}, {-2.0, 2.5}};
    Matrix<double> p(3, points.cols());
    for (Index k = 0; k < points.cols(); ++k) {
      double total = 0;
      for (int c = 0; c < 3; ++c) {
        const double dx = points(0, k) - centres[c][0], dy = points(1, k) - centres[c][1];
        p(c, k) = std::exp(-(dx * dx + dy * dy));
        total += p(c, k);
      }
      p.col(k) /= total;
    }
    return p;
  }
};

size_t count_pixels(const PngImage& image, Rgb colour) {
  size_t n = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x)
      n += near(image.at(x, y), colour, 6);
  return n;
}

TEST(ClassRegions, EachClassHasARegionOfItsColourAndItsPointsSitInIt) {
  const Blobs blobs;
  const auto dir = temp_folder("class_regions");
  DecisionBoundaryOptions options;
  options.title = "three blobs";
  const PlotFrame frame = plot_class_regions(dir / "r.png", &Blobs::probabilities, blobs.X, blobs.Y,
                                             {"north-west", "east", "south"}, options);
  const PngImage image((dir / "r.png").string());
  for (const Rgb& c : kRegion)
    EXPECT_GT(count_pixels(image, c), 20000u) << c.r << "," << c.g << "," << c.b;
  for (Index k = 0; k < blobs.X.cols(); ++k) {
    const auto [cx, cy] = frame.to_pixel(blobs.X(0, k), blobs.X(1, k));
    const int label = static_cast<int>(blobs.Y(0, k));
    // On a ring of 40 pixels round the point: its own region's colour, never another's.
    int own = 0, other = 0;
    for (int a = 0; a < 36; ++a) {
      const double angle = a * 10 * M_PI / 180;
      const Rgb c = image.at(static_cast<int>(cx + 40 * std::cos(angle)),
                             static_cast<int>(cy + 40 * std::sin(angle)));
      for (int r = 0; r < 3; ++r)
        (r == label ? own : other) += near(c, kRegion[r], 6);
    }
    EXPECT_GT(own, 12) << "point " << k << " of class " << label;
    EXPECT_EQ(other, 0) << "point " << k << " of class " << label;
  }
  std::filesystem::remove_all(dir);
}

TEST(ClassRegions, RefusesLabelsAndShapesThatDoNotFit) {
  const Blobs blobs;
  const auto dir = temp_folder("class_regions_bad");
  Matrix<double> bad = blobs.Y;
  bad(0, 4) = 3;
  EXPECT_THROW(
      plot_class_regions(dir / "r.png", &Blobs::probabilities, blobs.X, bad, {"a", "b", "c"}, {}),
      UsageError);
  // Two names for three rows of probabilities.
  EXPECT_THROW(plot_class_regions(dir / "r.png", &Blobs::probabilities, blobs.X,
                                  Matrix<double>::Zero(1, 30), {"a", "b"}, {}),
               Error);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scratchnet::testing
