// libFuzzer harness for what the playground's server reads from a page: each input is a
// request body, given to frame_request_from_json and to the Playground as a new session's
// RunConfig, a frame request and a graph-walk request of a small XOR session made once.
// Every answer must be a success or a 4xx whose body is one line (what the page shows);
// anything else is a bug: an exception escaping handle(), a 5xx, a line that is not one,
// ASan and UBSan, a failed FUZZ_CHECK.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz.hpp"
#include "scratchnet/run/playground.hpp"
#include "scratchnet/tensor/error.hpp"

namespace {

using namespace scratchnet;

void check_reply(const PlaygroundReply& reply) {
  FUZZ_CHECK(reply.status >= 200 && reply.status < 500);
  if (reply.status >= 400) {
    FUZZ_CHECK(reply.body.size() > 1 && reply.body.back() == '\n');  // one line, ended
    FUZZ_CHECK(reply.body.find('\n') == reply.body.size() - 1);
  }
}

Playground& playground() {
  static Playground p;
  return p;
}

// A session with a cap of 100 epochs, so frames that ask to train for a second stop soon.
const std::string& session_path() {
  static const std::string path = [] {
    const PlaygroundReply created = playground().handle(
        "POST", "/api/sessions", R"({"data": "xor", "hidden": [3], "epochs": 100})");
    FUZZ_CHECK(created.status == 201);
    return "/api/sessions/" + nlohmann::json::parse(created.body)["id"].get<std::string>();
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    const FrameRequest request = frame_request_from_json(body);
    FUZZ_CHECK(request.grid >= 0 && request.epochs >= 0 && request.train_seconds >= 0);
  } catch (const Error&) {
  }

  const PlaygroundReply created = playground().handle("POST", "/api/sessions", body);
  check_reply(created);
  if (created.status == 201) {  // keep within the sessions' cap
    const std::string id = nlohmann::json::parse(created.body)["id"].get<std::string>();
    check_reply(playground().handle("DELETE", "/api/sessions/" + id, ""));
  }
  check_reply(playground().handle("POST", session_path() + "/frame", body));
  check_reply(playground().handle("POST", session_path() + "/explain", body));
  return 0;
}
