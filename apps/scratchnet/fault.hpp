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
//   pause-after-epochs:N            once N epochs are done (and their checkpoint, if due), say
//                                   so on stderr and wait for a signal: a test then sends
//                                   SIGINT or SIGKILL from outside at a moment known to be
//                                   mid-run (see act_after_epoch)
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
    pause_after,
    progress_clock_late
  };
  Kind kind = Kind::none;
  long n = 0;
};

// The fault SCRATCHNET_FAULT names, or Kind::none; UsageError for an unknown one.
Fault fault_from_environment();

// The faults due once `done` epochs are done, their checkpoint (if due) written: the
// training loop calls it from its after-epoch hook, last. kill-after-epochs:N raises SIGKILL,
// sigint-after-epochs:N raises SIGINT (the run's Ctrl-C handler then stops it before the next
// epoch), and pause-after-epochs:N writes one line to stderr,
//   scratchnet: paused after N epochs (SCRATCHNET_FAULT); waiting for a signal
// and then blocks until a SIGINT arrives (SIGKILL ends it where it waits). The SIGINT goes on
// to the handler the run had installed, so it acts as a Ctrl-C at that very moment; then the
// call returns. Any other fault, or another `done`, does nothing.
void act_after_epoch(const Fault& fault, long done);

}  // namespace scratchnet::cli
