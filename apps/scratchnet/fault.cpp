#include "fault.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <utility>

#include "progress.hpp"
#include "scratchnet/tensor/error.hpp"

namespace scratchnet::cli {
namespace {

// pause-after-epochs: the paused thread waits on this pipe, and a SIGINT writes a byte into
// it. (Not sigsuspend: a process-directed signal may be handled on another thread, such as
// one of OpenBLAS's, and would then not wake the paused one.)
int wake_fds[2] = {-1, -1};
struct sigaction run_handler {};  // the SIGINT handler the run had before the pause

extern "C" void wake_on_sigint(int sig, siginfo_t* info, void* context) {
  // First whatever the run does on a Ctrl-C, then wake the pause.
  if (run_handler.sa_flags & SA_SIGINFO) {
    run_handler.sa_sigaction(sig, info, context);
  } else if (run_handler.sa_handler == SIG_DFL) {
    // No handler: SIGINT ends the process, as it would have without the pause (the signal,
    // blocked while this handler runs, is delivered as it returns).
    ::signal(SIGINT, SIG_DFL);
    ::raise(SIGINT);
    return;
  } else if (run_handler.sa_handler != SIG_IGN) {
    run_handler.sa_handler(sig);
  }
  const char byte = 1;
  [[maybe_unused]] const ssize_t written = ::write(wake_fds[1], &byte, 1);
}

void pause_until_sigint(long done) {
  if (wake_fds[0] < 0 && ::pipe2(wake_fds, O_CLOEXEC) != 0)
    throw Error("SCRATCHNET_FAULT=pause-after-epochs: cannot make a pipe");
  sigaction(SIGINT, nullptr, &run_handler);
  struct sigaction wake {};
  wake.sa_sigaction = wake_on_sigint;
  sigemptyset(&wake.sa_mask);
  wake.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(SIGINT, &wake, nullptr);
  // Said only once the handler is in place: a signal sent on reading it is never missed.
  const std::string line = "scratchnet: paused after " + std::to_string(done) +
                           " epochs (SCRATCHNET_FAULT); waiting for a signal\n";
  for (size_t at = 0; at < line.size();) {
    const ssize_t n = ::write(2, line.data() + at, line.size() - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    at += static_cast<size_t>(n);
  }
  char byte = 0;
  while (::read(wake_fds[0], &byte, 1) < 0 && errno == EINTR) {
  }
  sigaction(SIGINT, &run_handler, nullptr);
}

}  // namespace

Fault fault_from_environment() {
  const char* text = std::getenv("SCRATCHNET_FAULT");
  if (!text || !*text) return {};
  const std::string spec = text;
  const std::pair<const char*, Fault::Kind> kinds[] = {
      {"kill-after-epochs:", Fault::Kind::kill_after},
      {"kill-during-checkpoint-write:", Fault::Kind::kill_in_write},
      {"kill-mid-checkpoint-write:", Fault::Kind::kill_mid_write},
      {"sigint-after-epochs:", Fault::Kind::sigint_after},
      {"pause-after-epochs:", Fault::Kind::pause_after}};
  if (spec == "kill-before-checkpoint-removal") return {Fault::Kind::kill_before_removal, 0};
  if (spec == kProgressClockLate) return {Fault::Kind::progress_clock_late, 0};
  for (const auto& [prefix, kind] : kinds) {
    const std::string p = prefix;
    if (spec.rfind(p, 0) != 0) continue;
    char* end = nullptr;
    const long n = std::strtol(spec.c_str() + p.size(), &end, 10);
    if (end != spec.c_str() + p.size() && *end == '\0' && n >= 0) return {kind, n};
  }
  throw UsageError("SCRATCHNET_FAULT: unknown fault '" + spec +
                   "' (expected kill-after-epochs:N, kill-during-checkpoint-write:K, "
                   "kill-mid-checkpoint-write:K, kill-before-checkpoint-removal, "
                   "sigint-after-epochs:N, pause-after-epochs:N or " +
                   std::string(kProgressClockLate) + ")");
}

void act_after_epoch(const Fault& fault, long done) {
  if (fault.n != done) return;
  switch (fault.kind) {
    case Fault::Kind::kill_after:
      ::raise(SIGKILL);
      break;
    case Fault::Kind::sigint_after:
      ::raise(SIGINT);
      break;
    case Fault::Kind::pause_after:
      pause_until_sigint(done);
      break;
    default:
      break;
  }
}

}  // namespace scratchnet::cli
