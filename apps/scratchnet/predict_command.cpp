#include "commands.hpp"

namespace scratchnet::cli {

void add_predict_command(CLI::App&) {}

}  // namespace scratchnet::cli
