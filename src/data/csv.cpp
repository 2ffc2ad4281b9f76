#include "scratchnet/data/csv.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "scratchnet/tensor/error.hpp"

namespace scratchnet {

namespace {

// How much of a cell or a name a message shows: enough to recognise it, never a whole line.
constexpr size_t kShownBytes = 40;
// How many column names a message lists before it shortens the list.
constexpr size_t kListedColumns = 12;

// The length of the valid UTF-8 sequence that starts at text[at], or 0 if there is none
// (a stray continuation byte, an overlong form, a surrogate, a cut-off sequence).
size_t utf8_sequence_length(std::string_view text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (size_t i = at + 2; i < at + length; ++i)
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  return length;
}

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7F;
}

// Bytes from the file as a message can show them: valid UTF-8 as it is, control characters
// and other bytes as \xHH (so a message stays one printable line), long text cut short.
std::string shown(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  size_t at = 0;
  while (at < text.size() && at < kShownBytes) {
    const auto c = static_cast<unsigned char>(text[at]);
    const size_t length = is_control(c) ? 0 : utf8_sequence_length(text, at);
    if (length == 0) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
      ++at;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  if (at < text.size()) out += "…";
  return out;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

// A cell without its surrounding spaces and, if it has them, its surrounding double quotes
// (spreadsheets sometimes quote every cell). Quoted commas are not supported: cells never
// need them, as they are numbers.
inline std::string_view cell_content(std::string_view cell) {
  const auto is_plain = [](char c) { return c != ' ' && c != '\t' && c != '"'; };
  if (!cell.empty() && is_plain(cell.front()) && is_plain(cell.back())) return cell;  // most cells
  cell = trim(cell);
  if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"')
    cell = trim(cell.substr(1, cell.size() - 2));
  return cell;
}

bool is_blank(std::string_view line) {
  return trim(line).empty();
}

// "3 cells" / "1 cell".
std::string count_of(size_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// "x1, x2, y"; a long header is shortened to its first and last names and its size.
std::string column_list(const std::vector<std::string>& names) {
  std::string out;
  const auto add = [&](const std::string& name) { out += (out.empty() ? "" : ", ") + shown(name); };
  if (names.size() <= kListedColumns) {
    for (const std::string& name : names)
      add(name);
    return out;
  }
  for (size_t i = 0; i < kListedColumns - 2; ++i)
    add(names[i]);
  out += ", …";
  add(names[names.size() - 1]);
  return out + " (" + std::to_string(names.size()) + " columns)";
}

// A line of the file: its text without the line end, and its 1-based number.
struct Line {
  std::string_view text;
  size_t number = 0;
};

// Walks the lines of a text, LF or CRLF ended, the last one with or without a line end.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text, size_t first_number = 1, size_t offset = 0)
      : text_(text), offset_(offset), number_(first_number) {}

  // The next line, or false at the end of the text.
  bool next(Line& line) {
    if (offset_ >= text_.size()) return false;
    size_t end = text_.find('\n', offset_);
    if (end == std::string_view::npos) end = text_.size();
    line.text = text_.substr(offset_, end - offset_);
    if (!line.text.empty() && line.text.back() == '\r') line.text.remove_suffix(1);
    line.number = number_++;
    offset_ = end + 1;
    return true;
  }

  // Where the line after the last one returned starts, and its number.
  size_t offset() const { return offset_; }
  size_t number() const { return number_; }

 private:
  std::string_view text_;
  size_t offset_;
  size_t number_;
};

// Why a cell is not a usable number.
enum class CellProblem { none, empty, not_a_number, not_finite, too_large };

// Whether a decimal number that from_chars found out of range is too large (rather than
// too small to tell from zero): the power of ten of its first significant digit decides.
bool is_too_large(std::string_view number) {
  size_t at = (!number.empty() && (number[0] == '-' || number[0] == '+')) ? 1 : 0;
  long long power = -1;  // of the first significant digit
  bool seen_significant = false, after_point = false;
  for (; at < number.size(); ++at) {
    const char c = number[at];
    if (c == '.') {
      after_point = true;
    } else if (c >= '0' && c <= '9') {
      if (!seen_significant && c != '0') seen_significant = true;
      if (seen_significant && !after_point) ++power;
      if (!seen_significant && after_point) --power;
    } else {
      break;  // the exponent marker
    }
  }
  if (!seen_significant) return false;
  long long exponent = 0;
  if (at < number.size() && (number[at] == 'e' || number[at] == 'E')) {
    ++at;
    const bool negative = at < number.size() && number[at] == '-';
    if (at < number.size() && (number[at] == '-' || number[at] == '+')) ++at;
    for (; at < number.size() && number[at] >= '0' && number[at] <= '9'; ++at)
      exponent = std::min(exponent * 10 + (number[at] - '0'), 1'000'000LL);  // saturates
    if (negative) exponent = -exponent;
  }
  return power + exponent >= 0;
}

// Parses a whole cell (spaces and quotes already removed) as a finite number of type T.
// Numbers too small for T become zero, as strtod would make them.
template <class T>
CellProblem parse_number(std::string_view cell, T& value) {
  if (cell.empty()) return CellProblem::empty;
  std::string_view digits = cell;
  // from_chars refuses a leading '+', which some writers put there.
  if (digits.size() >= 2 && digits[0] == '+' && digits[1] != '-' && digits[1] != '+')
    digits.remove_prefix(1);
  // Plain integers (pixels, counts, labels) are read by hand: exactly the value from_chars
  // would give (one rounding), several times faster.
  if (digits.size() <= 18) {
    const bool negative = digits[0] == '-';
    std::uint64_t whole = 0;
    size_t at = negative ? 1 : 0;
    const size_t first = at;
    for (; at < digits.size(); ++at) {
      const unsigned digit = static_cast<unsigned char>(digits[at]) - unsigned{'0'};
      if (digit > 9) break;
      whole = whole * 10 + digit;
    }
    if (at == digits.size() && at > first) {
      value = static_cast<T>(whole);
      if (negative) value = -value;
      return CellProblem::none;
    }
  }
  const char* end = digits.data() + digits.size();
  const auto [stop, error] = std::from_chars(digits.data(), end, value);
  if (stop != end || error == std::errc::invalid_argument) return CellProblem::not_a_number;
  if (error == std::errc::result_out_of_range) {
    if (is_too_large(digits)) return CellProblem::too_large;
    value = digits[0] == '-' ? -T(0) : T(0);
    return CellProblem::none;
  }
  if (!std::isfinite(value)) return CellProblem::not_finite;
  return CellProblem::none;
}

// The whole file as bytes. Throws DataError when it cannot be read.
std::string read_bytes(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw DataError(name + ": is a directory, expected a CSV file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(name + ": cannot open the file (" + std::strerror(errno) + ")");
  // Read what the file's size promises in one go, then whatever is left in blocks: a pipe
  // or a growing file does not keep to its size.
  std::string bytes(static_cast<size_t>(std::filesystem::file_size(path, ec)), '\0');
  if (ec) bytes.clear();
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<size_t>(in.gcount()));
  std::array<char, 1 << 16> block;
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    bytes.append(block.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) throw DataError(name + ": cannot read the file (" + std::strerror(errno) + ")");
  return bytes;
}

// Reads CSV text into a dataset; `name` stands for the file in messages and gives the
// dataset its name (its stem); `target` is the label column's name ("" for the last
// column), or nullopt when every column is a feature.
template <class T>
Dataset<T> read_csv(std::string_view bytes, const std::string& name,
                    const std::optional<std::string>& target, LabelKind labels) {
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // the UTF-8 byte order mark
  if (text.empty())
    throw DataError(name + ": the file is empty, expected a header row of " +
                    "column names and then one example per row");

  // A NUL byte means binary data, not text: say so at once instead of as a bad cell.
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    const auto line =
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    throw DataError(name + ": line " + std::to_string(line) + ": a NUL byte (byte " +
                    std::to_string(nul + 1 + (bytes.size() - text.size())) +
                    " of the file), expected CSV text; is this a binary file?");
  }

  // The header: the first line that is not blank.
  LineCursor cursor(text);
  Line header;
  do {
    if (!cursor.next(header))
      throw DataError(name + ": the file has only blank lines, expected a header row of " +
                      "column names and then one example per row");
  } while (is_blank(header.text));
  const std::string at_header = name + ": line " + std::to_string(header.number);

  std::vector<std::string> columns;
  columns.reserve(static_cast<size_t>(std::count(header.text.begin(), header.text.end(), ',')) + 1);
  std::unordered_map<std::string_view, size_t> column_of_name;
  for (size_t start = 0;;) {
    const size_t comma = std::min(header.text.find(',', start), header.text.size());
    const std::string_view column = cell_content(header.text.substr(start, comma - start));
    const std::string at_column = at_header + ", column " + std::to_string(columns.size() + 1);
    if (column.empty())
      throw DataError(at_column + ": empty column name, expected a name for every column");
    for (size_t i = 0; i < column.size();) {
      const auto c = static_cast<unsigned char>(column[i]);
      const size_t length = utf8_sequence_length(column, i);
      if (is_control(c) || length == 0)
        throw DataError(at_column + ": the column name '" + shown(column) + "' has " +
                        (length == 0 ? "a byte that is not UTF-8 text" : "a control character") +
                        ", expected a printable name");
      i += length;
    }
    columns.emplace_back(column);
    if (comma == header.text.size()) break;
    start = comma + 1;
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    const auto [previous, inserted] = column_of_name.emplace(columns[i], i);
    if (!inserted)
      throw DataError(at_header + ", column " + std::to_string(i + 1) + " (" + shown(columns[i]) +
                      "): duplicate column name, column " + std::to_string(previous->second + 1) +
                      " has it too; expected every name once");
  }
  const size_t n_columns = columns.size();

  // Which column holds the label, if any.
  std::optional<size_t> label_column;
  if (target) {
    if (target->empty()) {
      label_column = n_columns - 1;
    } else {
      const auto found = column_of_name.find(*target);
      if (found == column_of_name.end())
        throw DataError(name + ": no column named '" + shown(*target) + "' (the columns are " +
                        column_list(columns) + ")");
      label_column = found->second;
    }
    if (n_columns == 1)
      throw DataError(at_header + ": only one column (" + shown(columns[0]) +
                      "), expected at least one feature column besides the label");
  }
  const size_t n_features = n_columns - (label_column ? 1 : 0);

  // First pass: the shape. Every row must have as many cells as the header; checking this
  // before allocating keeps the allocation within the size of the file, whatever it holds.
  const auto ragged = [&](const Line& line, size_t cells) {
    return DataError(name + ": line " + std::to_string(line.number) + ": " +
                     count_of(cells, "cell") + ", expected " + std::to_string(n_columns) +
                     " as in the header (" + column_list(columns) + ")");
  };
  const size_t data_offset = cursor.offset(), data_number = cursor.number();
  Index m = 0;
  for (Line line; cursor.next(line);) {
    if (is_blank(line.text)) continue;
    const size_t cells =
        static_cast<size_t>(std::count(line.text.begin(), line.text.end(), ',')) + 1;
    if (cells != n_columns) throw ragged(line, cells);
    ++m;
  }
  if (m == 0)
    throw DataError(at_header + ": a header (" + column_list(columns) +
                    ") but no examples, expected one example per row after it");

  // Second pass: the numbers. Examples are the columns of X, so one row of the file fills
  // one contiguous column of the (column-major) matrix.
  Dataset<T> data;
  data.name = std::filesystem::path(name).stem().string();
  data.X.resize(static_cast<Index>(n_features), m);
  data.Y.resize(label_column ? 1 : 0, m);
  data.feature_names.reserve(n_features);
  for (size_t c = 0; c < n_columns; ++c)
    if (c != label_column) data.feature_names.push_back(columns[c]);

  LineCursor rows(text, data_number, data_offset);
  Index example = 0;
  for (Line line; rows.next(line);) {
    if (is_blank(line.text)) continue;
    T* features = data.X.data() + example * static_cast<Index>(n_features);
    size_t start = 0;
    for (size_t c = 0; c < n_columns; ++c) {
      // Cells are short: a plain loop finds the comma faster than a call to find().
      size_t comma = start;
      while (comma < line.text.size() && line.text[comma] != ',')
        ++comma;
      const std::string_view cell = cell_content(line.text.substr(start, comma - start));
      start = comma + 1;
      T value{};
      const CellProblem problem = parse_number(cell, value);
      if (problem != CellProblem::none) {
        const std::string at_cell = name + ": line " + std::to_string(line.number) + ", column " +
                                    std::to_string(c + 1) + " (" + shown(columns[c]) + "): ";
        if (problem == CellProblem::empty)
          throw DataError(at_cell + "empty cell, expected a number");
        const std::string found = "'" + shown(cell) + "' is not a";
        if (problem == CellProblem::not_a_number && c == label_column)
          throw DataError(at_cell + "label '" + shown(cell) +
                          "' is text, but labels are numbers: 0 or 1 for a sigmoid output, or "
                          "class indices 0, 1, 2, … for softmax-ce; number the classes first "
                          "(e.g. one class 0, the next 1)");
        if (problem == CellProblem::not_a_number) throw DataError(at_cell + found + " number");
        throw DataError(at_cell + found + " finite number" +
                        (problem == CellProblem::too_large
                             ? std::string(" (too large for ") + cxx_type_name<T>() + ")"
                             : std::string()));
      }
      if (c == label_column) {
        if (labels == LabelKind::binary && value != T(0) && value != T(1)) {
          const std::string message = name + ": line " + std::to_string(line.number) + ", column " +
                                      std::to_string(c + 1) + " (" + shown(columns[c]) +
                                      "): label '" + shown(cell) +
                                      "', expected 0 or 1 (a sigmoid output needs 0/1 labels)";
          // A whole number above 1 is most likely a class index.
          throw LabelError(
              message, value > T(1) && value == std::floor(value) && value <= T(kMaxClassIndex));
        }
        if (labels == LabelKind::class_index &&
            (value < T(0) || value != std::floor(value) || value > T(kMaxClassIndex)))
          throw DataError(name + ": line " + std::to_string(line.number) + ", column " +
                          std::to_string(c + 1) + " (" + shown(columns[c]) + "): label '" +
                          shown(cell) + "', expected a class index 0, 1, 2, … (softmax-ce)");
        data.Y(0, example) = value;
      } else {
        *features++ = value;
      }
    }
    ++example;
  }
  if (labels == LabelKind::class_index && data.Y.size() > 0) {
    const auto classes = static_cast<Index>(data.Y.maxCoeff()) + 1;
    for (Index k = 0; k < classes; ++k)
      data.class_names.push_back(std::to_string(k));
  }
  return data;
}

}  // namespace

template <class T>
Dataset<T> read_csv_dataset(const std::filesystem::path& path, const std::string& target,
                            LabelKind labels) {
  return read_csv<T>(read_bytes(path), path.string(), target, labels);
}

template <class T>
Dataset<T> read_csv_features(const std::filesystem::path& path) {
  return read_csv<T>(read_bytes(path), path.string(), std::nullopt, LabelKind::binary);
}

template <class T>
Dataset<T> parse_csv_dataset(std::string_view text, const std::string& name,
                             const std::string& target, LabelKind labels) {
  return read_csv<T>(text, name, target, labels);
}

template <class T>
Dataset<T> parse_csv_features(std::string_view text, const std::string& name) {
  return read_csv<T>(text, name, std::nullopt, LabelKind::binary);
}

template Dataset<float> read_csv_dataset(const std::filesystem::path&, const std::string&,
                                         LabelKind);
template Dataset<double> read_csv_dataset(const std::filesystem::path&, const std::string&,
                                          LabelKind);
template Dataset<float> read_csv_features(const std::filesystem::path&);
template Dataset<double> read_csv_features(const std::filesystem::path&);
template Dataset<float> parse_csv_dataset(std::string_view, const std::string&, const std::string&,
                                          LabelKind);
template Dataset<double> parse_csv_dataset(std::string_view, const std::string&, const std::string&,
                                           LabelKind);
template Dataset<float> parse_csv_features(std::string_view, const std::string&);
template Dataset<double> parse_csv_features(std::string_view, const std::string&);

}  // namespace scratchnet
