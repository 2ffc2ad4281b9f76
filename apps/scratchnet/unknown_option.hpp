// A mistyped flag ("--hiden 3") gets "unknown option --hiden; did you mean --hidden?"
// instead of CLI11's "The following arguments were not expected: 3 --hiden".
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace scratchnet::cli {

// After a failed parse of `app`: the message for the first "--name" in argv that the
// chosen command does not have, with the nearest of its options when one is close; empty
// when every "--name" is known (the error is something else).
std::string unknown_option_message(CLI::App& app, int argc, char** argv);

}  // namespace scratchnet::cli
