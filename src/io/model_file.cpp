#include "scratchnet/io/model_file.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "scratchnet/io/io.hpp"
#include "scratchnet/io/json_file.hpp"
#include "scratchnet/tensor/error.hpp"
#include "scratchnet/tensor/hash.hpp"

namespace scratchnet {

using nlohmann::json;

namespace {

constexpr std::string_view kFormatName = "scratchnet-model";
constexpr std::string_view kChecksumPrefix = "fnv1a64:";

// Messages are one line whatever a file name or nlohmann puts in them.
std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

std::string plural(size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// Refuses with DataError: "<prefix><problem>", where the prefix names the file.
class Refuser {
 public:
  explicit Refuser(std::string prefix) : prefix_(std::move(prefix)) {}
  [[noreturn]] void operator()(const std::string& problem) const {
    throw DataError(one_line(prefix_ + problem));
  }

 private:
  std::string prefix_;
};

// ---------------------------------------------------------------------------------------
// Layout: how save_model writes a model, one field per line and one layer per line (a
// linear layer's W one row per line), so that a person can read and diff it.

// Compact JSON with a space after each comma and colon: [[0.5, -1.25], [2.0, 0.0]].
std::string inline_json(const json& value) {
  if (value.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < value.size(); ++i)
      out += (i ? ", " : "") + inline_json(value[i]);
    return out + "]";
  }
  if (value.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      out += (first ? "" : ", ") + json(key).dump() + ": " + inline_json(item);
      first = false;
    }
    return out + "}";
  }
  return value.dump();
}

// A list of rows, one row per line; continuation lines start with `indent`.
std::string rows_json(const json& value, const std::string& indent) {
  const bool all_rows =
      value.is_array() && !value.empty() &&
      std::all_of(value.begin(), value.end(), [](const json& row) { return row.is_array(); });
  if (!all_rows) return inline_json(value);
  std::string out = "[";
  for (size_t i = 0; i < value.size(); ++i)
    out += (i ? ",\n" + indent : "") + inline_json(value[i]);
  return out + "]";
}

// {"type": …, "inputs": …, "outputs": …, then every other field on a line of its own}.
std::string layer_json(const json& layer) {
  if (!layer.is_object()) return inline_json(layer);
  const std::string indent = "     ";  // under the layer's opening brace
  std::string out = "{";
  bool first = true;
  for (const char* key : {"type", "inputs", "outputs"}) {
    if (!layer.contains(key)) continue;
    out += (first ? "" : ", ") + json(key).dump() + ": " + inline_json(layer.at(key));
    first = false;
  }
  for (const auto& [key, item] : layer.items()) {
    if (key == "type" || key == "inputs" || key == "outputs") continue;
    const std::string name = json(key).dump() + ": ";
    out += (first ? "" : ",\n" + indent) + name;
    out += key == "W" ? rows_json(item, indent + std::string(name.size() + 1, ' '))
                      : inline_json(item);
    first = false;
  }
  return out + "}";
}

// The whole file: the fields in the order a reader wants them, anything unexpected after
// them (sorted), the checksum last.
std::string model_text(const json& model) {
  if (!model.is_object()) return inline_json(model) + "\n";
  const std::vector<std::string> known = {"format",  "version",  "scalar",  "loss",
                                          "classes", "features", "crosses", "layers"};
  std::vector<std::string> keys;
  for (const std::string& key : known)
    if (model.contains(key)) keys.push_back(key);
  for (const auto& [key, item] : model.items())
    if (std::find(known.begin(), known.end(), key) == known.end() && key != "checksum")
      keys.push_back(key);
  if (model.contains("checksum")) keys.push_back("checksum");

  std::string out = "{\n";
  for (size_t i = 0; i < keys.size(); ++i) {
    const json& item = model.at(keys[i]);
    std::string value = inline_json(item);
    if (keys[i] == "layers" && item.is_array() && !item.empty()) {
      value = "[\n";
      for (size_t l = 0; l < item.size(); ++l)
        value += "    " + layer_json(item[l]) + (l + 1 < item.size() ? ",\n" : "\n");
      value += "  ]";
    }
    out += "  " + json(keys[i]).dump() + ": " + value + (i + 1 < keys.size() ? ",\n" : "\n");
  }
  return out + "}\n";
}

// The checksum of a model's content: everything but the "checksum" field, compact, keys
// sorted (nlohmann::json keeps object keys sorted), so layout does not change it.
std::string content_checksum(const json& model) {
  json content = model;
  content.erase("checksum");
  return model_checksum(content.dump());
}

// ---------------------------------------------------------------------------------------
// Reading.

// What a model file is, for messages.
constexpr std::string_view kExpected = "a saved model file (model.json)";

// Is this a scratchnet model of a version we read? Checked first, so that another kind of
// file or a newer model says so instead of failing a checksum.
void check_identity(const json& model, const Refuser& refuse) {
  const std::string expected_format = "\"" + std::string(kFormatName) + "\"";
  if (!model.is_object())
    refuse("not a scratchnet model: the file holds " + describe_json(model) +
           ", expected an object with \"format\": " + expected_format);
  if (!model.contains("format"))
    refuse("not a scratchnet model: format is missing, expected " + expected_format);
  const json& format = model.at("format");
  if (!format.is_string() || format.get<std::string>() != kFormatName)
    refuse("not a scratchnet model: format is " + describe_json(format) + ", expected " +
           expected_format);
  const std::string supported = std::to_string(kModelFormatVersion);
  if (!model.contains("version")) refuse("version is missing, expected " + supported);
  const json& version = model.at("version");
  if (!version.is_number_integer())
    refuse("version is " + describe_json(version) + ", expected the integer " + supported);
  if (version != kModelFormatVersion && version != 1)
    refuse("version " + version.dump() + " is not supported (this scratchnet reads versions 1 to " +
           supported + ")");
}

void check_checksum(const json& model, const Refuser& refuse) {
  const std::string computed = content_checksum(model);
  if (!model.contains("checksum"))
    refuse("checksum is missing, expected \"" + std::string(kChecksumPrefix) +
           "<16 hex digits>\" (the content gives " + computed + ")");
  const json& stored = model.at("checksum");
  if (!stored.is_string())
    refuse("checksum is " + describe_json(stored) + ", expected a string like \"" + computed +
           "\"");
  if (stored.get<std::string>() != computed)
    refuse("checksum mismatch: the file was changed or damaged after it was saved (expected " +
           (stored.get<std::string>().size() <= 40 ? stored.get<std::string>()
                                                   : describe_json(stored)) +
           ", content gives " + computed + ")");
}

// Shows one character of the file in a message.
std::string describe_char(const std::string& text, size_t at) {
  if (at >= text.size()) return "the end of the file";
  const unsigned char c = static_cast<unsigned char>(text[at]);
  if (c == '\n') return "a line break";
  if (c == '\r') return "a carriage return";
  if (c == '\t') return "a tab";
  if (c == ' ') return "a space";
  if (c < 0x20 || c >= 0x7F) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", c);
    return "byte " + std::string(hex);
  }
  return "'" + std::string(1, static_cast<char>(c)) + "'";
}

