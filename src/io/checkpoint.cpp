#include "scratchnet/io/checkpoint.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scratchnet/io/io.hpp"
#include "scratchnet/io/model_file.hpp"
#include "scratchnet/tensor/error.hpp"

namespace scratchnet {

using nlohmann::json;

namespace {

constexpr const char* kFormatName = "scratchnet-checkpoint";
// A checkpoint is nested 5 deep (object, optimizer, buffers, buffer, matrix); deeper input
// is refused before anything recursive walks it.
constexpr int kMaxNestingDepth = 16;

// Numbers go through double, which holds every float exactly, and nlohmann writes the
// shortest text that reads back as the same double: both types round-trip bit for bit.
template <class T>
json matrix_json(const Matrix<T>& m) {
  std::vector<double> values;
  values.reserve(static_cast<size_t>(m.size()));
  for (Index r = 0; r < m.rows(); ++r)
    for (Index c = 0; c < m.cols(); ++c)
      values.push_back(static_cast<double>(m(r, c)));
  return {{"rows", m.rows()}, {"cols", m.cols()}, {"values", values}};
}

template <class T>
Matrix<T> matrix_from(const json& j) {
  const Index rows = j.at("rows").get<Index>(), cols = j.at("cols").get<Index>();
  const json& values = j.at("values");
  if (rows < 0 || cols < 0 || !values.is_array() ||
      values.size() != static_cast<size_t>(rows) * static_cast<size_t>(cols))
    throw DataError("a matrix of " + std::to_string(rows) + "×" + std::to_string(cols) + " has " +
                    std::to_string(values.size()) + " values");
  Matrix<T> m(rows, cols);
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c)
      m(r, c) = static_cast<T>(values[static_cast<size_t>(r * cols + c)].get<double>());
  return m;
}

template <class T>
json matrices_json(const std::vector<Matrix<T>>& matrices) {
  json list = json::array();
  for (const Matrix<T>& m : matrices)
    list.push_back(matrix_json(m));
  return list;
}

template <class T>
std::vector<Matrix<T>> matrices_from(const json& list) {
  std::vector<Matrix<T>> result;
  for (const json& m : list)
    result.push_back(matrix_from<T>(m));
  return result;
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
    buffers.push_back({{"name", name}, {"matrices", matrices_json(matrices)}});
  json log = {{"epochs", s.log.epochs},
              {"costs", s.log.costs},
              {"seconds", s.log.seconds},
              {"epoch_seconds", s.log.epoch_seconds}};
  json c = {{"format", kFormatName},
            {"version", kCheckpointFormatVersion},
            {"dtype", dtype_name<T>()},
            {"settings", settings},
            {"next_epoch", s.next_epoch},
            {"parameters", matrices_json(s.parameters)},
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
  // json refuses to write NaN or ∞ as numbers (it writes null, which load refuses): the
  // trainer never keeps a non-finite state, so this would be a bug, said plainly.
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
  std::ifstream in(path, std::ios::binary);
  if (!in) throw refuse("cannot open the checkpoint");
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) throw refuse("cannot read the checkpoint");

  struct TooDeep {};
  const json::parser_callback_t limit_depth = [](int depth, json::parse_event_t, json&) {
    if (depth > kMaxNestingDepth) throw TooDeep{};
    return true;
  };
  json c;
  try {
    c = json::parse(text.str(), limit_depth);
  } catch (const json::exception& e) {
    throw refuse(std::string("not valid JSON, the checkpoint is damaged (") + e.what() + ")");
  } catch (const TooDeep&) {
    throw refuse("JSON nested more than " + std::to_string(kMaxNestingDepth) +
                 " levels deep; a checkpoint never is");
  }
  if (!c.is_object() || !c.contains("format") || c["format"] != kFormatName)
    throw refuse("not a scratchnet checkpoint (expected \"format\": \"" + std::string(kFormatName) +
                 "\")");
  if (!c.contains("version") || c["version"] != kCheckpointFormatVersion)
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
    s.parameters = matrices_from<T>(c.at(field));
    field = "optimizer";
    const json& optimizer = c.at(field);
    s.optimizer.steps = optimizer.at("steps").get<long long>();
    for (const json& buffer : optimizer.at("buffers"))
      s.optimizer.buffers.emplace_back(buffer.at("name").get<std::string>(),
                                       matrices_from<T>(buffer.at("matrices")));
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
