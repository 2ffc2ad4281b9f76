#include <nlohmann/json.hpp>

#include "scratchnet/io/io.hpp"
#include "scratchnet/io/json_file.hpp"

namespace scratchnet {

using nlohmann::json;

// What a parameters file is, for messages.
constexpr std::string_view kExpected = "a parameters file (JSON)";

template <class T>
std::vector<LayerParams<T>> load_params_json(const std::filesystem::path& path) {
  return parse_params_json<T>(read_text_file(path, kExpected), path.string());
}

template <class T>
std::vector<LayerParams<T>> parse_params_json(std::string_view text, const std::string& name) {
  const json j = parse_json_text(text, name, kExpected);
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
    const std::string where = "cannot save " + path.string() + ": layer " + std::to_string(i + 1);
    const json layer = {{"W", matrix_to_json(layers[i]->W(), where + " \"W\"")},
                        {"b", matrix_to_json(layers[i]->b(), where + " \"b\"")}};
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
