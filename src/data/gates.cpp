#include <algorithm>
#include <charconv>

#include "scratchnet/data/data.hpp"
#include "scratchnet/tensor/error.hpp"

namespace scratchnet {

std::vector<std::string> gate_names() {
  return {"or", "and", "xor"};
}

template <class T>
Dataset<T> gate_dataset(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  Matrix<T> Y(1, 4);
  if (lower == "or") {
    Y << 0, 1, 1, 1;
  } else if (lower == "and") {
    Y << 0, 0, 0, 1;
  } else if (lower == "xor") {
    Y << 0, 1, 1, 0;
  } else {
    throw UsageError("unknown dataset '" + std::string(name) + "' (expected or, and, xor)");
  }
  Dataset<T> data;
  data.name = lower;
  data.X.resize(2, 4);
  data.X << 0, 0, 1, 1,  //
      0, 1, 0, 1;
  data.Y = std::move(Y);
  data.feature_names = {"x1", "x2"};
  return data;
}

namespace {
const std::string kExpectedCross =
    "(expected two 0-based feature indices like 0*1, or sin(0) for sin x1)";
}  // namespace

std::vector<FeatureCross> parse_crosses(std::string_view text) {
  std::vector<FeatureCross> crosses;
  auto parse_index = [&](std::string_view part, std::string_view whole) {
    int value = -1;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() || value < 0)
      throw UsageError("bad feature cross '" + std::string(whole) + "' " + kExpectedCross);
    return value;
  };
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = text.substr(start, comma - start);
    if (item.starts_with("sin(") && item.ends_with(")")) {
      const int a = parse_index(item.substr(4, item.size() - 5), item);
      crosses.push_back({a, a, true});
      start = comma + 1;
      continue;
    }
    const size_t star = item.find('*');
    if (star == std::string_view::npos)
      throw UsageError("bad feature cross '" + std::string(item) + "' " + kExpectedCross);
    crosses.push_back(
        {parse_index(item.substr(0, star), item), parse_index(item.substr(star + 1), item)});
    start = comma + 1;
  }
  return crosses;
}

template <class T>
Matrix<T> apply_crosses(const Matrix<T>& X, const std::vector<FeatureCross>& crosses) {
  for (const FeatureCross& c : crosses)
    if (c.a >= X.rows() || c.b >= X.rows())
      throw UsageError("feature cross " + c.str() + " names feature " +
                       std::to_string(std::max(c.a, c.b)) + ", but the data has only " +
                       std::to_string(X.rows()) + " features (0 to " +
                       std::to_string(X.rows() - 1) + ")");
  Matrix<T> result(X.rows() + static_cast<Index>(crosses.size()), X.cols());
  result.topRows(X.rows()) = X;
  for (size_t i = 0; i < crosses.size(); ++i) {
    const FeatureCross& c = crosses[i];
    auto row = result.row(X.rows() + static_cast<Index>(i));
    if (c.sine)
      row = X.row(c.a).array().sin().matrix();
    else
      row = X.row(c.a).cwiseProduct(X.row(c.b));
  }
  return result;
}

std::vector<std::string> crossed_names(const std::vector<std::string>& names,
                                       const std::vector<FeatureCross>& crosses) {
  std::vector<std::string> result = names;
  auto name = [&](int i) {
    return i < static_cast<int>(names.size()) ? names[i] : "x" + std::to_string(i + 1);
  };
  for (const FeatureCross& c : crosses)
    result.push_back(c.sine ? "sin(" + name(c.a) + ")" : name(c.a) + "*" + name(c.b));
  return result;
}

template Dataset<float> gate_dataset(std::string_view);
template Dataset<double> gate_dataset(std::string_view);
template Matrix<float> apply_crosses(const Matrix<float>&, const std::vector<FeatureCross>&);
template Matrix<double> apply_crosses(const Matrix<double>&, const std::vector<FeatureCross>&);

}  // namespace scratchnet
