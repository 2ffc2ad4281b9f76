// User-visible choices (an activation, a loss, an optimiser, an initialisation, a
// learning-rate schedule, a built-in dataset) and their registries. Every registry is a list
// of entries that derive from ChoiceInfo: a name, a one-line help and the parameters the
// choice takes. Everything a front-end shows or checks — the CLI's help and flags, the JSON
// of a RunConfig, the names in model and checkpoint files, the error listing the choices —
// is read from those lists, so a new choice is one entry (plus its operation and tests).
//
//   const ActivationEntry& e = find_choice(activation_registry(), "leaky-relu", "activation");
//   Choice c = default_choice(e);                 // {"leaky-relu", {{"negative_slope", 0.01}}}
//   validate_choice(e, c, "activation");           // FieldError "activation.negative_slope …"
#pragma once

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scratchnet/tensor/error.hpp"
#include "scratchnet/tensor/format.hpp"

namespace scratchnet {

// One numeric parameter of a choice, e.g. Adam's β₁: its key in JSON ("beta1"), its CLI flag
// ("--beta1"; flags are shared by choices whose parameters mean the same, e.g. --eps), a
// one-line help, the default and the range of accepted values.
struct ParamSpec {
  std::string_view name;
  std::string_view flag;
  std::string_view help;
  double default_value = 0;
  double min = -INFINITY, max = INFINITY;
  bool min_inclusive = true, max_inclusive = true;
  bool integer = false;

  bool accepts(double v) const {
    if (!std::isfinite(v)) return false;
    if (integer && v != std::floor(v)) return false;
    const bool above = min_inclusive ? v >= min : v > min;
    const bool below = max_inclusive ? v <= max : v < max;
    return above && below;
  }
  // "in [0, 1)", "a positive number", "at least 1", "a number ≥ 0": what accepts() accepts.
  std::string range_text() const {
    const bool low = std::isfinite(min), high = std::isfinite(max);
    const std::string kind = integer ? "an integer" : "a number";
    if (low && high)
      return std::string("in ") + (min_inclusive ? "[" : "(") + format_number(min) + ", " +
             format_number(max) + (max_inclusive ? "]" : ")");
    if (low && min == 0 && !min_inclusive) return integer ? "at least 1" : "a positive number";
    if (low && integer && min_inclusive) return "at least " + format_number(min);
    if (low) return kind + (min_inclusive ? " ≥ " : " > ") + format_number(min);
    if (high) return kind + (max_inclusive ? " ≤ " : " < ") + format_number(max);
    return integer ? "an integer" : "a finite number";
  }
};

// What every registry entry has.
struct ChoiceInfo {
  std::string_view name;                    // e.g. "leaky-relu": in flags, JSON and files
  std::string_view help;                    // one line, with the formula, e.g. "max(a·z, z)"
  std::vector<ParamSpec> params{};          // none for most choices
  std::vector<std::string_view> aliases{};  // other accepted spellings, e.g. "softmax_ce"

  const ParamSpec* find_param(std::string_view key) const {
    for (const ParamSpec& p : params)
      if (p.name == key) return &p;
    return nullptr;
  }
};

// A choice made: the entry's name and a value for each of its parameters, in the entry's
// order (defaults where none was given).
struct Choice {
  std::string name;
  std::vector<std::pair<std::string, double>> params{};

  Choice() = default;
  Choice(std::string name_, std::vector<std::pair<std::string, double>> params_ = {})
      : name(std::move(name_)), params(std::move(params_)) {}
  Choice(const char* name_) : name(name_) {}  // "relu": a choice with default parameters

  // The value of parameter `key`; the caller knows the entry has it.
  double param(std::string_view key) const {
    for (const auto& [k, v] : params)
      if (k == key) return v;
    return NAN;
  }
  void set(std::string_view key, double value) {
    for (auto& [k, v] : params)
      if (k == key) {
        v = value;
        return;
      }
    params.emplace_back(std::string(key), value);
  }
  bool operator==(const Choice&) const = default;
};

// "sigmoid, relu, tanh or softmax": the names of a registry, for messages and help.
template <class Entry>
std::string choice_names(std::span<const Entry> entries) {
  std::string text;
  for (size_t i = 0; i < entries.size(); ++i)
    text += (i == 0 ? "" : i + 1 == entries.size() ? " or " : ", ") + std::string(entries[i].name);
  return text;
}

// The same, of some entries of a registry (e.g. the hidden activations).
template <class Entry>
std::string choice_names(const std::vector<const Entry*>& entries) {
  std::string text;
  for (size_t i = 0; i < entries.size(); ++i)
    text += (i == 0 ? "" : i + 1 == entries.size() ? " or " : ", ") + std::string(entries[i]->name);
  return text;
}

// The entry called `name` (or one of its aliases), or nullptr.
template <class Entry>
const Entry* try_find_choice(std::span<const Entry> entries, std::string_view name) {
  for (const Entry& e : entries)
    if (e.name == name || std::find(e.aliases.begin(), e.aliases.end(), name) != e.aliases.end())
      return &e;
  return nullptr;
}

// The entry called `name`; else a FieldError naming `field` and the choices:
// "activation: unknown choice 'swish' (expected sigmoid, relu, tanh or softmax)".
template <class Entry>
const Entry& find_choice(std::span<const Entry> entries, std::string_view name,
                         std::string_view field) {
  if (const Entry* e = try_find_choice(entries, name)) return *e;
  throw FieldError(std::string(field), ": unknown choice '" + std::string(name) + "' (expected " +
                                           choice_names(entries) + ")");
}

// The entry's canonical name with every parameter at its default.
inline Choice default_choice(const ChoiceInfo& entry) {
  Choice c{std::string(entry.name), {}};
  for (const ParamSpec& p : entry.params)
    c.params.emplace_back(std::string(p.name), p.default_value);
  return c;
}

// The entry's canonical name and defaults, then `choice`'s parameters over them (unchecked:
// validate_choice says what does not fit).
inline Choice with_defaults(const ChoiceInfo& entry, const Choice& choice) {
  Choice full = default_choice(entry);
  for (const auto& [key, value] : choice.params)
    full.set(key, value);
  return full;
}

// Checks `choice` against its entry: every parameter known and in range, none missing.
// FieldError names "<field>.<param>", e.g. "optimizer.beta1 must be in [0, 1), got 2".
inline void validate_choice(const ChoiceInfo& entry, const Choice& choice, std::string_view field) {
  for (const auto& [key, value] : choice.params) {
    const ParamSpec* p = entry.find_param(key);
    if (!p)
      throw FieldError(std::string(field) + "." + key,
                       "is not a parameter of " + std::string(entry.name) +
                           (entry.params.empty() ? " (it has none)" : ""));
    if (!p->accepts(value))
      throw FieldError(std::string(field) + "." + key,
                       "must be " + p->range_text() + ", got " + format_number(value));
  }
  for (const ParamSpec& p : entry.params)
    if (std::isnan(choice.param(p.name)))
      throw FieldError(std::string(field) + "." + std::string(p.name), "is missing");
}

}  // namespace scratchnet
