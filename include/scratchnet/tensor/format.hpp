// Numbers as text for people: messages, listings, explanations. The bottom floor, so that
// every floor above (training's messages, the explain walk, the pictures) says a number
// the same way.
#pragma once

#include <string>

namespace scratchnet {

// A number as text with `digits` significant digits (%g), and −0 as 0: a zero from a
// negative weight times 0 would puzzle a reader.
std::string format_number(double value, int digits = 12);

// The shortest text that reads back as exactly `value` (0.9, not 0.90000000000000002): how
// files echo numbers. The float overload is shortest for the float (0.1f is "0.1").
std::string shortest_text(double value);
std::string shortest_text(float value);

}  // namespace scratchnet
