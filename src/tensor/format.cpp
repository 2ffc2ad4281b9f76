#include "scratchnet/tensor/format.hpp"

#include <cstdio>

namespace scratchnet {

std::string format_number(double value, int digits) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value + 0.0);  // + 0.0 turns −0 into 0
  return buffer;
}

}  // namespace scratchnet
