// A few lines every example shares: print the cost log and the article's predict.
#pragma once

#include <cstdio>

#include "scratchnet/scratchnet.hpp"

namespace example {

inline void print_cost(int epoch, double cost) {
  std::printf("Cost at epoch#%d: %.17g\n", epoch, cost);
}

inline void print_prediction(const scratchnet::Prediction<double>& p) {
  std::printf("probabilities:");
  for (scratchnet::Index j = 0; j < p.probabilities.cols(); ++j)
    std::printf(" %.6f", p.probabilities(0, j));
  std::printf("\nlabels:       ");
  for (scratchnet::Index j = 0; j < p.labels.cols(); ++j)
    std::printf(" %8g", p.labels(0, j));
  std::printf("\naccuracy %g%%\n", p.accuracy_percent);
}

}  // namespace example