// Same content, other bytes (a space, 1E-05 for 1e-05): still a change after saving.
void check_layout(const std::string& text, const json& model, const Refuser& refuse) {
  const std::string expected = model_text(model);
  if (text == expected) return;
  const size_t at = static_cast<size_t>(
      std::mismatch(text.begin(), text.end(), expected.begin(), expected.end()).first -
      text.begin());
  const size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + at, '\n'));
  const size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
  const size_t column = line_start == std::string::npos || at == 0 ? at + 1 : at - line_start;
  refuse("line " + std::to_string(line) + ", column " + std::to_string(column) +
         " differs from the layout scratchnet writes (found " + describe_char(text, at) +
         ", expected " + describe_char(expected, at) +
         "): the file was changed after it was saved");
}

// A field that must be there; `path` names it in messages ("layers[2].W").
const json& field(const json& object, const std::string& key, const std::string& path,
                  const std::string& expected, const Refuser& refuse) {
  if (!object.contains(key)) refuse(path + " is missing, expected " + expected);
  return object.at(key);
}

void refuse_unknown_fields(const json& object, const std::vector<std::string>& allowed,
                           const std::string& where, const std::string& holds,
                           const Refuser& refuse) {
  for (const auto& [key, item] : object.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      refuse(where + "unknown field " + json(key).dump() + " (" + holds + ")");
}

Index positive_integer(const json& object, const std::string& key, const std::string& path,
                       const Refuser& refuse) {
  const json& value = field(object, key, path, "a positive integer", refuse);
  // A bound far above any real layer keeps the size arithmetic below from overflowing.
  constexpr std::int64_t kLargest = std::int64_t{1} << 31;
  if (!value.is_number_integer() || value.get<std::int64_t>() <= 0 ||
      value.get<std::int64_t>() > kLargest)
    refuse(path + " is " + describe_json(value) + ", expected a positive integer");
  return static_cast<Index>(value.get<std::int64_t>());
}

// "\"linear\", \"sigmoid\", … or \"softmax\"": the layer types a model file may hold.
std::string layer_type_names() {
  std::string names = "\"linear\"";
  const std::span<const ActivationEntry> activations = activation_registry();
  for (size_t i = 0; i < activations.size(); ++i)
    names +=
        (i + 1 == activations.size() ? " or \"" : ", \"") + std::string(activations[i].name) + "\"";
  return names;
}

// An activation layer's type and parameters (the entry's defaults where the file has none).
Choice activation_choice(const json& layer, const ActivationEntry& entry, const std::string& path,
                         const Refuser& refuse) {
  std::vector<std::string> allowed = {"type"};
  std::string holds = "a " + std::string(entry.name) + " layer holds only type";
  for (const ParamSpec& p : entry.params) {
    allowed.emplace_back(p.name);
    holds += (&p == &entry.params.back() ? " and " : ", ") + std::string(p.name);
  }
  refuse_unknown_fields(layer, allowed, path + " has an ", holds, refuse);
  Choice choice = default_choice(entry);
  for (const ParamSpec& p : entry.params) {
    if (!layer.contains(p.name)) continue;
    const json& value = layer.at(std::string(p.name));
    const std::string where = path + "." + std::string(p.name);
    if (!value.is_number() || !p.accepts(value.get<double>()))
      refuse(where + " is " + describe_json(value) + ", expected " + p.range_text());
    choice.set(p.name, value.get<double>());
  }
  return choice;
}

template <class T>
Matrix<T> matrix(const json& value, const std::string& path, const Refuser& refuse) {
  try {
    return matrix_from_json<T>(value, path);
  } catch (const DataError& e) {
    refuse(e.what());
  }
}

// The loss and the class names. Version 1 recorded neither: its loss is read off the output
// layer (softmax: softmax-ce; else the article's mse, which bce cannot be told from) and its
// classes are numbered. `outputs` is the model's number of outputs.
template <class T>
void read_output(const json& model, bool version_1, Index outputs, SavedModel<T>& saved,
                 const Refuser& refuse) {
  const std::string last(saved.model.layers().back()->type());
  const std::string last_path = "layers[" + std::to_string(saved.model.layers().size() - 1) + "]";
  if (version_1) {
    saved.loss = last == "softmax" ? Loss::softmax_ce : Loss::mse;
    saved.loss_recorded = false;
    saved.class_names = class_names_for(saved.loss, outputs, {});
    return;
  }
  static const std::string kLosses = choice_names(loss_registry());
  const json& loss = field(model, "loss", "loss", kLosses, refuse);
  const LossEntry* entry =
      loss.is_string() ? try_find_choice(loss_registry(), loss.get<std::string>()) : nullptr;
  if (!entry) refuse("loss is " + describe_json(loss) + ", expected " + kLosses);
  // The cross-entropies fold the output layer into the cost; squared error takes any output.
  if (entry->loss != Loss::mse && last != entry->output_activation)
    refuse("loss is " + loss.dump() + ", which needs a " + std::string(entry->output_activation) +
           " output layer, but " + last_path + " is " + last);
  saved.loss = entry->loss;
  const size_t classes = saved.loss == Loss::softmax_ce ? static_cast<size_t>(outputs) : 2;
  const std::string expected = "a list of " + std::to_string(classes) + " class names";
  const json& names = field(model, "classes", "classes", expected, refuse);
  if (!names.is_array() || names.size() != classes)
    refuse("classes is " + describe_json(names) + ", expected " + expected +
           (saved.loss == Loss::softmax_ce ? " (one per output)" : " (class 0 and class 1)"));
  for (size_t k = 0; k < names.size(); ++k) {
    if (!names[k].is_string() || names[k].get<std::string>().empty())
      refuse("classes[" + std::to_string(k) + "] is " + describe_json(names[k]) +
             ", expected a non-empty name");
    saved.class_names.push_back(names[k].get<std::string>());
  }
}

// Everything after identity and checksum: the scalar type, names, crosses and layers.
template <class T>
SavedModel<T> model_from_json(const json& model, const Refuser& refuse) {
  const bool version_1 = model.at("version") == 1;
  if (version_1)
    refuse_unknown_fields(
        model, {"format", "version", "scalar", "features", "crosses", "layers", "checksum"}, "",
        "a version-1 model holds format, version, scalar, features, crosses, layers and checksum",
        refuse);
  else
    refuse_unknown_fields(model,
                          {"format", "version", "scalar", "loss", "classes", "features", "crosses",
                           "layers", "checksum"},
                          "",
                          "a model holds format, version, scalar, loss, classes, features, "
                          "crosses, layers and checksum",
                          refuse);

  const std::string expected_scalar = "\"" + std::string(dtype_name<T>()) + "\"";
  const json& scalar =
      field(model, "scalar", "scalar",
            expected_scalar + " (" + std::string(cxx_type_name<T>()) + ")", refuse);
  if (scalar != std::string(dtype_name<T>())) {
    std::string why;
    if (scalar == "float32" || scalar == "float64")
      why = " (the model was saved with " +
            std::string(
                cxx_type_name<std::conditional_t<std::is_same_v<T, float>, double, float>>()) +
            " parameters and is being loaded as " + std::string(cxx_type_name<T>()) + ")";
    refuse("scalar is " + describe_json(scalar) + ", expected " + expected_scalar + why);
  }

  SavedModel<T> saved;
  const json& features = field(model, "features", "features", "a list of feature names", refuse);
  if (!features.is_array())
    refuse("features is " + describe_json(features) + ", expected a list of feature names");
  for (size_t i = 0; i < features.size(); ++i) {
    const json& name = features[i];
    if (!name.is_string() || name.get<std::string>().empty())
      refuse("features[" + std::to_string(i) + "] is " + describe_json(name) +
             ", expected a non-empty name");
    saved.feature_names.push_back(name.get<std::string>());
  }

  const json& crosses = field(model, "crosses", "crosses", "a list like [\"0*1\"]", refuse);
  if (!crosses.is_array())
    refuse("crosses is " + describe_json(crosses) + ", expected a list like [\"0*1\"]");
  for (size_t i = 0; i < crosses.size(); ++i) {
    const std::string path = "crosses[" + std::to_string(i) + "]";
    const json& text = crosses[i];
    const std::string expected =
        ", expected two 0-based feature indices like \"0*1\", or \"sin(0)\"";
    if (!text.is_string()) refuse(path + " is " + describe_json(text) + expected);
    std::vector<FeatureCross> parsed;
    try {
      parsed = parse_crosses(text.get<std::string>());
    } catch (const UsageError&) {
      refuse(path + " is " + describe_json(text) + expected);
    }
    // Exactly one cross, written as FeatureCross::str() writes it ("0*1", not "00*1").
    if (parsed.size() != 1 || parsed[0].str() != text.get<std::string>())
      refuse(path + " is " + describe_json(text) + expected);
    const size_t n = saved.feature_names.size();
    for (const int index : {parsed[0].a, parsed[0].b})
      if (static_cast<size_t>(index) >= n)
        refuse(path + " is " + describe_json(text) + ", but feature " + std::to_string(index) +
               " does not exist (features has " + plural(n, "name") +
               (n ? ": 0 to " + std::to_string(n - 1) : std::string()) + ")");
    saved.crosses.push_back(parsed[0]);
  }

  const json& layers = field(model, "layers", "layers", "a list of layers", refuse);
  if (!layers.is_array() || layers.empty())
    refuse("layers is " + describe_json(layers) + ", expected a list of at least one layer");
  // The rows flowing into the next layer, and where that number comes from.
  Index width = static_cast<Index>(saved.feature_names.size() + saved.crosses.size());
  std::string width_source = plural(saved.feature_names.size(), "feature");
  if (!saved.crosses.empty())
    width_source += " + " + std::to_string(saved.crosses.size()) +
                    (saved.crosses.size() == 1 ? " cross" : " crosses");
  for (size_t i = 0; i < layers.size(); ++i) {
    const std::string path = "layers[" + std::to_string(i) + "]";
    const json& layer = layers[i];
    if (!layer.is_object())
      refuse(path + " is " + describe_json(layer) + ", expected an object with a \"type\"");
    static const std::string kTypes = layer_type_names();
    const json& type = field(layer, "type", path + ".type", kTypes, refuse);
    if (const ActivationEntry* activation =
            type.is_string() ? try_find_choice(activation_registry(), type.get<std::string>())
                             : nullptr) {
      saved.model.add(
          make_activation_layer<T>(activation_choice(layer, *activation, path, refuse)));
      continue;
    }
    if (type != "linear") refuse(path + ".type is " + describe_json(type) + ", expected " + kTypes);
    refuse_unknown_fields(layer, {"type", "inputs", "outputs", "W", "b"}, path + " has an ",
                          "a linear layer holds type, inputs, outputs, W and b", refuse);
    const Index inputs = positive_integer(layer, "inputs", path + ".inputs", refuse);
    const Index outputs = positive_integer(layer, "outputs", path + ".outputs", refuse);
    if (inputs != width)
      refuse(path + ".inputs is " + std::to_string(inputs) + ", expected " + std::to_string(width) +
             " (" + width_source + ")");
    const std::string expected_W = Shape{outputs, inputs}.str();
    Matrix<T> W = matrix<T>(field(layer, "W", path + ".W", expected_W + " numbers", refuse),
                            path + ".W", refuse);
    if (shape_of(W) != Shape{outputs, inputs})
      refuse(path + ".W is " + shape_of(W).str() + ", expected outputs×inputs = " + expected_W);
    const std::string expected_b = Shape{outputs, 1}.str();
    Matrix<T> b = matrix<T>(field(layer, "b", path + ".b", expected_b + " numbers", refuse),
                            path + ".b", refuse);
    if (shape_of(b) != Shape{outputs, 1})
      refuse(path + ".b is " + shape_of(b).str() + ", expected outputs×1 = " + expected_b);
    saved.model.template add<LinearLayer<T>>(std::move(W), std::move(b));
    width = outputs;
    width_source = path + ".outputs";
  }
  read_output(model, version_1, width, saved, refuse);
  return saved;
}

// ---------------------------------------------------------------------------------------
// Writing.

template <class T>
json model_json(const SavedModel<T>& saved, const std::string& prefix) {
  json model = json::object();
  model["format"] = kFormatName;
  model["version"] = kModelFormatVersion;
  model["scalar"] = std::string(dtype_name<T>());
  model["loss"] = std::string(to_string(saved.loss));
  // No names given: the classes are numbered.
  const auto linear_layers = saved.model.linear_layers();
  const std::vector<std::string> classes =
      !saved.class_names.empty() || linear_layers.empty()
          ? saved.class_names
          : class_names_for(saved.loss, linear_layers.back()->n_out(), {});
  model["classes"] = json::array();
  for (size_t k = 0; k < classes.size(); ++k) {
    try {
      (void)json(classes[k]).dump();  // nlohmann refuses text that is not UTF-8
    } catch (const json::exception&) {
      throw Error(
          one_line(prefix + "class name " + std::to_string(k) + " is not valid UTF-8 text"));
    }
    model["classes"].push_back(classes[k]);
  }
  model["features"] = json::array();
  for (size_t i = 0; i < saved.feature_names.size(); ++i) {
    try {
      (void)json(saved.feature_names[i]).dump();  // nlohmann refuses text that is not UTF-8
    } catch (const json::exception&) {
      throw Error(
          one_line(prefix + "feature name " + std::to_string(i) + " is not valid UTF-8 text"));
    }
    model["features"].push_back(saved.feature_names[i]);
  }
  model["crosses"] = json::array();
  for (const FeatureCross& cross : saved.crosses)
    model["crosses"].push_back(cross.str());
  model["layers"] = json::array();
  const auto& layers = saved.model.layers();
  for (size_t i = 0; i < layers.size(); ++i) {
    const std::string path = "layers[" + std::to_string(i) + "]";
    if (const auto* linear = dynamic_cast<const LinearLayer<T>*>(layers[i].get())) {
      model["layers"].push_back({{"type", "linear"},
                                 {"inputs", linear->n_in()},
                                 {"outputs", linear->n_out()},
                                 {"W", matrix_to_json(linear->W(), prefix + path + ".W")},
                                 {"b", matrix_to_json(linear->b(), prefix + path + ".b")}});
    } else if (const auto* activation = dynamic_cast<const ActivationLayer<T>*>(layers[i].get())) {
      json entry = {{"type", std::string(activation->type())}};  // and its parameters, if any
      for (const auto& [key, value] : activation->choice().params)
        entry[key] = value;
      model["layers"].push_back(entry);
    } else {
      throw Error(one_line(prefix + path + " is " + layers[i]->describe() +
                           ", but a model file holds only linear and activation layers"));
    }
  }
  return model;
}

}  // namespace

