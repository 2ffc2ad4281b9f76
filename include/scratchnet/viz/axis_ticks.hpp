// Where an axis of a plot gets its labelled ticks, and what they say. Chosen here rather
// than by PLplot so that every axis has labels a reader can use: a log axis over less than
// a decade still gets numbers (PLplot labels only powers of ten), and an epoch axis only
// whole numbers (PLplot would label 0.5 epochs).
#pragma once

#include <string>
#include <vector>

namespace scratchnet {

struct AxisTick {
  double value;       // in data units (the cost, not its logarithm)
  std::string label;  // as printed; PLplot's escapes for a power of ten ("10#u-3#d")
};

// Ticks at multiples of a step of 1, 2 or 5 × 10^k, 3 to 10 of them within [lo, hi] (a
// narrower range gets at least its ends' neighbours' multiples). `whole_numbers`: the step
// is at least 1, for counts such as epochs. Requires lo < hi, both finite.
std::vector<AxisTick> linear_ticks(double lo, double hi, bool whole_numbers = false);

// Ticks for a logarithmic axis over [lo, hi], 0 < lo < hi: powers of ten when the range
// spans several decades (every n-th one beyond a dozen; labelled 10^k), else 1, 2, 5 (or 1, 2, 3,
// 5) times powers of ten, else — within a few percent — linear ticks. Always at least two.
std::vector<AxisTick> log_ticks(double lo, double hi);

}  // namespace scratchnet
