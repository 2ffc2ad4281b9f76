// The shapes of include/scratchnet/data/plane.hpp.
#include "scratchnet/data/plane.hpp"

#include <cmath>
#include <numbers>

#include "scratchnet/tensor/error.hpp"
#include "scratchnet/tensor/format.hpp"
#include "scratchnet/tensor/random.hpp"

namespace scratchnet {
namespace {

struct Point {
  double x1, x2;
  int label;
};

// Inside radius 0.5: class 1; a ring from 0.7 to 1: class 0 (as TensorFlow Playground's).
Point circle(NumpyRandom& rng, Index i) {
  const bool inside = i % 2 == 0;
  const double r = inside ? 0.5 * rng.uniform() : 0.7 + 0.3 * rng.uniform();
  const double angle = 2 * std::numbers::pi * rng.uniform();
  return {r * std::cos(angle), r * std::sin(angle), inside ? 1 : 0};
}

// Uniform in [−1, 1]², kept off the axes by 0.05; class 1 where the signs differ (XOR).
Point quadrants(NumpyRandom& rng, Index) {
  auto coordinate = [&] {
    const double v = 0.05 + 0.95 * rng.uniform();
    return rng.uniform() < 0.5 ? -v : v;
  };
  const double a = coordinate(), b = coordinate();
  return {a, b, (a > 0) != (b > 0) ? 1 : 0};
}

// σ = 0.25 around (−0.5, −0.5) (class 0) and (0.5, 0.5) (class 1).
Point gaussians(NumpyRandom& rng, Index i) {
  const int label = static_cast<int>(i % 2);
  const double centre = label ? 0.5 : -0.5;
  const double a = centre + 0.25 * rng.standard_normal();
  return {a, centre + 0.25 * rng.standard_normal(), label};
}

// Two arms, r = t, angle = 1.75·2π·t (+ π for the second arm), t uniform in (0, 1].
Point spiral(NumpyRandom& rng, Index i) {
  const int label = static_cast<int>(i % 2);
  const double t = 1 - rng.uniform();
  const double angle = 1.75 * 2 * std::numbers::pi * t + (label ? std::numbers::pi : 0);
  return {t * std::sin(angle), t * std::cos(angle), label};
}

// σ = 0.2 around three corners of a triangle: classes 0, 1, 2.
Point blobs3(NumpyRandom& rng, Index i) {
  const int label = static_cast<int>(i % 3);
  const double angle = std::numbers::pi / 2 + 2 * std::numbers::pi * label / 3;
  const double a = 0.6 * std::cos(angle) + 0.2 * rng.standard_normal();
  return {a, 0.6 * std::sin(angle) + 0.2 * rng.standard_normal(), label};
}

struct PlaneShape {
  const char* name;
  Point (*draw)(NumpyRandom&, Index);
};
constexpr PlaneShape kShapes[] = {{"circle", circle},
                                  {"quadrants", quadrants},
                                  {"gaussians", gaussians},
                                  {"spiral", spiral},
                                  {"blobs3", blobs3}};

}  // namespace

std::vector<std::string> plane_names() {
  std::vector<std::string> names;
  for (const PlaneShape& s : kShapes)
    names.emplace_back(s.name);
  return names;
}

template <class T>
Dataset<T> plane_dataset(std::string_view name, const PlaneOptions& options) {
  const PlaneShape* shape = nullptr;
  for (const PlaneShape& s : kShapes)
    if (name == s.name) shape = &s;
  if (!shape) throw UsageError("unknown set of points '" + std::string(name) + "'");
  if (options.points < 4 || options.points > kMaxPlanePoints)
    throw FieldError("points", "must be 4 to " + std::to_string(kMaxPlanePoints) + ", got " +
                                   std::to_string(options.points));
  if (!(options.noise >= 0 && options.noise <= kMaxPlaneNoise))
    throw FieldError("noise", "must be in [0, " + format_number(kMaxPlaneNoise) + "], got " +
                                  format_number(options.noise));
  // The noise has a stream of its own, so noise 0 and noise σ move the same shape.
  NumpyRandom rng(options.seed), noise_rng(options.seed ^ 0x9e3779b9u);
  Dataset<T> data;
  data.name = std::string(name);
  data.feature_names = {"x1", "x2"};
  data.X.resize(2, options.points);
  data.Y.resize(1, options.points);
  for (Index i = 0; i < options.points; ++i) {
    const Point p = shape->draw(rng, i);
    const double n1 = options.noise * noise_rng.standard_normal();
    const double n2 = options.noise * noise_rng.standard_normal();
    data.X(0, i) = static_cast<T>(p.x1 + n1);
    data.X(1, i) = static_cast<T>(p.x2 + n2);
    data.Y(0, i) = static_cast<T>(p.label);
  }
  return data;
}

template Dataset<float> plane_dataset(std::string_view, const PlaneOptions&);
template Dataset<double> plane_dataset(std::string_view, const PlaneOptions&);

}  // namespace scratchnet