std::string model_checksum(const std::string& canonical_json) {
  return std::string(kChecksumPrefix) + Fnv1a64().add(canonical_json).hex();
}

std::string resign_model_json(const std::string& model_json) {
  const Refuser refuse("resign_model_json: ");
  json model = parse_json_text(model_json, "resign_model_json", "a saved model");
  if (!model.is_object()) refuse("expected a JSON object, found " + describe_json(model));
  model["checksum"] = content_checksum(model);
  return model_text(model);
}

template <class T>
void save_model(const std::filesystem::path& path, const SavedModel<T>& saved) {
  write_file_atomically(path, saved_model_text(saved, "cannot save " + path.string() + ": "));
}

template <class T>
std::string saved_model_text(const SavedModel<T>& saved, const std::string& prefix) {
  json model = model_json(saved, prefix);
  // Never write a file that load_model would refuse.
  try {
    model_from_json<T>(model, Refuser(prefix));
  } catch (const DataError& e) {
    throw Error(e.what());
  }
  model["checksum"] = content_checksum(model);
  return model_text(model);
}

template <class T>
SavedModel<T> load_model(const std::filesystem::path& path) {
  return parse_model<T>(read_text_file(path, kExpected), path.string());
}

template <class T>
SavedModel<T> parse_model(const std::string& text, const std::string& name) {
  const Refuser refuse(name + ": ");
  const json model = parse_json_text(text, name, kExpected);
  check_identity(model, refuse);
  check_checksum(model, refuse);
  check_layout(text, model, refuse);
  return model_from_json<T>(model, refuse);
}

