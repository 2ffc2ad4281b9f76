// train_command_for (command_line.hpp): the fields that differ from RunConfig's defaults,
// found by comparing the two configs' JSON, so a new field needs no code here — only its
// flag in flag_of.
#include "command_line.hpp"

#include <nlohmann/json.hpp>

#include "network_flags.hpp"

namespace scratchnet::cli {
namespace {

using json = nlohmann::ordered_json;

// A word a POSIX shell reads as it is, or the word in single quotes.
std::string shell_word(const std::string& word) {
  const bool plain = !word.empty() && word.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789._,/:=+-") == std::string::npos;
  if (plain) return word;
  std::string quoted = "'";
  for (const char c : word)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// A JSON scalar as a flag's value: numbers in the shortest text that reads back the same.
std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string joined(const json& list) {
  std::string text;
  for (const json& v : list)
    text += (text.empty() ? "" : ",") + value_text(v);
  return text;
}

}  // namespace

std::string train_command_for(const RunConfig& config) {
  const json given = json::parse(to_json(normalized(config)));
  const json defaults = json::parse(to_json(normalized(RunConfig{})));
  std::string command = "scratchnet train";
  auto add = [&](const std::string& flag, const std::string& value) {
    command += " " + flag;
    if (!value.empty()) command += " " + shell_word(value);
  };
  for (const auto& [field, value] : given.items()) {
    if (value == defaults[field] || field == "data_text" || field == "init_params_text") continue;
    if (field == "threads" && value == 1) continue;  // one thread is what a small run takes
    if (field == "init_params" && !config.init_params_text.empty()) continue;  // below
    const std::string flag = flag_of(field);
    if (value.is_boolean()) {
      if (value.get<bool>()) add(flag, "");
    } else if (value.is_array()) {
      add(flag, value.empty() ? "none" : joined(value));
    } else if (value.is_object()) {  // a choice with parameters
      add(flag, value["name"].get<std::string>());
      for (const auto& [key, param] : value.items())
        if (key != "name") add(flag_of(field + "." + key), value_text(param));
    } else if (!value.is_null()) {
      add(flag, value_text(value));
    }
  }
  if (!config.init_params_text.empty())
    add("--init-params", config.init_params.empty() ? "params.json" : config.init_params);
  return command;
}

}  // namespace scratchnet::cli
