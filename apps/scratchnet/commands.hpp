#pragma once

#include <CLI/CLI.hpp>

namespace scratchnet::cli {

// Each command adds its subcommand to `app` and sets its callback.
void add_train_command(CLI::App& app);

}  // namespace scratchnet::cli
