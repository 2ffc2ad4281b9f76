// scratchnet serve: the playground — a page that trains a network live and steps through
// its graph. This file only moves bytes: HTTP (cpp-httplib) in, the library's Playground
// answers, the page's files out. Every endpoint, limit and message is the library's.
#include <semaphore.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "assets.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "scratchnet/run/playground.hpp"

// After Eigen (through the library's headers): httplib includes <resolv.h>, whose macro
// _res would rename a parameter inside Eigen's product kernels.
#include <httplib.h>

namespace scratchnet::cli {
namespace {

sem_t stop_requested;  // posted by SIGINT and SIGTERM

struct ServeFlags {
  std::string host = "127.0.0.1";
  int port = 8000;
  std::string assets;  // serve the page's files from here instead of the binary's copies
};

std::string content_type_of(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".json")) return "application/json";
  return "application/octet-stream";
}

void one_line(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(message + "\n", "text/plain; charset=utf-8");
}

// A page file by name: only names of the page's own files, so no path (../, %2e%2e, an
// absolute path) reaches the file system.
bool find_asset(const ServeFlags& flags, const std::string& name, std::string& bytes) {
  if (name.empty() ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                             "0123456789_.-") != std::string::npos ||
      name.front() == '.')
    return false;
  if (!flags.assets.empty()) {
    const std::filesystem::path path = std::filesystem::path(flags.assets) / name;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    bytes = text.str();
    return static_cast<bool>(in);
  }
  for (const EmbeddedFile& file : embedded_files())
    if (file.name == name) {
      bytes = std::string(file.bytes);
      return true;
    }
  return false;
}

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// On loopback, answer only requests addressed to loopback: a page elsewhere cannot reach
// the server through a name that resolves to 127.0.0.1 (DNS rebinding).
bool addressed_to_loopback(const httplib::Request& req) {
  std::string host = req.get_header_value("Host");
  if (host.starts_with("["))
    host = host.substr(1, host.find(']') - 1);
  else
    host = host.substr(0, host.find(':'));
  return is_loopback(host);
}

void serve(const ServeFlags& flags) {
  if (flags.port < 0 || flags.port > 65535)
    throw UsageError("--port must be 0 (any free port) to 65535, got " +
                     std::to_string(flags.port));
  if (!flags.assets.empty() && !std::filesystem::is_directory(flags.assets))
    throw UsageError("--assets: " + flags.assets + " is not a folder");

  Playground playground({}, [](const RunConfig& config) { return train_command_for(config); });
  httplib::Server server;
  // A worker per open connection (httplib keeps one busy while a connection is kept alive):
  // room for every session the library allows, each with a browser's few connections.
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  // One more than the library's cap, so the library's 413 (with its message) answers.
  server.set_payload_max_length(playground.limits().max_body_bytes + 1);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);

  const bool loopback = is_loopback(flags.host);
  auto handle = [&](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "no-store");
    if (loopback && !addressed_to_loopback(req))
      return one_line(res, 403,
                      "this server answers requests to 127.0.0.1 or localhost only, not to '" +
                          req.get_header_value("Host").substr(0, 100) + "'");
    if (req.path.starts_with("/api/")) {
      const PlaygroundReply reply = playground.handle(req.method, req.path, req.body);
      res.status = reply.status;
      if (!reply.download_name.empty())
        res.set_header("Content-Disposition",
                       "attachment; filename=\"" + reply.download_name + "\"");
      // With a charset the type is not one httplib compresses: its brotli, at quality 11,
      // took 1.2 s for a 100 × 100 frame of 765 KB that loopback carries in 6 ms.
      const std::string type = reply.content_type == "application/json"
                                   ? "application/json; charset=utf-8"
                                   : reply.content_type;
      if (reply.status != 204) res.set_content(reply.body, type);
      return;
    }
    if (req.method != "GET" && req.method != "HEAD")
      return one_line(res, 405, req.path.substr(0, 200) + " takes GET, got " + req.method);
    const std::string name = req.path == "/" ? "index.html" : req.path.substr(1);
    std::string bytes;
    if (!find_asset(flags, name, bytes))
      return one_line(res, 404,
                      "no such page: " + req.path.substr(0, 200) + " (the playground is at /)");
    res.set_content(bytes, content_type_of(name));
  };
  server.Get(".*", handle);
  server.Post(".*", handle);
  server.Delete(".*", handle);
  server.Put(".*", handle);
  server.Patch(".*", handle);
  server.Options(".*", handle);
  // httplib's own refusals (a body over the cap, a malformed request line) get a line too.
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string message =
        res.status == 413   ? "the request body is larger than the playground takes (16 MB)"
        : res.status == 400 ? "the request is not valid HTTP/1.1 (a POST needs a Content-Length)"
                            : "the request was refused (HTTP " + std::to_string(res.status) + ")";
    one_line(res, res.status, message);
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                  std::exception_ptr) { one_line(res, 500, "internal error"); });

  const int port = flags.port == 0
                       ? server.bind_to_any_port(flags.host)
                       : (server.bind_to_port(flags.host, flags.port) ? flags.port : -1);
  if (port < 0)
    throw Error("cannot listen on " + flags.host + ":" + std::to_string(flags.port) +
                " (in use by another program? try --port 0 for any free port)");

  // Ctrl-C and SIGTERM stop the server between requests. The signal may land on any thread
  // (OpenBLAS starts its own before main), so the handler only posts a semaphore — safe in
  // a signal handler — and a thread of ours waits on it and stops the server.
  sem_init(&stop_requested, 0, 0);
  struct sigaction action = {};
  action.sa_handler = [](int) { sem_post(&stop_requested); };
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::thread waiter([&] {
    while (sem_wait(&stop_requested) != 0) {
    }  // EINTR: wait again
    server.stop();
  });

  const std::string shown_host =
      flags.host.find(':') != std::string::npos ? "[" + flags.host + "]" : flags.host;
  std::printf("serving on http://%s:%d/\n", shown_host.c_str(), port);
  std::fflush(stdout);
  const bool clean = server.listen_after_bind();
  sem_post(&stop_requested);  // if the server ended on its own
  waiter.join();
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  if (!clean) throw Error("the server stopped: it could not accept connections");
  std::printf("stopped\n");
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* command = app.add_subcommand(
      "serve",
      "The playground: a page in your browser that trains a network live on this engine and "
      "steps through its computational graph, forward, backward and the update");
  command
      ->add_option("--host", flags->host,
                   "Address to listen on; 127.0.0.1 (this computer only) unless you mean "
                   "others to reach it, e.g. 0.0.0.0")
      ->capture_default_str();
  command->add_option("--port", flags->port, "Port to listen on; 0 for any free port")
      ->capture_default_str();
  command->add_option("--assets", flags->assets,
                      "Serve the page's files from this folder (e.g. apps/playground) instead "
                      "of the copies built in: for working on the page");
  command->footer(
      "\nOpen the address it prints in a browser. Each tab is a session of its own. Ctrl-C "
      "stops the server. The API the page uses is described in docs/PLAYGROUND.md.");
  command->callback([flags] { serve(*flags); });
}

}  // namespace scratchnet::cli
