// SCRATCHNET_FAULT, the CLI's fault injection (apps/scratchnet/fault.hpp): what it accepts,
// and what act_after_epoch does — including the pause that lets a test send a signal from
// outside at a moment known to be mid-run. Waits only on what the paused process writes.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fault.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

using cli::Fault;

Fault parsed(const char* spec) {
  const ScopedEnvironment fault("SCRATCHNET_FAULT", spec);
  return cli::fault_from_environment();
}

TEST(Fault, EveryKindIsParsed) {
  const std::vector<std::tuple<const char*, Fault::Kind, long>> cases = {
      {"", Fault::Kind::none, 0},
      {"kill-after-epochs:12", Fault::Kind::kill_after, 12},
      {"kill-during-checkpoint-write:2", Fault::Kind::kill_in_write, 2},
      {"kill-mid-checkpoint-write:3", Fault::Kind::kill_mid_write, 3},
      {"kill-before-checkpoint-removal", Fault::Kind::kill_before_removal, 0},
      {"sigint-after-epochs:0", Fault::Kind::sigint_after, 0},
      {"pause-after-epochs:31000", Fault::Kind::pause_after, 31000},
      {"progress-clock-late", Fault::Kind::progress_clock_late, 0},
  };
  for (const auto& [spec, kind, n] : cases) {
    const Fault f = parsed(spec);
    EXPECT_EQ(f.kind, kind) << spec;
    EXPECT_EQ(f.n, n) << spec;
  }
  ::unsetenv("SCRATCHNET_FAULT");
  EXPECT_EQ(cli::fault_from_environment().kind, Fault::Kind::none);
}

TEST(Fault, AnUnknownOrMalformedFaultIsRefusedListingTheKinds) {
  for (const char* spec : {"pause-after-epochs", "pause-after-epochs:", "pause-after-epochs:-1",
                           "pause-after-epochs:3x", "progress-clock-late:1", "kill-sometime"}) {
    try {
      parsed(spec);
      ADD_FAILURE() << spec << " was accepted";
    } catch (const UsageError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(std::string("'") + spec + "'"), std::string::npos) << message;
      EXPECT_NE(message.find("pause-after-epochs:N"), std::string::npos) << message;
      EXPECT_NE(message.find("progress-clock-late"), std::string::npos) << message;
    }
  }
}

volatile sig_atomic_t sigints = 0;
extern "C" void count_sigint(int) {
  sigints = sigints + 1;
}

// Installs count_sigint for SIGINT for its lifetime.
struct CountingSigint {
  CountingSigint() {
    sigints = 0;
    struct sigaction action {};
    action.sa_handler = count_sigint;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous);
  }
  ~CountingSigint() { sigaction(SIGINT, &previous, nullptr); }
  CountingSigint(const CountingSigint&) = delete;
  CountingSigint& operator=(const CountingSigint&) = delete;
  struct sigaction previous {};
};

TEST(Fault, ActAfterEpochActsOnlyAtItsEpoch) {
  const CountingSigint counting;
  // Not yet, or not an after-epoch fault: nothing happens, nothing waits.
  for (const Fault& f :
       {Fault{Fault::Kind::none, 0}, Fault{Fault::Kind::pause_after, 5},
        Fault{Fault::Kind::kill_after, 5}, Fault{Fault::Kind::sigint_after, 5},
        Fault{Fault::Kind::progress_clock_late, 0}, Fault{Fault::Kind::kill_in_write, 4},
        Fault{Fault::Kind::kill_before_removal, 0}})
    cli::act_after_epoch(f, 4);
  EXPECT_EQ(sigints, 0);
  cli::act_after_epoch({Fault::Kind::sigint_after, 4}, 4);  // raise() returns after the handler
  EXPECT_EQ(sigints, 1);
}

TEST(FaultDeathTest, KillAfterEpochsRaisesSigkill) {
  EXPECT_EXIT(cli::act_after_epoch({Fault::Kind::kill_after, 7}, 7),
              ::testing::KilledBySignal(SIGKILL), "");
}

// How a paused child ended.
struct PausedChild {
  int status = 0;
  std::string err;  // all it wrote on stderr
};

// Forks a child that (with count_sigint installed when `handler`) calls act_after_epoch
// with pause-after-epochs:9 at 9 epochs, then exits 40 + the SIGINTs it counted. Once the
// child says it is paused on its stderr, it is sent `sent_signal`.
PausedChild pause_and_send(int sent_signal, bool handler) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 2);
    ::close(fds[0]);
    ::close(fds[1]);
    if (handler) {
      struct sigaction action {};
      action.sa_handler = count_sigint;
      sigemptyset(&action.sa_mask);
      sigaction(SIGINT, &action, nullptr);
    } else {
      ::signal(SIGINT, SIG_DFL);
    }
    sigints = 0;
    cli::act_after_epoch({Fault::Kind::pause_after, 9}, 9);
    ::_exit(40 + sigints);
  }
  ::close(fds[1]);
  PausedChild child;
  char buffer[256];
  const std::string marker = "paused after 9 epochs";
  bool sent = false;
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) {
    child.err.append(buffer, static_cast<size_t>(n));
    if (!sent && child.err.find(marker) != std::string::npos) {
      ::kill(pid, sent_signal);
      sent = true;
    }
  }
  ::close(fds[0]);
  ::waitpid(pid, &child.status, 0);
  EXPECT_TRUE(sent) << "the child never said it paused: " << child.err;
  return child;
}

TEST(Fault, APauseSaysSoAndASigintFromOutsideGoesToTheRunsHandlerAndEndsIt) {
  const PausedChild child = pause_and_send(SIGINT, true);
  EXPECT_EQ(child.err,
            "scratchnet: paused after 9 epochs (SCRATCHNET_FAULT); waiting for a signal\n");
  ASSERT_TRUE(WIFEXITED(child.status)) << child.status;
  EXPECT_EQ(WEXITSTATUS(child.status), 41) << "the run's handler saw the SIGINT once";
}

TEST(Fault, APausedRunWithoutAHandlerEndsByTheSigint) {
  const PausedChild child = pause_and_send(SIGINT, false);
  ASSERT_TRUE(WIFSIGNALED(child.status)) << child.status;
  EXPECT_EQ(WTERMSIG(child.status), SIGINT);
}

TEST(Fault, APausedRunEndsBySigkill) {
  const PausedChild child = pause_and_send(SIGKILL, true);
  ASSERT_TRUE(WIFSIGNALED(child.status)) << child.status;
  EXPECT_EQ(WTERMSIG(child.status), SIGKILL);
}

}  // namespace
}  // namespace scratchnet::testing
