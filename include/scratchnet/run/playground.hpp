// The playground's API, transport aside: live sessions by id, each a LiveRun, and every
// request — a method, a path and a body — answered with a status and a body. The web
// server (`scratchnet serve`) only moves requests and answers between HTTP and this, so
// every endpoint, limit and error message is here, tested without a network.
//
//   Playground playground;
//   PlaygroundReply r = playground.handle("POST", "/api/sessions", R"({"data": "xor"})");
//   // r.status 201, r.body {"id": "…", "points": …}; then POST /api/sessions/{id}/frame …
//
// The endpoints are listed in docs/PLAYGROUND.md. An error is a 4xx whose body is one line
// of text naming what is wrong.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "scratchnet/run/live_run.hpp"

namespace scratchnet {

struct PlaygroundLimits {
  std::size_t max_body_bytes = 16 << 20;  // an uploaded CSV with the rest of a request
  std::size_t max_sessions = 32;
  std::chrono::steady_clock::duration idle = std::chrono::minutes(10);  // then dropped
  Index max_hidden_layers = 8;
  Index max_layer_width = 64;
};

struct PlaygroundReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::string download_name;  // a file the browser saves (model.json); empty: none
};

// The RunConfig a request body describes, held to what a server may run: built-in data
// that is a gate or a set of points, or a CSV's text; no files read or written; the
// network within `limits`. Throws FieldError naming the field.
RunConfig playground_config(std::string_view body, const PlaygroundLimits& limits = {});
// A frame request's body: {"train_seconds", "epochs", "grid", "neurons"}, each optional.
// Throws FieldError naming the field, UsageError for text that is not JSON.
FrameRequest frame_request_from_json(std::string_view body);

class Playground {
 public:
  // `command_of` writes a run as the front-end's command line ("scratchnet train …"), for
  // the page's "as a command"; without it the answer has none.
  explicit Playground(PlaygroundLimits limits = {},
                      std::function<std::string(const RunConfig&)> command_of = {});
  ~Playground();

  // Safe to call from many threads at once: requests to one session take turns, requests
  // to different sessions run side by side.
  PlaygroundReply handle(std::string_view method, std::string_view path, std::string_view body);

  std::size_t session_count();
  const PlaygroundLimits& limits() const { return limits_; }

 private:
  struct Live;
  PlaygroundReply create(std::string_view body);
  PlaygroundReply on_session(std::string_view method, std::string_view id, std::string_view action,
                             std::string_view body);
  std::shared_ptr<Live> find(std::string_view id);
  void drop_idle(std::chrono::steady_clock::time_point now);  // with mutex_ held

  PlaygroundLimits limits_;
  std::function<std::string(const RunConfig&)> command_of_;
  std::mutex mutex_;  // guards sessions_
  std::map<std::string, std::shared_ptr<Live>, std::less<>> sessions_;
};

}  // namespace scratchnet
