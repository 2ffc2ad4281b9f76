#include "scratchnet/tensor/format.hpp"

#include <charconv>
#include <cstdio>

namespace scratchnet {

std::string format_number(double value, int digits) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value + 0.0);  // + 0.0 turns −0 into 0
  return buffer;
}

namespace {
template <class T>
std::string shortest(T value) {
  char text[40];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}
}  // namespace

std::string shortest_text(double value) {
  return shortest(value);
}
std::string shortest_text(float value) {
  return shortest(value);
}

}  // namespace scratchnet
