// Threads on a shared machine. A matrix product split over two threads waits for the slower
// half: when another program keeps one of two cores busy, that half waits for its turn on
// the busy core and OpenBLAS's idle workers spin, so two threads run a Fashion-MNIST epoch
// several times slower than one (README, "Threads"). The governor counts the cores other
// programs used since it last looked and runs the next epoch on the ones they left free.
#pragma once

#include <sched.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scratchnet {

// What the machine's cores did up to one moment: the clock, the CPU time all the cores this
// process may use spent busy (anything but idle and I/O wait, /proc/stat), and this
// process's own CPU time (all its threads). `valid` is false where /proc/stat can't be read.
struct CpuSample {
  double wall_seconds = 0;
  double busy_seconds = 0;
  double own_seconds = 0;
  bool valid = false;
};

// Reads /proc/stat and this process's CPU time; allocates nothing (a read into `buffer`).
CpuSample sample_cpu(std::vector<char>& buffer);

// The busy seconds of the cores in `allowed` (every core when null), from the text of
// /proc/stat ("cpuN user nice system idle iowait irq softirq steal …", in ticks of
// 1/ticks_per_second s); nullopt when no allowed core has a line.
std::optional<double> busy_seconds_in_proc_stat(std::string_view text, const cpu_set_t* allowed,
                                                double ticks_per_second);

// How many threads to run on `cores` cores while other programs keep `others_cores` of them
// busy: the free cores, a core counting as free while others use less than 30 % of it
// (a build's short pauses), at least 1 and at most `cores`.
int threads_for_free_cores(int cores, double others_cores);

class ThreadGovernor {
 public:
  using Sampler = std::function<CpuSample()>;
  // At most `max_threads`; `sample` is sample_cpu unless a test gives its own. Takes the
  // first sample now.
  explicit ThreadGovernor(int max_threads, Sampler sample = {});

  // The thread count for the next epoch, from the load since the last decision; unchanged
  // while less than kMinInterval seconds have passed (/proc/stat counts in 10 ms ticks), and
  // max_threads while the load can't be read.
  int next_threads();
  // The seconds next_threads() needs since the first sample to decide.
  static constexpr double kMinInterval = 0.1;
  double seconds_since_last_sample() const;

  int max_threads() const { return max_threads_; }
  // What other programs used at the last decision, in cores.
  double others_cores() const { return others_cores_; }

 private:
  int max_threads_;
  Sampler sample_;
  std::vector<char> buffer_;  // for /proc/stat, allocated once
  CpuSample last_;
  int threads_;
  double others_cores_ = 0;
};

// "1 thread for 3 of 20 epochs, while other programs kept cores busy", or "" when every
// epoch ran on max_threads.
std::string fewer_threads_note(const std::vector<int>& epoch_threads, int max_threads);

}  // namespace scratchnet
