// `scratchnet serve` over real HTTP on loopback: the page's files, the API behind them,
// hostile requests, many sessions at once (a load test bounded in requests), the page's
// "as a command" reproducing the page's cost, and a clean stop on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <thread>

#include "test_util.hpp"

// After Eigen (test_util.hpp): httplib's <resolv.h> defines a macro _res.
#include <httplib.h>

namespace scratchnet::testing {
namespace {

using json = nlohmann::json;

// A `scratchnet serve --port 0` of its own, stopped with SIGTERM at the end.
class Server {
 public:
  Server() {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      execl(SCRATCHNET_CLI, SCRATCHNET_CLI, "serve", "--port", "0", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    output_ = fdopen(out[0], "r");
    char line[256] = {};
    if (!std::fgets(line, sizeof line, output_)) throw std::runtime_error("serve printed nothing");
    first_line_ = line;
    const size_t colon = first_line_.rfind(':');
    port_ = std::stoi(first_line_.substr(colon + 1));
  }
  ~Server() {
    if (pid_ > 0) stop();
    if (output_) std::fclose(output_);
  }
  // SIGTERM; returns what it printed after its first line and whether it exited 0.
  std::pair<std::string, bool> stop() {
    kill(pid_, SIGTERM);
    std::string rest;
    char line[256];
    while (std::fgets(line, sizeof line, output_))
      rest += line;
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return {rest, WIFEXITED(status) && WEXITSTATUS(status) == 0};
  }
  int port() const { return port_; }
  const std::string& first_line() const { return first_line_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    return c;
  }

 private:
  pid_t pid_ = -1;
  FILE* output_ = nullptr;
  std::string first_line_;
  int port_ = 0;
};

// Sends `request` as it is (no client tidies its path) and returns the whole answer.
std::string raw_request(int port, const std::string& request) {
  std::string answer;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    (void)!write(fd, request.data(), request.size());
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0)
      answer.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return answer;
}

std::string body_line(const httplib::Result& r) {
  EXPECT_TRUE(r) << "no answer";
  if (!r) return "";
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(std::count(r->body.begin(), r->body.end(), '\n'), 1) << r->body;
  return r->body;
}

TEST(CliServe, ServesThePageAndStopsCleanly) {
  Server server;
  EXPECT_EQ(server.first_line(),
            "serving on http://127.0.0.1:" + std::to_string(server.port()) + "/\n");
  httplib::Client c = server.client();
  const auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<html"), std::string::npos);
  const auto script = c.Get("/main.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");

  const auto [rest, clean] = server.stop();
  EXPECT_EQ(rest, "stopped\n");
  EXPECT_TRUE(clean);
}

TEST(CliServe, HostileRequestsGetOneLine) {
  Server server;
  httplib::Client c = server.client();
  // Paths that try to leave the page's files, sent exactly as written.
  for (const char* path : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2fetc%2fpasswd",
                           "//etc/passwd", "/.hidden", "/api/../../etc/passwd"}) {
    const std::string answer =
        raw_request(server.port(), std::string("GET ") + path +
                                       " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 404") || answer.starts_with("HTTP/1.1 400"))
        << path << ": " << answer.substr(0, 200);
    EXPECT_EQ(answer.find("root:"), std::string::npos) << path;
  }
  EXPECT_NE(body_line(c.Get("/nope.html")).find("no such page: /nope.html"), std::string::npos);

  // Another name for this machine is refused: a page elsewhere cannot rebind to us.
  const auto rebound = c.Get("/", {{"Host", "attacker.example:80"}});
  ASSERT_TRUE(rebound);
  EXPECT_EQ(rebound->status, 403);
  EXPECT_NE(body_line(rebound).find("127.0.0.1 or localhost only"), std::string::npos);

  // A body over 16 MB: refused with a line, and the server goes on.
  const auto huge = c.Post("/api/sessions", std::string((16 << 20) + 10, ' '), "application/json");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_NE(body_line(huge).find("16 MB"), std::string::npos) << huge->body;

  const auto bad_json = c.Post("/api/sessions", "{\"hidden\": [3", "application/json");
  ASSERT_TRUE(bad_json);
  EXPECT_EQ(bad_json->status, 400);
  EXPECT_NE(body_line(bad_json).find("not valid JSON"), std::string::npos);
  const auto put = c.Put("/index.html", "x", "text/plain");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(raw_request(server.port(), "NONSENSE\r\n\r\n").substr(0, 12), "HTTP/1.1 400");

  const auto fine = c.Get("/api/choices");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200);
}

