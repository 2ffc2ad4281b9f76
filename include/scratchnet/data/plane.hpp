// Points in the plane, for the playground and for trying a network on shapes the gates are too
// small to show: a circle inside a ring, the four quadrants of XOR, two Gaussian blobs, two
// interleaved spirals, and three blobs (for a softmax). Each set is drawn by NumpyRandom from
// a seed, so a seed gives the same points everywhere; `noise` is the standard deviation of
// the Gaussian noise added to each coordinate (the shapes span about [−1, 1]).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scratchnet/data/data.hpp"

namespace scratchnet {

struct PlaneOptions {
  Index points = 200;      // examples in the set
  double noise = 0;        // σ of the noise on each coordinate
  std::uint32_t seed = 0;  // of the points (not of the initialisation)
};

// The set called `name` (one of plane_names()), features x1, x2, labels 0/1 (blobs3: the
// class indices 0, 1, 2). Throws UsageError for another name, FieldError "points" or "noise"
// for options out of range.
template <class T>
Dataset<T> plane_dataset(std::string_view name, const PlaneOptions& options);

std::vector<std::string> plane_names();

// The limits plane_dataset accepts.
inline constexpr Index kMaxPlanePoints = 100000;
inline constexpr double kMaxPlaneNoise = 1;

}  // namespace scratchnet
