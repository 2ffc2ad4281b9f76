// scratchnet: the command line. It only parses flags and calls the library.
//
// Exit codes: 0 success; 2 a usage or data error (bad flag, bad file); 1 any other failure.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <new>
#include <string>

#include "commands.hpp"
#include "network_flags.hpp"
#include "scratchnet/tensor/error.hpp"
#include "unknown_option.hpp"

namespace {

// CLI11 says "Could not convert: --epochs = abc"; say which flag, what was found and what
// its type expects, as every other message does. Other messages are kept as they are.
std::string conversion_message(const CLI::App& app, const CLI::ConversionError& e) {
  const std::string what = e.what();
  const std::string prefix = "Could not convert: ";
  const size_t equals = what.find(" = ");
  if (what.rfind(prefix, 0) != 0 || equals == std::string::npos) return what;
  const std::string flag = what.substr(prefix.size(), equals - prefix.size());
  std::string value = what.substr(equals + 3);
  std::replace(value.begin(), value.end(), '\n', ' ');
  std::string expected;
  for (const CLI::App* command : app.get_subcommands())
    if (const CLI::Option* option = command->get_option_no_throw(flag)) {
      const std::string type = option->get_type_name();
      if (type == "INT") expected = "an integer in range";
      if (type == "UINT") expected = "a whole number ≥ 0 in range";
      if (type == "FLOAT") expected = "a number";
    }
  if (expected.empty()) return what;
  return flag + ": found '" + value + "', expected " + expected;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "scratchnet: neural networks as computational graphs, trained by backpropagation.\n"
      "Every node keeps its value and gradient; every number of the article \"Nothing but\n"
      "NumPy\" is reproduced exactly.",
      "scratchnet");
  app.require_subcommand(1);
  app.footer("\nRun 'scratchnet <command> --help' for a command's options.");
  scratchnet::cli::add_train_command(app);
  scratchnet::cli::add_explain_command(app);
  scratchnet::cli::add_predict_command(app);
  scratchnet::cli::add_sweep_command(app);
  scratchnet::cli::add_gradcheck_command(app);
  scratchnet::cli::add_serve_command(app);

  // A misspelt command ("trian") deserves better than "a subcommand is required".
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    std::string names;
    for (const CLI::App* command : app.get_subcommands({})) {
      known = known || command->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + command->get_name();
    }
    if (!known) {
      std::fprintf(stderr, "scratchnet: error: unknown command '%s' (expected %s)\n", argv[1],
                   names.c_str());
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ConversionError& e) {
    std::fprintf(stderr, "scratchnet: error: %s (see --help)\n",
                 conversion_message(app, e).c_str());
    return 2;
  } catch (const CLI::ParseError& e) {
    const std::string unknown = scratchnet::cli::unknown_option_message(app, argc, argv);
    if (!unknown.empty()) {
      std::fprintf(stderr, "scratchnet: error: %s\n", unknown.c_str());
      return 2;
    }
    std::fprintf(stderr, "scratchnet: error: %s (see --help)\n", e.what());
    return 2;
  } catch (const scratchnet::FieldError& e) {
    // The library names a RunConfig field; the user typed a flag.
    std::fprintf(stderr, "scratchnet: error: %s\n", e.message([](std::string_view field) {
                                                       return scratchnet::cli::flag_of(field);
                                                     }).c_str());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "scratchnet: error: out of memory (try a smaller network or dataset)\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scratchnet: error: %s\n", e.what());
    // What the user asked for or gave us was wrong: 2. Anything else that failed: 1.
    const bool usage_or_data = dynamic_cast<const scratchnet::UsageError*>(&e) ||
                               dynamic_cast<const scratchnet::DataError*>(&e) ||
                               dynamic_cast<const scratchnet::ShapeError*>(&e);
    return usage_or_data ? 2 : 1;
  }
  return 0;
}
