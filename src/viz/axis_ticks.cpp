#include "scratchnet/viz/axis_ticks.hpp"

#include <cmath>
#include <cstdio>

namespace scratchnet {
namespace {

// A value as a tick label: plain digits ("0.05", "2000"), or m × 10^k beyond them (always,
// with `power`: powers of ten read best as such).
std::string label_of(double value, bool power = false) {
  if (value == 0) return "0";
  const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(value)) + 1e-9));
  char buffer[64];
  if (!power && exponent >= -4 && exponent <= 5) {
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
  }
  const double mantissa = value / std::pow(10.0, exponent);
  if (std::fabs(mantissa - 1) < 1e-9) {
    std::snprintf(buffer, sizeof buffer, "10#u%d#d", exponent);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.3g×10#u%d#d", mantissa, exponent);
  }
  return buffer;
}

// The ticks at `multiples` × 10^k within [lo, hi], for every decade k, taking every
// `stride`-th decade.
std::vector<AxisTick> decade_ticks(double lo, double hi, const std::vector<double>& multiples,
                                   int stride = 1, bool power = false) {
  std::vector<AxisTick> ticks;
  const int first = static_cast<int>(std::floor(std::log10(lo))) - 1;
  const int last = static_cast<int>(std::ceil(std::log10(hi))) + 1;
  for (int k = first; k <= last; ++k) {
    if (((k % stride) + stride) % stride != 0) continue;
    for (double m : multiples) {
      // 10^k exactly (pow of an integer exponent), so 0.1 prints as 0.1.
      const double v = m * std::pow(10.0, k);
      const double slack = 1e-9 * v;
      if (v >= lo - slack && v <= hi + slack) ticks.push_back({v, label_of(v, power)});
    }
  }
  return ticks;
}

}  // namespace

std::vector<AxisTick> linear_ticks(double lo, double hi, bool whole_numbers) {
  std::vector<AxisTick> ticks;
  if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  // The smallest nice step that gives at most 8 intervals.
  const double raw = (hi - lo) / 8;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * magnitude;
  for (double m : {1.0, 2.0, 5.0})
    if (m * magnitude >= raw * (1 - 1e-9)) {
      step = m * magnitude;
      break;
    }
  if (whole_numbers && step < 1) step = 1;
  const double first = std::ceil(lo / step - 1e-9), last = std::floor(hi / step + 1e-9);
  for (double k = first; k <= last; ++k) {
    double v = k * step;
    if (std::fabs(v) < 1e-12 * step) v = 0;
    ticks.push_back({v, label_of(v)});
  }
  return ticks;
}

std::vector<AxisTick> log_ticks(double lo, double hi) {
  if (!(lo > 0) || !(lo < hi) || !std::isfinite(hi)) return {};
  const double decades = std::log10(hi) - std::log10(lo);
  if (decades >= 2.5) {
    const int stride = static_cast<int>(std::ceil(decades / 12));
    return decade_ticks(lo, hi, {1}, stride, true);
  }
  for (const std::vector<double>& multiples :
       {std::vector<double>{1, 2, 5}, std::vector<double>{1, 2, 3, 5}})
    if (auto ticks = decade_ticks(lo, hi, multiples); ticks.size() >= 3) return ticks;
  return linear_ticks(lo, hi);
}

}  // namespace scratchnet
