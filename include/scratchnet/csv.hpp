// CSV data: a header row, then one example per row. Rows of the file become the *columns*
// of X inside the graph. Every error names the file, the line (1-based, the header is line
// 1), the column where there is one, what was found and what was expected.
#pragma once

#include <filesystem>
#include <string>

#include "scratchnet/data.hpp"

namespace scratchnet {

// What the label column may hold.
enum class LabelKind {
  binary,  // 0 or 1 (a sigmoid output)
};

// Reads a dataset: numeric feature columns and one label column, `target` (by header
// name; empty means the last column). Accepts a UTF-8 BOM, CRLF line ends and a missing
// final newline; skips blank lines. Throws DataError.
template <class T>
Dataset<T> read_csv_dataset(const std::filesystem::path& path, const std::string& target = "",
                            LabelKind labels = LabelKind::binary);

// Reads inputs to predict on: a header row and numeric columns only, every column a
// feature. The result's Y is empty (0 × m). Throws DataError.
template <class T>
Dataset<T> read_csv_features(const std::filesystem::path& path);

}  // namespace scratchnet
