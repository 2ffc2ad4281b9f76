// Fault injection for the kill-and-resume tests: what the environment variable
// SCRATCHNET_FAULT asks a run to do to itself, so a test can stop a run at an exact point
// instead of racing a signal against it.
#pragma once

namespace scratchnet::cli {

// SCRATCHNET_FAULT (tests/test_checkpoint.cpp, tests/test_cli_explain.cpp):
//   kill-after-epochs:N             SIGKILL once N epochs are done (and their checkpoint, if due)
//   kill-during-checkpoint-write:K  SIGKILL in the K-th checkpoint write of the process, the
//                                   temporary file complete and synced, before its rename
//   kill-mid-checkpoint-write:K     the same with the temporary file cut to half its bytes
//   kill-before-checkpoint-removal  SIGKILL after the final outputs, before the checkpoint goes
//   sigint-after-epochs:N           raise SIGINT once N epochs are done (as a Ctrl-C would)
//   progress-clock-late             the progress bar's clock moves one second per reading, so
//                                   a short run on a terminal shows the bar (progress.hpp)
struct Fault {
  enum class Kind {
    none,
    kill_after,
    kill_in_write,
    kill_mid_write,
    kill_before_removal,
    sigint_after,
    progress_clock_late
  };
  Kind kind = Kind::none;
  long n = 0;
};

// The fault SCRATCHNET_FAULT names, or Kind::none; UsageError for an unknown one.
Fault fault_from_environment();

}  // namespace scratchnet::cli
