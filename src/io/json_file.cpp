#include "scratchnet/io/json_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "scratchnet/tensor/error.hpp"
#include "scratchnet/tensor/format.hpp"

namespace scratchnet {

using nlohmann::json;

namespace {

// Messages are one line whatever a file name or nlohmann puts in them.
[[noreturn]] void refuse(std::string message) {
  std::replace(message.begin(), message.end(), '\n', ' ');
  std::replace(message.begin(), message.end(), '\r', ' ');
  throw DataError(message);
}

std::string numbers(size_t count) {
  return std::to_string(count) + (count == 1 ? " number" : " numbers");
}

}  // namespace

std::string read_text_file(const std::filesystem::path& path, std::string_view expected) {
  const std::string name = path.string();
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found)
    refuse(name + ": no such file, expected " + std::string(expected));
  if (error) refuse(name + ": cannot open the file (" + error.message() + ")");
  if (std::filesystem::is_directory(status))
    refuse(name + ": is a directory, expected " + std::string(expected));
  std::ifstream in(path, std::ios::binary);
  if (!in) refuse(name + ": cannot open the file (" + std::strerror(errno) + ")");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) refuse(name + ": cannot read the file (" + std::strerror(errno) + ")");
  return text.str();
}

json parse_json_text(std::string_view text, std::string_view name, std::string_view expected) {
  const std::string where = std::string(name) + ": ";
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    refuse(where + "the file is empty, expected " + std::string(expected));
  struct TooDeep {};
  const json::parser_callback_t limit_depth = [](int depth, json::parse_event_t, json&) {
    if (depth > kMaxJsonDepth) throw TooDeep{};
    return true;
  };
  try {
    return json::parse(text, limit_depth);
  } catch (const json::exception& e) {
    // nlohmann's messages start with a tag, "[json.exception.parse_error.101] parse error at
    // line 1, …" or "[json.exception.out_of_range.406] number overflow parsing '1e999'": the
    // tag means nothing to a reader.
    std::string what = e.what();
    const size_t tag_end = what.find("] ");
    if (what.starts_with("[json.exception.") && tag_end != std::string::npos)
      what = what.substr(tag_end + 2);
    refuse(where + "not valid JSON: " + what);
  } catch (const TooDeep&) {
    refuse(where + "JSON nested more than " + std::to_string(kMaxJsonDepth) + " levels deep; " +
           std::string(expected) + " never is");
  }
}

std::string describe_json(const json& value) {
  if (value.is_array()) return value.empty() ? "an empty list" : "a list";
  if (value.is_object()) return "an object";
  if (value.is_number_float() && !std::isfinite(value.get<double>()))
    return "a number too large to represent";
  std::string text = value.dump();
  if (text.size() > 40) {
    size_t cut = 37;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut;  // do not split a UTF-8 character
    text = text.substr(0, cut) + "...";
  }
  return text;
}

template <class T>
Matrix<T> matrix_from_json(const json& rows, std::string_view where_view) {
  const std::string where(where_view);
  if (!rows.is_array() || rows.empty())
    refuse(where + " is " + describe_json(rows) +
           ", expected a non-empty list of equal-length rows of numbers");
  for (size_t r = 0; r < rows.size(); ++r)
    if (!rows[r].is_array() || rows[r].empty())
      refuse(where + ": row " + std::to_string(r + 1) + " is " + describe_json(rows[r]) +
             ", expected a non-empty list of numbers");
  const size_t cols = rows[0].size();
  Matrix<T> m(static_cast<Index>(rows.size()), static_cast<Index>(cols));
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string row = where + ": row " + std::to_string(r + 1);
    if (rows[r].size() != cols)
      refuse(row + " has " + numbers(rows[r].size()) + ", expected " + std::to_string(cols) +
             " (as row 1)");
    for (size_t c = 0; c < cols; ++c) {
      const json& cell = rows[r][c];
      const std::string at = row + ", column " + std::to_string(c + 1) + " is ";
      if (!cell.is_number()) refuse(at + describe_json(cell) + ", expected a number");
      const double x = cell.get<double>();
      // Checked before the cast: a double outside float's range does not convert.
      if (!std::isfinite(x) || std::abs(x) > static_cast<double>(std::numeric_limits<T>::max()))
        refuse(at + describe_json(cell) + ", expected a finite " + dtype_name<T>() + " number");
      m(static_cast<Index>(r), static_cast<Index>(c)) = static_cast<T>(x);
    }
  }
  return m;
}

template <class T>
json matrix_to_json(const Matrix<T>& m, std::string_view where) {
  json rows = json::array();
  for (Index r = 0; r < m.rows(); ++r) {
    json row = json::array();
    for (Index c = 0; c < m.cols(); ++c) {
      const double x = static_cast<double>(m(r, c));
      if (!std::isfinite(x))
        throw Error(std::string(where) + ": row " + std::to_string(r + 1) + ", column " +
                    std::to_string(c + 1) + " is " + format_number(x) +
                    "; only finite numbers can be saved");
      row.push_back(x);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

template Matrix<float> matrix_from_json(const json&, std::string_view);
template Matrix<double> matrix_from_json(const json&, std::string_view);
template json matrix_to_json(const Matrix<float>&, std::string_view);
template json matrix_to_json(const Matrix<double>&, std::string_view);

}  // namespace scratchnet
