// Playground (include/scratchnet/run/playground.hpp): sessions by id, requests routed to
// LiveRun, every failure a 4xx with one line.
#include "scratchnet/run/playground.hpp"

#include <nlohmann/json.hpp>
#include <random>

#include "scratchnet/data/registry.hpp"
#include "scratchnet/io/json_file.hpp"
#include "scratchnet/tensor/format.hpp"

namespace scratchnet {
namespace {

using json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

// A failure the client caused, with its status.

PlaygroundReply error_reply(int status, std::string message) {
  for (char& c : message)  // one line, whatever a message held
    if (c == '\n' || c == '\r') c = ' ';
  return {status, std::move(message) + "\n", "text/plain; charset=utf-8", {}};
}

// The data a server may train: the built-in sets that come without a test split of their
// own (the gates and the sets of points; Fashion-MNIST is for the command line).
std::string playground_data_names() {
  std::string names;
  for (const DatasetEntry& e : dataset_registry())
    if (!e.has_test_split) names += (names.empty() ? "" : ", ") + std::string(e.name);
  return names;
}

json body_object(std::string_view body, std::string_view what) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
  const nlohmann::json parsed = parse_json_text(body, what, "a JSON object");
  if (!parsed.is_object())
    throw UsageError(std::string(what) + ": expected a JSON object, got " + describe_json(parsed));
  return json(parsed);
}

template <class Number>
Number number_field(const json& object, const char* key, Number fallback, double lo, double hi) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (!it->is_number())
    throw FieldError(key, "must be a number, got " + describe_json(nlohmann::json(*it)));
  const double v = it->get<double>();
  if (!(v >= lo && v <= hi))
    throw FieldError(key, "must be " + format_number(lo) + " to " + format_number(hi) + ", got " +
                              format_number(v));
  if constexpr (std::is_integral_v<Number>)
    if (v != static_cast<double>(static_cast<long long>(v)))
      throw FieldError(key, "must be a whole number, got " + format_number(v));
  return static_cast<Number>(v);
}

void only_keys(const json& object, std::initializer_list<const char*> keys, std::string_view what) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    std::string list;
    for (const char* k : keys) {
      known = known || key == k;
      list += (list.empty() ? "" : ", ") + std::string(k);
    }
    if (!known)
      throw FieldError(key, "is not a field of " + std::string(what) + " (expected " + list + ")");
  }
}

std::string new_session_id() {
  static std::mutex mutex;
  static std::random_device device;
  const std::lock_guard lock(mutex);
  static const char* const hex = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 4; ++i) {
    const std::uint32_t word = device();
    for (int k = 0; k < 8; ++k)
      id += hex[(word >> (4 * k)) & 15];
  }
  return id;
}

json choices_of(std::string_view field) {
  json list = json::array();
  for (const ChoiceInfo* c : run_choices(field)) {
    json params = json::array();
    for (const ParamSpec& p : c->params)
      params.push_back({{"name", p.name},
                        {"help", p.help},
                        {"default", p.default_value},
                        {"range", p.range_text()}});
    json entry = {{"name", c->name}, {"help", c->help}, {"params", std::move(params)}};
    list.push_back(std::move(entry));
  }
  return list;
}

std::string choices_json(const PlaygroundLimits& limits) {
  json datasets = json::array();
  for (const DatasetEntry& e : dataset_registry())
    if (!e.has_test_split)
      datasets.push_back({{"name", e.name}, {"help", e.help}, {"generated", e.generated}});
  return json{
      {"activations", choices_of("activation")},
      {"losses", choices_of("loss")},
      {"inits", choices_of("init")},
      {"optimizers", choices_of("optimizer")},
      {"schedules", choices_of("schedule")},
      {"datasets", std::move(datasets)},
      {"limits",
       {{"max_body_bytes", limits.max_body_bytes},
        {"max_sessions", limits.max_sessions},
        {"idle_seconds", std::chrono::duration_cast<std::chrono::seconds>(limits.idle).count()},
        {"max_hidden_layers", limits.max_hidden_layers},
        {"max_layer_width", limits.max_layer_width},
        {"max_frame_grid", kMaxFrameGrid},
        {"max_frame_seconds", kMaxFrameSeconds},
        {"max_frame_epochs", kMaxFrameEpochs}}}}
      .dump();
}

}  // namespace

