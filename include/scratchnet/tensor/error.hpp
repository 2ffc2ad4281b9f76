// The library's exceptions. Every message is one line that says what was found and what
// was expected, so the CLI can print it as it is.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
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
      : UsageError(render(field, problem, [](std::string_view f) { return std::string(f); })),
        field_(std::move(field)),
        problem_(std::move(problem)) {}
  const std::string& field() const { return field_; }
  // May name other fields as {name}, e.g. "needs {out} DIR to write to".
  const std::string& problem() const { return problem_; }

  // The message with every field (this one and each {name} in the problem) in a
  // front-end's words: `name_of("learning_rate")` → "--lr".
  template <class NameOf>
  std::string message(NameOf&& name_of) const {
    return render(field_, problem_, name_of);
  }

 private:
  template <class NameOf>
  static std::string render(const std::string& field, const std::string& problem,
                            NameOf&& name_of) {
    std::string text = name_of(field) + (problem.starts_with(":") ? "" : " ");
    for (size_t i = 0; i < problem.size(); ++i) {
      const size_t close = problem[i] == '{' ? problem.find('}', i) : std::string::npos;
      if (close == std::string::npos) {
        text += problem[i];
        continue;
      }
      text += name_of(std::string_view(problem).substr(i + 1, close - i - 1));
      i = close;
    }
    return text;
  }

  std::string field_, problem_;
};

// A file or its content is not what was expected (names the file and the place in it).
class DataError : public Error {
 public:
  using Error::Error;
};

// A label that does not fit the output layer. `class_like`: a whole number above 1, which
// the softmax-ce loss would take as a class index (a front-end can say so, naming its flag).
class LabelError : public DataError {
 public:
  LabelError(const std::string& message, bool class_like)
      : DataError(message), class_like_(class_like) {}
  bool class_like() const { return class_like_; }

 private:
  bool class_like_;
};

// Shapes that do not fit, found when a graph or a layer is built.
class ShapeError : public Error {
 public:
  using Error::Error;
};

}  // namespace scratchnet
