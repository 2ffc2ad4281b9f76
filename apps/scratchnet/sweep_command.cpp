#include "commands.hpp"

namespace scratchnet::cli {

void add_sweep_command(CLI::App&) {}

}  // namespace scratchnet::cli