RunConfig playground_config(std::string_view body, const PlaygroundLimits& limits) {
  RunConfig c = run_config_from_json(body, "run config");
  const RunConfig defaults;
  if (c.data_text.empty()) {
    const DatasetEntry* builtin = find_builtin_dataset(c.data);
    if (!builtin || builtin->has_test_split)
      throw FieldError("data", "'" + c.data + "': the playground trains " +
                                   playground_data_names() +
                                   ", or a CSV's text in {data_text}; files and larger sets "
                                   "are for the command line");
  }
  if (!c.init_params.empty() && c.init_params_text.empty())
    throw FieldError("init_params",
                     ": the playground reads no files; send the parameters "
                     "themselves as {init_params_text}");
  if (!c.out.empty() || c.checkpoint_every != 0 || c.resume || c.force || c.graph)
    throw FieldError(!c.out.empty()            ? "out"
                     : c.checkpoint_every != 0 ? "checkpoint_every"
                     : c.resume                ? "resume"
                     : c.force                 ? "force"
                                               : "graph",
                     ": the playground writes no files (download model.json instead)");
  if (static_cast<Index>(c.hidden.size()) > limits.max_hidden_layers)
    throw FieldError("hidden", "has " + std::to_string(c.hidden.size()) +
                                   " layers; the playground takes at most " +
                                   std::to_string(limits.max_hidden_layers));
  for (size_t i = 0; i < c.hidden.size(); ++i)
    if (c.hidden[i] > limits.max_layer_width)
      throw FieldError("hidden", ": layer " + std::to_string(i + 1) + " has " +
                                     std::to_string(c.hidden[i]) +
                                     " neurons; the playground takes at most " +
                                     std::to_string(limits.max_layer_width) + " per layer");
  if (c.threads && *c.threads != 1)
    throw FieldError("threads",
                     "must be 1 in the playground (each session trains on one "
                     "thread, so many can train at once), got " +
                         std::to_string(*c.threads));
  c.threads = 1;
  validate(normalized(c));
  return c;
}

FrameRequest frame_request_from_json(std::string_view body) {
  const json o = body_object(body, "frame request");
  only_keys(o, {"train_seconds", "epochs", "grid", "neurons"}, "a frame request");
  FrameRequest r;
  r.train_seconds = number_field<double>(o, "train_seconds", 0, 0, kMaxFrameSeconds);
  r.epochs = number_field<int>(o, "epochs", 0, 0, kMaxFrameEpochs);
  r.grid = number_field<int>(o, "grid", 0, 0, kMaxFrameGrid);
  if (r.grid == 1) throw FieldError("grid", "must be 0 (none) or 2 to 200, got 1");
  if (const auto it = o.find("neurons"); it != o.end() && !it->is_null()) {
    if (!it->is_boolean())
      throw FieldError("neurons",
                       "must be true or false, got " + describe_json(nlohmann::json(*it)));
    r.neurons = it->get<bool>();
  }
  return r;
}

struct Playground::Live {
  explicit Live(const RunConfig& config) : run(config) {}
  std::mutex mutex;  // one request at a time
  LiveRun run;
  Clock::time_point last_used = Clock::now();  // guarded by Playground::mutex_
};

Playground::Playground(PlaygroundLimits limits,
                       std::function<std::string(const RunConfig&)> command_of)
    : limits_(limits), command_of_(std::move(command_of)) {}

Playground::~Playground() = default;

std::size_t Playground::session_count() {
  const std::lock_guard lock(mutex_);
  return sessions_.size();
}

void Playground::drop_idle(Clock::time_point now) {
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = now - it->second->last_used > limits_.idle ? sessions_.erase(it) : std::next(it);
}

std::shared_ptr<Playground::Live> Playground::find(std::string_view id) {
  const std::lock_guard lock(mutex_);
  const Clock::time_point now = Clock::now();
  drop_idle(now);
  const auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  it->second->last_used = now;
  return it->second;
}

PlaygroundReply Playground::handle(std::string_view method, std::string_view path,
                                   std::string_view body) {
  try {
    if (body.size() > limits_.max_body_bytes)
      return error_reply(413, "the request is " + std::to_string(body.size()) +
                                  " bytes; the playground takes at most " +
                                  std::to_string(limits_.max_body_bytes) +
                                  " (an uploaded CSV of up to 16 MB)");
    const std::string_view sessions = "/api/sessions";
    if (path == "/api/choices") {
      if (method != "GET")
        return error_reply(405, "/api/choices takes GET, got " + std::string(method));
      return {200, choices_json(limits_), "application/json", {}};
    }
    if (path == sessions || path == "/api/sessions/") {
      if (method != "POST")
        return error_reply(405,
                           "/api/sessions takes POST (a run config), got " + std::string(method));
      return create(body);
    }
    if (path.starts_with(sessions) && path.size() > sessions.size() + 1 &&
        path[sessions.size()] == '/') {
      const std::string_view rest = path.substr(sessions.size() + 1);
      const size_t slash = rest.find('/');
      const std::string_view id = rest.substr(0, slash);
      const std::string_view action = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
      return on_session(method, id, action, body);
    }
    return error_reply(404, "no such endpoint: " + std::string(method) + " " +
                                std::string(path.substr(0, 200)) +
                                " (the API is /api/choices and /api/sessions…)");
  } catch (const Error& e) {
    return error_reply(400, e.what());
  } catch (const std::bad_alloc&) {
    return error_reply(413, "the request needs more memory than the server has");
  } catch (const std::exception& e) {
    return error_reply(500, std::string("internal error: ") + e.what());
  }
}

