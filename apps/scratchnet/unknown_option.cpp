#include "unknown_option.hpp"

#include <algorithm>
#include <vector>

namespace scratchnet::cli {
namespace {

// Levenshtein distance: insertions, deletions and substitutions to turn a into b.
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string unknown_option_message(CLI::App& app, int argc, char** argv) {
  CLI::App* command = &app;
  for (CLI::App* sub : app.get_subcommands())  // the command given ("train")
    command = sub;
  std::vector<std::string> known;
  for (const CLI::Option* option : command->get_options())
    for (const std::string& name : option->get_lnames())
      known.push_back("--" + name);
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!arg.starts_with("--") || arg == "--") continue;
    arg = arg.substr(0, arg.find('='));  // --hiden=3
    if (std::find(known.begin(), known.end(), arg) != known.end()) continue;
    std::string nearest;
    size_t best = std::max<size_t>(2, arg.size() / 3) + 1;  // close enough to be a typo
    for (const std::string& name : known)
      if (const size_t d = edit_distance(arg, name); d < best) {
        best = d;
        nearest = name;
      }
    const std::string where = command == &app ? "scratchnet" : "scratchnet " + command->get_name();
    return "unknown option " + arg + (nearest.empty() ? "" : "; did you mean " + nearest + "?") +
           " (see " + where + " --help)";
  }
  return "";
}

}  // namespace scratchnet::cli
