#include "commands.hpp"

namespace scratchnet::cli {

void add_explain_command(CLI::App&) {}

}  // namespace scratchnet::cli
