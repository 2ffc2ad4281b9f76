// A RunConfig written back as the `scratchnet train` command that runs it: the page's
// "as a command", in the CLI's own flags (flag_of), every field that differs from its
// default, quoted for a POSIX shell.
#pragma once

#include <string>

#include "scratchnet/run/config.hpp"

namespace scratchnet::cli {

// "scratchnet train --data circle --points 300 --hidden 4,2 --activation tanh --lr 0.03".
// A CSV given as text is named by its file name (--data points.csv), starting parameters
// given as text by --init-params and the name they came with (params.json if none).
std::string train_command_for(const RunConfig& config);

}  // namespace scratchnet::cli
