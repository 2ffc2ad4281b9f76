// libFuzzer harness for the CSV reader: datasets with 0/1 and class-index labels (the last
// column, or the one named "y") and feature-only files, as float and as double.
// scratchnet::Error is the expected way to refuse; anything else is a bug: another
// exception escapes and aborts, ASan and UBSan abort, a failed FUZZ_CHECK aborts.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz.hpp"
#include "scratchnet/data/csv.hpp"
#include "scratchnet/tensor/error.hpp"

namespace {

using namespace scratchnet;

// What an accepted file promises: one name per feature row, one label per example, every
// number finite, labels within their kind.
template <class T>
void check(const Dataset<T>& data, bool labelled, LabelKind labels) {
  FUZZ_CHECK(data.X.cols() > 0);
  FUZZ_CHECK(static_cast<size_t>(data.X.rows()) == data.feature_names.size());
  FUZZ_CHECK(data.Y.rows() == (labelled ? 1 : 0));
  FUZZ_CHECK(data.Y.cols() == data.X.cols());
  FUZZ_CHECK(data.X.allFinite());
  for (Eigen::Index j = 0; j < data.Y.size(); ++j) {
    const T y = data.Y(0, j);
    if (labels == LabelKind::binary) FUZZ_CHECK(y == T(0) || y == T(1));
    if (labels == LabelKind::class_index) {
      FUZZ_CHECK(y >= T(0) && y <= T(kMaxClassIndex) && y == std::floor(y));
      FUZZ_CHECK(static_cast<size_t>(y) < data.class_names.size());
    }
  }
}

template <class T>
void dataset(std::string_view text, const std::string& target, LabelKind labels) {
  try {
    check(parse_csv_dataset<T>(text, "fuzz.csv", target, labels), true, labels);
  } catch (const Error&) {
  }
}

template <class T>
void features(std::string_view text) {
  try {
    check(parse_csv_features<T>(text, "fuzz.csv"), false, LabelKind::binary);
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  dataset<double>(text, "", LabelKind::binary);
  dataset<float>(text, "", LabelKind::class_index);
  dataset<double>(text, "y", LabelKind::class_index);
  features<double>(text);
  features<float>(text);
  return 0;
}
