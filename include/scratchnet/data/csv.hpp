// CSV data: a header row of column names, then one example per row. Rows of the file become
// the *columns* of X inside the graph.
//
// Accepted: a UTF-8 byte order mark, LF or CRLF line ends, a missing final newline, blank
// lines (skipped, still counted in line numbers), spaces or tabs around cells, cells in
// double quotes ("1.5"; a quoted cell cannot hold a comma), a leading '+'. Numbers are read
// with std::from_chars; one too small for the type becomes 0, NaN and infinities are refused.
//
// Every error is a DataError of one line that starts with the path as given, then names the
// line (1-based, counting blank lines; the header is line 1 unless blank lines precede it),
// the column (1-based, with its header name) where there is one, what was found and what
// was expected, e.g. "data.csv: line 4, column 2 (x2): 'abc' is not a number". Bytes from the
// file appear in messages as printable text (\xHH for others), long ones cut short.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "scratchnet/data/data.hpp"

namespace scratchnet {

// What the label column may hold; a cell outside it is a DataError naming its line.
enum class LabelKind {
  binary,       // 0 or 1 (a sigmoid output); 1.0 and -0 count as 1 and 0
  class_index,  // 0, 1, …, K−1 (a softmax output); class names "0" … "K−1"
};
// The largest class index a CSV label may hold.
inline constexpr int kMaxClassIndex = 9999;

// Reads a dataset: numeric feature columns and one label column, `target` (by header
// name; empty means the last column). Accepts a UTF-8 BOM, CRLF line ends and a missing
// final newline; skips blank lines. Throws DataError.
template <class T>
Dataset<T> read_csv_dataset(const std::filesystem::path& path, const std::string& target = "",
                            LabelKind labels = LabelKind::binary);

// Reads inputs to predict on: a header row and numeric columns only, every column a
// feature (a single column is fine). The result's Y is empty (0 × m). Throws DataError.
template <class T>
Dataset<T> read_csv_features(const std::filesystem::path& path);

// The same two from CSV text already in memory (the fuzzers' way in: no file per input);
// `name` stands for the path in messages and gives the dataset its name, as a path would.
template <class T>
Dataset<T> parse_csv_dataset(std::string_view text, const std::string& name,
                             const std::string& target = "", LabelKind labels = LabelKind::binary);
template <class T>
Dataset<T> parse_csv_features(std::string_view text, const std::string& name);

}  // namespace scratchnet
