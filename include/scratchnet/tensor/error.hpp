// The library's exceptions. Every message is one line that says what was found and what
// was expected, so the CLI can print it as it is.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace scratchnet {

// Base of every error scratchnet raises on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The caller asked for something that makes no sense (a bad flag value, an unknown name).
class UsageError : public Error {
 public:
  using Error::Error;
};

// A setting out of its range, named by its field in a run's description (RunConfig): what()
// is "<field> <problem>", e.g. "learning_rate must be a positive number, got -1" (no space
// before a problem that starts with ":", as in "dtype: unknown type 'x' (…)"). A
// front-end names the field in its own words (the CLI: "--lr must be …").
class FieldError : public UsageError {
 public:
  FieldError(std::string field, std::string problem)
      : UsageError(field + (problem.starts_with(":") ? "" : " ") + problem), field_(std::move(field)), problem_(std::move(problem)) {}
  const std::string& field() const { return field_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string field_, problem_;
};

// A file or its content is not what was expected (names the file and the place in it).
class DataError : public Error {
 public:
  using Error::Error;
};

// Shapes that do not fit, found when a graph or a layer is built.
class ShapeError : public Error {
 public:
  using Error::Error;
};

}  // namespace scratchnet
