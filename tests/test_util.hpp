// Shared by the tests: the reference numbers, relative errors, running the CLI.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "scratchnet/scratchnet.hpp"

namespace scratchnet::testing {

using nlohmann::json;

inline json load_reference(const std::string& file) {
  std::ifstream in(std::string(SCRATCHNET_REFERENCE_DIR) + "/" + file);
  return json::parse(in);
}

inline Matrix<double> to_matrix(const json& rows) {
  Matrix<double> m(rows.size(), rows[0].size());
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t c = 0; c < rows[0].size(); ++c)
      m(r, c) = rows[r][c].get<double>();
  return m;
}

// |actual − expected| / |expected|, or |actual| when expected is exactly 0.
inline double relative_error(double actual, double expected) {
  if (expected == 0) return std::abs(actual);
  return std::abs(actual - expected) / std::abs(expected);
}

constexpr double kReferenceTolerance = 1e-9;

inline void expect_close(double actual, double expected, const std::string& what,
                         double tolerance = kReferenceTolerance) {
  EXPECT_LT(relative_error(actual, expected), tolerance)
      << what << ": got " << full_precision(actual) << ", expected " << full_precision(expected);
}

// Compares a matrix with a row-major list of values (NumPy's and torch's .flatten()).
inline void expect_close(const Matrix<double>& actual, const std::vector<double>& row_major,
                         const std::string& what, double tolerance = kReferenceTolerance) {
  ASSERT_EQ(static_cast<size_t>(actual.size()), row_major.size()) << what;
  for (Index r = 0; r < actual.rows(); ++r)
    for (Index c = 0; c < actual.cols(); ++c)
      expect_close(actual(r, c), row_major[static_cast<size_t>(r * actual.cols() + c)],
                   what + "(" + std::to_string(r) + "," + std::to_string(c) + ")", tolerance);
}

inline void expect_close(const Matrix<double>& actual, const json& expected,
                         const std::string& what) {
  const Matrix<double> e = to_matrix(expected);
  ASSERT_EQ(actual.rows(), e.rows()) << what;
  ASSERT_EQ(actual.cols(), e.cols()) << what;
  for (Index r = 0; r < e.rows(); ++r)
    for (Index c = 0; c < e.cols(); ++c)
      expect_close(actual(r, c), e(r, c),
                   what + "(" + std::to_string(r) + "," + std::to_string(c) + ")");
}

// A name no other test process running at the same time will pick.
inline std::string unique_suffix() {
  static int counter = 0;
  return std::to_string(::getpid()) + "_" + std::to_string(++counter);
}

struct CliResult {
  int exit_code;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The cells of a simple CSV file (no quoting), row by row.
inline std::vector<std::vector<std::string>> read_csv_cells(const std::filesystem::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_file(path));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::istringstream cells_in(line);
    std::string cell;
    while (std::getline(cells_in, cell, ','))
      cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

// Runs `scratchnet <args>` through the shell; args are passed as written.
inline CliResult run_cli(const std::string& args) {
  const auto dir = std::filesystem::temp_directory_path() / ("scratchnet_cli_" + unique_suffix());
  std::filesystem::create_directories(dir);
  const std::string cmd = std::string(SCRATCHNET_CLI) + " " + args + " >" + (dir / "out").string() +
                          " 2>" + (dir / "err").string();
  const int status = std::system(cmd.c_str());
  CliResult result{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(dir / "out"),
                   read_file(dir / "err")};
  std::filesystem::remove_all(dir);
  return result;
}

// A fresh empty folder under the system's temporary folder.
inline std::filesystem::path temp_folder(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("scratchnet_test_" + name + "_" + unique_suffix());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// `rows` examples of two features and a label, header x1,x2,y. Labels cycle 0…classes−1;
// class k sits around its own centre, far from the others, so every split is separable.
inline std::filesystem::path write_blobs_csv(const std::filesystem::path& dir, int rows,
                                             int classes) {
  const double centres[3][2] = {{-2.0, -2.0}, {2.0, 2.0}, {-2.0, 2.5}};
  const auto path = dir / ("blobs" + std::to_string(classes) + ".csv");
  std::ofstream out(path);
  out << "x1,x2,y\n";
  for (int j = 0; j < rows; ++j) {
    const int k = j % classes;
    const double dx = 0.1 * ((j * 7) % 11 - 5), dy = 0.1 * ((j * 5) % 9 - 4);
    out << centres[k][0] + dx << "," << centres[k][1] + dy << "," << k << "\n";
  }
  return path;
}

// Sets an environment variable for a scope, e.g. SCRATCHNET_FAULT for a test that calls the
// CLI's code in-process (the tests of one process run one at a time).
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~ScopedEnvironment() { ::unsetenv(name_); }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  const char* name_;
};

}  // namespace scratchnet::testing
