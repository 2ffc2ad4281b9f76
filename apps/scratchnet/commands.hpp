#pragma once

#include <CLI/CLI.hpp>

namespace scratchnet::cli {

// Each command adds its subcommand to `app` and sets its callback.
void add_train_command(CLI::App& app);      // train_command.cpp
void add_explain_command(CLI::App& app);    // explain_command.cpp
void add_predict_command(CLI::App& app);    // predict_command.cpp: predict and evaluate
void add_sweep_command(CLI::App& app);      // sweep_command.cpp
void add_gradcheck_command(CLI::App& app);  // gradcheck_command.cpp
void add_serve_command(CLI::App& app);      // serve_command.cpp: the playground

}  // namespace scratchnet::cli