// The load test: 32 sessions (the cap) trained at once, by 8 clients (a browser opens up to
// 6 connections to a server; httplib, built with a listen backlog of 5, resets connections
// beyond what it can accept at once) that each drive 4 sessions in turn, 25 frames a session
// with a 50 × 50 grid; every request answered, every session's numbers its own; one more
// session is 429.
TEST(CliServe, ManySessionsAtOnce) {
  Server server;
  constexpr int kClients = 8, kPerClient = 4, kSessions = kClients * kPerClient, kFrames = 25;
  std::atomic<int> errors = 0, answered = 0;
  std::vector<double> costs(kSessions);
  std::vector<std::string> ids(kSessions);
  std::vector<std::thread> clients;
  for (int client = 0; client < kClients; ++client)
    clients.emplace_back([&, client] {
      httplib::Client c = server.client();
      auto failed = [&](int i, const httplib::Result& r) {
        ADD_FAILURE() << "session " << i << ": " << (r ? r->body : httplib::to_string(r.error()));
        ++errors;
      };
      for (int k = 0; k < kPerClient; ++k) {
        const int i = client * kPerClient + k;
        // Every digit of the learning rate, so the lone run below gets the same number.
        const std::string config =
            json{{"data", "xor"}, {"hidden", {3}}, {"learning_rate", 0.5 + 0.1 * i}}.dump();
        const auto created = c.Post("/api/sessions", config, "application/json");
        if (!created || created->status != 201) return failed(i, created);
        ids[i] = json::parse(created->body)["id"];
      }
      for (int f = 0; f < kFrames; ++f)
        for (int k = 0; k < kPerClient; ++k) {
          const int i = client * kPerClient + k;
          const auto frame =
              c.Post("/api/sessions/" + ids[i] + "/frame",
                     R"({"epochs": 20, "grid": 50, "neurons": true})", "application/json");
          if (!frame || frame->status != 200) return failed(i, frame);
          ++answered;
          costs[i] = json::parse(frame->body)["train_cost"];
        }
    });
  for (std::thread& t : clients)
    t.join();
  EXPECT_EQ(errors, 0);
  EXPECT_EQ(answered, kSessions * kFrames);
  httplib::Client c = server.client();
  const auto over = c.Post("/api/sessions", "{}", "application/json");
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 429);
  EXPECT_NE(body_line(over).find("too many sessions: 32 are open"), std::string::npos);
  for (int i = 0; i < kSessions; i += 7) {
    RunConfig alone = run_config_from_json(R"({"data": "xor", "hidden": [3]})");
    alone.learning_rate = 0.5 + 0.1 * i;
    alone.epochs = 20 * kFrames;
    Session<double> session(alone);
    session.train();
    // Bit for bit: each session trains alone, whatever the others do at the same time.
    EXPECT_EQ(costs[i], session.result().train_cost)
        << "session " << i << std::setprecision(17) << " " << costs[i] << " "
        << session.result().train_cost;
  }
  for (const std::string& id : ids)
    EXPECT_EQ(c.Delete("/api/sessions/" + id)->status, 204);
}

// "as a command": the line the page shows, run, prints the page's cost.
TEST(CliServe, TheRunAsACommandReproducesThePagesCost) {
  Server server;
  httplib::Client c = server.client();
  const auto created = c.Post("/api/sessions", R"json({"data": "spiral", "points": 150,
      "noise": 0.05, "data_seed": 7, "validation_split": 0.3, "crosses": ["sin(0)", "1*1"],
      "hidden": [5], "activation": "tanh", "learning_rate": 0.3, "batch": 16, "l2": 0.001,
      "optimizer": {"name": "momentum", "momentum": 0.8}, "seed": 5})json",
                              "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = json::parse(created->body)["id"];
  const auto frame =
      c.Post("/api/sessions/" + id + "/frame", R"({"epochs": 40})", "application/json");
  ASSERT_TRUE(frame);
  const double page_cost = json::parse(frame->body)["train_cost"];
  const auto command = c.Get("/api/sessions/" + id + "/command");
  ASSERT_TRUE(command);
  std::string line = json::parse(command->body)["command"];
  ASSERT_TRUE(line.starts_with("scratchnet train "));
  EXPECT_NE(line.find("--epochs 40"), std::string::npos) << line;
  EXPECT_NE(line.find("--cross 'sin(0),1*1'"), std::string::npos) << line;
  const CliResult run = run_cli(line.substr(std::string("scratchnet ").size()) + " --quiet");
  ASSERT_EQ(run.exit_code, 0) << line << "\n" << run.err;
  const std::string label = "cost ";  // "final cost …", or "last epoch's mean cost …"
  const size_t at = run.out.find(label);
  ASSERT_NE(at, std::string::npos) << run.out;
  EXPECT_NEAR(std::stod(run.out.substr(at + label.size())), page_cost, 1e-9 * page_cost)
      << line << "\n"
      << run.out;
}

}  // namespace
}  // namespace scratchnet::testing