PlaygroundReply Playground::create(std::string_view body) {
  const RunConfig config = playground_config(body, limits_);
  {
    const std::lock_guard lock(mutex_);
    drop_idle(Clock::now());
    if (sessions_.size() >= limits_.max_sessions)
      return error_reply(
          429, "too many sessions: " + std::to_string(sessions_.size()) +
                   " are open, the most at once; close a tab, or wait until one "
                   "has been idle for " +
                   std::to_string(
                       std::chrono::duration_cast<std::chrono::minutes>(limits_.idle).count()) +
                   " minutes");
  }
  auto live = std::make_shared<Live>(config);  // outside the lock: a CSV takes a while
  json start = json::parse(live->run.start_json());
  start["command"] = command_of_ ? json(command_of_(live->run.session().config())) : json(nullptr);
  const std::string id = new_session_id();
  {
    const std::lock_guard lock(mutex_);
    if (sessions_.size() >= limits_.max_sessions)
      return error_reply(429, "too many sessions: " + std::to_string(sessions_.size()) +
                                  " are open, the most at once");
    sessions_.emplace(id, live);
  }
  json reply = {{"id", id}};
  reply.update(start);
  return {201, reply.dump(), "application/json", {}};
}

PlaygroundReply Playground::on_session(std::string_view method, std::string_view id,
                                       std::string_view action, std::string_view body) {
  if (action == "" && method == "DELETE") {
    const std::lock_guard lock(mutex_);
    if (sessions_.erase(std::string(id)) == 0)
      return error_reply(404, "no session " + std::string(id.substr(0, 64)));
    return {204, "", "text/plain", {}};
  }
  struct Endpoint {
    std::string_view action, method;
  };
  static constexpr Endpoint kEndpoints[] = {{"frame", "POST"},     {"explain", "POST"},
                                            {"gradcheck", "POST"}, {"model.json", "GET"},
                                            {"command", "GET"},    {"", "DELETE"}};
  const Endpoint* endpoint = nullptr;
  for (const Endpoint& e : kEndpoints)
    if (e.action == action) endpoint = &e;
  if (!endpoint)
    return error_reply(404, "no such endpoint: " + std::string(method) + " /api/sessions/{id}/" +
                                std::string(action.substr(0, 100)) +
                                " (expected frame, explain, gradcheck, model.json or command)");
  if (method != endpoint->method)
    return error_reply(405, "/api/sessions/{id}" + std::string(action.empty() ? "" : "/") +
                                std::string(action) + " takes " + std::string(endpoint->method) +
                                ", got " + std::string(method));
  const std::shared_ptr<Live> live = find(id);
  if (!live)
    return error_reply(
        404,
        "no session " + std::string(id.substr(0, 64)) + ": it was closed, or dropped after " +
            std::to_string(std::chrono::duration_cast<std::chrono::minutes>(limits_.idle).count()) +
            " idle minutes; start a new one");
  const std::lock_guard lock(live->mutex);
  if (action == "frame")
    return {200, live->run.frame_json(frame_request_from_json(body)), "application/json", {}};
  if (action == "explain") {
    const json o = body_object(body, "explain request");
    only_keys(o, {"example", "learning_rate"}, "an explain request");
    std::optional<Index> example;
    if (const auto it = o.find("example"); it != o.end() && !it->is_null())
      example = number_field<Index>(o, "example", 0, 0, 1e12);
    const double lr = number_field<double>(o, "learning_rate",
                                           live->run.session().config().learning_rate, 0, 1e9);
    return {200, live->run.explain_json(example, lr), "application/json", {}};
  }
  if (action == "gradcheck") return {200, live->run.gradcheck_json(), "application/json", {}};
  if (action == "command") {
    // The run so far as a command: its epochs are the ones trained (at least one).
    RunConfig config = live->run.session().config();
    config.epochs = std::max(1, live->run.session().epochs_done());
    return {200,
            json{{"command", command_of_ ? json(command_of_(config)) : json(nullptr)},
                 {"epochs", config.epochs}}
                .dump(),
            "application/json",
            {}};
  }
  return {200, live->run.session().model_file_text(), "application/json", "model.json"};
}

}  // namespace scratchnet
