#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scratchnet/io/io.hpp"

namespace scratchnet {

using nlohmann::json;

namespace {

// A parameters file is nested 4 deep (list, layer, W, row). Deeper input is refused while
// it is parsed, before a message's dump() of a value recurses into it and runs out of stack.
constexpr int kMaxNestingDepth = 16;

// A JSON list of equal-length lists of numbers → a matrix; throws DataError naming `where`.
template <class T>
Matrix<T> matrix_from_json(const json& j, const std::string& where) {
  const std::string expected = where + " must be a non-empty list of equal-length rows of numbers";
  if (!j.is_array() || j.empty()) throw DataError(expected);
  const size_t cols = j[0].is_array() ? j[0].size() : 0;
  if (cols == 0) throw DataError(expected);
  Matrix<T> m(static_cast<Index>(j.size()), static_cast<Index>(cols));
  for (size_t r = 0; r < j.size(); ++r) {
    if (!j[r].is_array() || j[r].size() != cols)
      throw DataError(where + ": row " + std::to_string(r + 1) + " has " +
                      (j[r].is_array() ? std::to_string(j[r].size()) +
                                             (j[r].size() == 1 ? " number" : " numbers")
                                       : "no list") +
                      ", expected " + std::to_string(cols));
    for (size_t c = 0; c < cols; ++c) {
      if (!j[r][c].is_number())
        throw DataError(where + ": row " + std::to_string(r + 1) + ", column " +
                        std::to_string(c + 1) + " is " + j[r][c].dump() + ", expected a number");
      const double value = j[r][c].get<double>();
      if (!std::isfinite(value))
        throw DataError(where + ": row " + std::to_string(r + 1) + ", column " +
                        std::to_string(c + 1) + " is not a finite number");
      // Checked before the cast: a double outside float's range does not convert.
      if (std::abs(value) > static_cast<double>(std::numeric_limits<T>::max()))
        throw DataError(where + ": row " + std::to_string(r + 1) + ", column " +
                        std::to_string(c + 1) + " is " + j[r][c].dump() + ", too large for " +
                        cxx_type_name<T>() + " parameters");
      m(static_cast<Index>(r), static_cast<Index>(c)) = static_cast<T>(value);
    }
  }
  return m;
}

template <class T>
json matrix_to_json(const Matrix<T>& m) {
  json rows = json::array();
  for (Index r = 0; r < m.rows(); ++r) {
    json row = json::array();
    for (Index c = 0; c < m.cols(); ++c)
      row.push_back(static_cast<double>(m(r, c)));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

template <class T>
std::vector<LayerParams<T>> load_params_json(const std::filesystem::path& path) {
  const std::string name = path.string();
  if (std::filesystem::is_directory(path))
    throw DataError(name + ": is a directory, expected a JSON file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(name + ": cannot open the file (" + std::strerror(errno) + ")");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw DataError(name + ": cannot read the file (" + std::strerror(errno) + ")");
  return parse_params_json<T>(text.str(), name);
}

template <class T>
std::vector<LayerParams<T>> parse_params_json(std::string_view text, const std::string& name) {
  json j;
  struct TooDeep {};
  const json::parser_callback_t limit_depth = [](int depth, json::parse_event_t, json&) {
    if (depth > kMaxNestingDepth) throw TooDeep{};
    return true;
  };
  try {
    j = json::parse(text, limit_depth);
  } catch (const json::exception& e) {  // parse errors, and numbers out of range (1e999)
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 1, …"
    // or "[json.exception.out_of_range.406] number overflow parsing '1e999'": its tag goes.
    std::string what = e.what();
    const size_t tag_end = what.find("] ");
    if (what.starts_with("[json.exception.") && tag_end != std::string::npos)
      what = what.substr(tag_end + 2);
    std::replace(what.begin(), what.end(), '\n', ' ');
    throw DataError(name + ": not valid JSON: " + what);
  } catch (const TooDeep&) {
    throw DataError(name + ": JSON nested more than " + std::to_string(kMaxNestingDepth) +
                    " levels deep, expected a list of {\"W\": [[…]], \"b\": [[…]]} (4 levels)");
  }
  if (!j.is_array() || j.empty())
    throw DataError(name +
                    ": expected a list with one {\"W\": [[…]], \"b\": [[…]]} per linear "
                    "layer, found " +
                    (j.is_array() ? std::string("an empty list")
                                  : (j.is_object() ? "an " : "a ") + std::string(j.type_name())));
  std::vector<LayerParams<T>> params;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = name + ": layer " + std::to_string(i + 1);
    if (!j[i].is_object() || !j[i].contains("W") || !j[i].contains("b"))
      throw DataError(where + " must be an object with \"W\" and \"b\"");
    params.push_back({matrix_from_json<T>(j[i]["W"], where + " \"W\""),
                      matrix_from_json<T>(j[i]["b"], where + " \"b\"")});
  }
  return params;
}

template <class T>
void set_params(Sequential<T>& model, const std::vector<LayerParams<T>>& params,
                const std::string& source) {
  // Layers that do not chain are wrong whatever the network: say so, naming both.
  for (size_t i = 1; i < params.size(); ++i)
    if (params[i].W.cols() != params[i - 1].W.rows())
      throw ShapeError(source + ": layer " + std::to_string(i + 1) + "'s W (" +
                       shape_of(params[i].W).str() + ") takes " +
                       std::to_string(params[i].W.cols()) + " inputs, but layer " +
                       std::to_string(i) + "'s W (" + shape_of(params[i - 1].W).str() + ") gives " +
                       std::to_string(params[i - 1].W.rows()));
  std::vector<LinearLayer<T>*> layers = model.linear_layers();
  if (layers.size() != params.size())
    throw ShapeError(source + ": has parameters for " + std::to_string(params.size()) +
                     " linear layer(s), but the network has " + std::to_string(layers.size()));
  for (size_t i = 0; i < layers.size(); ++i) {
    try {
      layers[i]->set_params(params[i].W, params[i].b);
    } catch (const ShapeError& e) {
      throw ShapeError(source + ": layer " + std::to_string(i + 1) + ": " + e.what());
    }
  }
}

template <class T>
void save_params_json(const std::filesystem::path& path, Sequential<T>& model) {
  // One layer per line: compact enough to read, and exactly the --init-params format.
  std::string out = "[\n";
  const std::vector<LinearLayer<T>*> layers = model.linear_layers();
  for (size_t i = 0; i < layers.size(); ++i) {
    const json layer = {{"W", matrix_to_json(layers[i]->W())},
                        {"b", matrix_to_json(layers[i]->b())}};
    out += " " + layer.dump() + (i + 1 < layers.size() ? ",\n" : "\n");
  }
  write_file_atomically(path, out + "]\n");
}

template std::vector<LayerParams<float>> load_params_json(const std::filesystem::path&);
template std::vector<LayerParams<double>> load_params_json(const std::filesystem::path&);
template std::vector<LayerParams<float>> parse_params_json(std::string_view, const std::string&);
template std::vector<LayerParams<double>> parse_params_json(std::string_view, const std::string&);
template void set_params(Sequential<float>&, const std::vector<LayerParams<float>>&,
                         const std::string&);
template void set_params(Sequential<double>&, const std::vector<LayerParams<double>>&,
                         const std::string&);
template void save_params_json(const std::filesystem::path&, Sequential<float>&);
template void save_params_json(const std::filesystem::path&, Sequential<double>&);

}  // namespace scratchnet
