#include "scratchnet/io/checkpoint.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scratchnet/io/io.hpp"
#include "scratchnet/io/json_file.hpp"
#include "scratchnet/io/model_file.hpp"
#include "scratchnet/tensor/error.hpp"

namespace scratchnet {

using nlohmann::json;

namespace {

constexpr const char* kFormatName = "scratchnet-checkpoint";
constexpr std::string_view kExpected = "a checkpoint (checkpoint.json)";

template <class T>
json matrices_json(const std::vector<Matrix<T>>& matrices, const std::string& where) {
  json list = json::array();
  for (size_t i = 0; i < matrices.size(); ++i)
    list.push_back(matrix_to_json(matrices[i], where + "[" + std::to_string(i) + "]"));
  return list;
}

template <class T>
std::vector<Matrix<T>> matrices_from(const json& list, const std::string& where) {
  if (!list.is_array()) throw DataError(where + " is " + describe_json(list) + ", expected a list");
  std::vector<Matrix<T>> result;
  for (size_t i = 0; i < list.size(); ++i)
    result.push_back(matrix_from_json<T>(list[i], where + "[" + std::to_string(i) + "]"));
  return result;
}

// Version 1 wrote each matrix as {"rows", "cols", "values" (row by row)}; version 2 as the
// list of rows every other file uses. A version-1 checkpoint still resumes: its matrices are
// rewritten as lists of rows before reading, and its checksum was checked on its own text.
json rows_of_version_1(const json& m) {
  if (!m.is_object() || !m.contains("rows") || !m.contains("cols") || !m.contains("values"))
    return m;  // matrix_from_json says what is wrong
  const json& values = m["values"];
  const size_t rows = m["rows"].is_number_unsigned() ? m["rows"].get<size_t>() : 0;
  const size_t cols = m["cols"].is_number_unsigned() ? m["cols"].get<size_t>() : 0;
  if (!values.is_array() || rows == 0 || cols == 0 || values.size() != rows * cols)
    throw DataError("a matrix of " + m["rows"].dump() + "×" + m["cols"].dump() + " has " +
                    std::to_string(values.is_array() ? values.size() : 0) + " values");
  json list = json::array();
  for (size_t r = 0; r < rows; ++r)
    list.push_back(
        json(std::vector<json>(values.begin() + static_cast<std::ptrdiff_t>(r * cols),
                               values.begin() + static_cast<std::ptrdiff_t>((r + 1) * cols))));
  return list;
}

void upgrade_version_1(json& c) {
  const auto upgrade = [](json& list) {
    if (list.is_array())
      for (json& m : list)
        m = rows_of_version_1(m);
  };
  if (c.contains("parameters")) upgrade(c["parameters"]);
  if (c.contains("optimizer") && c["optimizer"].contains("buffers") &&
      c["optimizer"]["buffers"].is_array())
    for (json& buffer : c["optimizer"]["buffers"])
      if (buffer.is_object() && buffer.contains("matrices")) upgrade(buffer["matrices"]);
}

std::string checksum_of(json content) {
  content.erase("checksum");
  return model_checksum(content.dump());
}

}  // namespace

template <class T>
void save_checkpoint(const std::filesystem::path& path, const Checkpoint<T>& checkpoint,
                     const std::function<void(const std::filesystem::path&)>& before_rename) {
  const TrainingState<T>& s = checkpoint.state;
  json settings = json::object();
  for (const auto& [name, value] : checkpoint.settings)
    settings[name] = value;
  json buffers = json::array();
  for (const auto& [name, matrices] : s.optimizer.buffers)
    buffers.push_back({{"name", name}, {"matrices", matrices_json(matrices, "optimizer " + name)}});
  json log = {{"epochs", s.log.epochs},
              {"costs", s.log.costs},
              {"seconds", s.log.seconds},
              {"epoch_seconds", s.log.epoch_seconds}};
  json c = {{"format", kFormatName},
            {"version", kCheckpointFormatVersion},
            {"dtype", dtype_name<T>()},
            {"settings", settings},
            {"next_epoch", s.next_epoch},
            {"parameters", matrices_json(s.parameters, "parameters")},
            {"optimizer", {{"steps", s.optimizer.steps}, {"buffers", buffers}}},
            {"shuffle",
             {{"mt19937", s.shuffle.engine},
              {"cached_gauss", s.shuffle.cached_gauss ? json(*s.shuffle.cached_gauss) : json()}}},
            {"order", s.order},
            {"log", log},
            {"divergence_watch",
             {{"first_cost", s.divergence.first_cost},
              {"previous_cost", s.divergence.previous_cost},
              {"rising", s.divergence.rising},
              {"above_first", s.divergence.above_first}}}};
  c["checksum"] = checksum_of(c);
  // matrix_to_json refuses NaN and ∞ (JSON has none): the trainer never keeps a non-finite
  // state, so that would be a bug, said plainly.
  write_file_atomically(path, c.dump() + "\n", before_rename);
}

template <class T>
Checkpoint<T> load_checkpoint(const std::filesystem::path& path) {
  const std::string name = path.string();
  const auto refuse = [&](const std::string& problem) -> DataError {
    std::string text = name + ": " + problem;
    std::replace(text.begin(), text.end(), '\n', ' ');
    return DataError(text);
  };
  const std::string text = read_text_file(path, kExpected);
  json c;
  try {
    c = parse_json_text(text, name, kExpected);
  } catch (const DataError& e) {
    throw DataError(std::string(e.what()) + " (a damaged checkpoint: delete it to start again)");
  }
  if (!c.is_object() || !c.contains("format") || c["format"] != kFormatName)
    throw refuse("not a scratchnet checkpoint (expected \"format\": \"" + std::string(kFormatName) +
                 "\")");
  const bool version_1 = c.contains("version") && c["version"] == 1;
  if (!version_1 && (!c.contains("version") || c["version"] != kCheckpointFormatVersion))
    throw refuse("checkpoint version " + (c.contains("version") ? c["version"].dump() : "none") +
                 ", this scratchnet reads version " + std::to_string(kCheckpointFormatVersion));
  if (!c.contains("checksum") || !c["checksum"].is_string())
    throw refuse("no \"checksum\" field, the checkpoint is damaged");
  const std::string expected = checksum_of(c);
  if (c["checksum"].get<std::string>() != expected)
    throw refuse("the checksum " + c["checksum"].dump() + " does not match the content (" +
                 expected + "): the checkpoint is damaged; delete it to start again");
  if (c.value("dtype", "") != dtype_name<T>())
    throw refuse("the checkpoint holds " + c.value("dtype", std::string("?")) +
                 " numbers, this run uses " + dtype_name<T>() + " (--dtype)");
  if (version_1) upgrade_version_1(c);

  Checkpoint<T> result;
  std::string field;
  try {
    field = "settings";
    for (const auto& [key, value] : c.at(field).items())
      result.settings.emplace_back(key, value.template get<std::string>());
    TrainingState<T>& s = result.state;
    field = "next_epoch";
    s.next_epoch = c.at(field).get<int>();
    field = "parameters";
    s.parameters = matrices_from<T>(c.at(field), field);
    field = "optimizer";
    const json& optimizer = c.at(field);
    s.optimizer.steps = optimizer.at("steps").get<long long>();
    for (const json& buffer : optimizer.at("buffers"))
      s.optimizer.buffers.emplace_back(
          buffer.at("name").get<std::string>(),
          matrices_from<T>(buffer.at("matrices"), "optimizer buffers"));
    field = "shuffle";
    s.shuffle.engine = c.at(field).at("mt19937").get<std::vector<std::uint32_t>>();
    if (!c[field].at("cached_gauss").is_null())
      s.shuffle.cached_gauss = c[field]["cached_gauss"].get<double>();
    field = "order";
    s.order = c.at(field).get<std::vector<Index>>();
    field = "log";
    const json& log = c.at(field);
    s.log.epochs = log.at("epochs").get<std::vector<int>>();
    s.log.costs = log.at("costs").get<std::vector<double>>();
    s.log.seconds = log.at("seconds").get<double>();
    s.log.epoch_seconds = log.at("epoch_seconds").get<std::vector<double>>();
    field = "divergence_watch";
    const json& watch = c.at(field);
    s.divergence.first_cost = watch.at("first_cost").get<double>();
    s.divergence.previous_cost = watch.at("previous_cost").get<double>();
    s.divergence.rising = watch.at("rising").get<int>();
    s.divergence.above_first = watch.at("above_first").get<int>();
  } catch (const json::exception& e) {
    throw refuse("field \"" + field + "\": " + e.what());
  } catch (const DataError& e) {
    throw refuse("field \"" + field + "\": " + e.what());
  }
  return result;
}

std::optional<std::string> settings_difference(const RunSettings& saved,
                                               const RunSettings& current) {
  const std::map<std::string, std::string> before(saved.begin(), saved.end());
  for (const auto& [name, value] : current) {
    const auto it = before.find(name);
    if (it == before.end())
      return name + ": the checkpoint does not record it (made by another version?)";
    if (it->second != value)
      return name + ": the checkpoint was made with " + (it->second.empty() ? "none" : it->second) +
             ", this run has " + (value.empty() ? "none" : value);
  }
  const std::map<std::string, std::string> now(current.begin(), current.end());
  for (const auto& setting : saved)
    if (!now.contains(setting.first))
      return setting.first + ": the checkpoint records a setting this run does not know";
  return std::nullopt;
}

template void save_checkpoint(const std::filesystem::path&, const Checkpoint<float>&,
                              const std::function<void(const std::filesystem::path&)>&);
template void save_checkpoint(const std::filesystem::path&, const Checkpoint<double>&,
                              const std::function<void(const std::filesystem::path&)>&);
template Checkpoint<float> load_checkpoint(const std::filesystem::path&);
template Checkpoint<double> load_checkpoint(const std::filesystem::path&);

}  // namespace scratchnet
