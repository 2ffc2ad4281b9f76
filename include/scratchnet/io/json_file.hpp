// Outside JSON, read one way everywhere: the parameters file (--init-params), model.json,
// checkpoint.json and a RunConfig. Every refusal is a DataError of one line that names the
// file and what was expected.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "scratchnet/tensor/tensor.hpp"

namespace scratchnet {

// Deeper than any file scratchnet writes (a checkpoint, the deepest, is 5 levels), shallow
// enough that nothing recursive (nlohmann's dump, our layout) runs out of stack.
inline constexpr int kMaxJsonDepth = 16;

// The whole text of a file. Refuses "<path>: no such file, expected <expected>",
// "…: is a directory, expected <expected>", "…: cannot open the file (<reason>)" and
// "…: cannot read the file (<reason>)".
std::string read_text_file(const std::filesystem::path& path, std::string_view expected);

// Parses outside JSON; `name` (the file) starts every message. Refuses empty text ("the
// file is empty, expected <expected>"), text that is not JSON ("not valid JSON: parse error
// at line 1, column 15: …"), a number no double holds ("not valid JSON: number overflow
// parsing '1e999'") and nesting deeper than kMaxJsonDepth — while parsing, before anything
// recursive walks the value.
nlohmann::json parse_json_text(std::string_view text, std::string_view name,
                               std::string_view expected);

// A JSON value as a message shows it: short values as written, containers by kind.
std::string describe_json(const nlohmann::json& value);

// A non-empty list of equal-length rows of finite numbers that fit in T, as a matrix.
// Refuses "<where>: row 2, column 3 is "a", expected a number" (rows and columns counted
// from 1, as in a CSV's messages).
template <class T>
Matrix<T> matrix_from_json(const nlohmann::json& rows, std::string_view where);

// A matrix as a list of rows. Numbers go through double, which holds every float exactly,
// and nlohmann writes the shortest text that reads back as the same double: both types
// round-trip bit for bit. Throws Error "<where>: row R, column C is nan; only finite numbers
// can be saved", since JSON has no NaN (nlohmann would write null, which no reader accepts).
template <class T>
nlohmann::json matrix_to_json(const Matrix<T>& m, std::string_view where);

}  // namespace scratchnet