std::vector<std::string> class_names_for(Loss loss, Index outputs,
                                         const std::vector<std::string>& data_names) {
  const size_t classes = loss == Loss::softmax_ce ? static_cast<size_t>(outputs) : 2;
  if (data_names.size() == classes) return data_names;
  std::vector<std::string> names;
  for (size_t k = 0; k < classes; ++k)
    names.push_back(std::to_string(k));
  return names;
}

SavedModel<double> load_model_as_double(const std::filesystem::path& path) {
  const std::string text = read_text_file(path, kExpected);
  try {
    return parse_model<double>(text, path.string());
  } catch (const DataError& as_double) {
    SavedModel<float> saved;
    try {
      saved = parse_model<float>(text, path.string());
    } catch (const DataError&) {
      throw as_double;  // not a float32 model either: the first reason stands
    }
    SavedModel<double> widened;
    widened.feature_names = saved.feature_names;
    widened.crosses = saved.crosses;
    widened.loss = saved.loss;
    widened.loss_recorded = saved.loss_recorded;
    widened.class_names = saved.class_names;
    for (const auto& layer : saved.model.layers()) {
      if (const auto* linear = dynamic_cast<const LinearLayer<float>*>(layer.get()))
        widened.model.add<LinearLayer<double>>(linear->W().cast<double>(),
                                               linear->b().cast<double>());
      else if (const auto* activation = dynamic_cast<const ActivationLayer<float>*>(layer.get()))
        widened.model.add(make_activation_layer<double>(activation->choice()));
    }
    return widened;
  }
}

template void save_model(const std::filesystem::path&, const SavedModel<float>&);
template void save_model(const std::filesystem::path&, const SavedModel<double>&);
template std::string saved_model_text(const SavedModel<float>&, const std::string&);
template std::string saved_model_text(const SavedModel<double>&, const std::string&);
template SavedModel<float> load_model(const std::filesystem::path&);
template SavedModel<double> load_model(const std::filesystem::path&);
template SavedModel<float> parse_model(const std::string&, const std::string&);
template SavedModel<double> parse_model(const std::string&, const std::string&);

}  // namespace scratchnet
