#include "scratchnet/run/thread_governor.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace scratchnet {
namespace {

double seconds_of(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
}

// The next whitespace-separated unsigned number in `line` from `pos`, or nullopt.
std::optional<unsigned long long> next_number(std::string_view line, size_t& pos) {
  while (pos < line.size() && line[pos] == ' ')
    ++pos;
  unsigned long long value = 0;
  auto [end, ec] = std::from_chars(line.data() + pos, line.data() + line.size(), value);
  if (ec != std::errc()) return std::nullopt;
  pos = static_cast<size_t>(end - line.data());
  return value;
}

}  // namespace

std::optional<double> busy_seconds_in_proc_stat(std::string_view text, const cpu_set_t* allowed,
                                                double ticks_per_second) {
  unsigned long long busy_ticks = 0;
  bool any = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) break;  // a line cut off by the buffer's end
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    // "cpu0 …" lines only: "cpu " is the total, which counts cores this process may not use.
    if (line.size() < 4 || line.substr(0, 3) != "cpu" || line[3] < '0' || line[3] > '9') continue;
    size_t pos = 3;
    const auto cpu = next_number(line, pos);
    if (!cpu || *cpu >= CPU_SETSIZE) continue;
    if (allowed && !CPU_ISSET(static_cast<int>(*cpu), allowed)) continue;
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait; steal
    // (time a hypervisor gave another machine) is a core this process could not have had.
    unsigned long long fields[8] = {};
    int read = 0;
    for (; read < 8; ++read) {
      const auto v = next_number(line, pos);
      if (!v) break;
      fields[read] = *v;
    }
    if (read < 4) continue;
    busy_ticks += fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
    any = true;
  }
  if (!any) return std::nullopt;
  return static_cast<double>(busy_ticks) / ticks_per_second;
}

CpuSample sample_cpu(std::vector<char>& buffer) {
  CpuSample s;
  s.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return s;
  s.own_seconds = seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
  const int fd = ::open("/proc/stat", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return s;
  size_t size = 0;
  while (size < buffer.size()) {
    const ssize_t n = ::read(fd, buffer.data() + size, buffer.size() - size);
    if (n <= 0) break;
    size += static_cast<size_t>(n);
  }
  ::close(fd);
  cpu_set_t allowed;
  const bool have_allowed = sched_getaffinity(0, sizeof allowed, &allowed) == 0;
  const long ticks = sysconf(_SC_CLK_TCK);
  const auto busy = busy_seconds_in_proc_stat(std::string_view(buffer.data(), size),
                                              have_allowed ? &allowed : nullptr,
                                              ticks > 0 ? static_cast<double>(ticks) : 100.0);
  if (!busy) return s;
  s.busy_seconds = *busy;
  s.valid = true;
  return s;
}

int threads_for_free_cores(int cores, double others_cores) {
  const double free_cores = static_cast<double>(cores) - std::max(0.0, others_cores);
  return std::clamp(static_cast<int>(std::floor(free_cores + 0.3)), 1, std::max(1, cores));
}

ThreadGovernor::ThreadGovernor(int max_threads, Sampler sample)
    : max_threads_(std::max(1, max_threads)), sample_(std::move(sample)), threads_(max_threads_) {
  // /proc/stat has a line of about 60 bytes per core; the interrupt counts after them are
  // not read.
  if (!sample_) buffer_.resize(1 << 17);
  last_ = sample_ ? sample_() : sample_cpu(buffer_);
}

double ThreadGovernor::seconds_since_last_sample() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
             .count() -
         last_.wall_seconds;
}

int ThreadGovernor::next_threads() {
  const CpuSample now = sample_ ? sample_() : sample_cpu(buffer_);
  if (!now.valid || !last_.valid) {
    last_ = now;
    others_cores_ = 0;
    return threads_ = max_threads_;
  }
  const double wall = now.wall_seconds - last_.wall_seconds;
  if (wall < kMinInterval) return threads_;
  // others = (all cores' busy time − ours) / wall time, in cores
  const double others =
      ((now.busy_seconds - last_.busy_seconds) - (now.own_seconds - last_.own_seconds)) / wall;
  others_cores_ = std::max(0.0, others);
  last_ = now;
  return threads_ = std::min(max_threads_, threads_for_free_cores(max_threads_, others_cores_));
}

std::string fewer_threads_note(const std::vector<int>& epoch_threads, int max_threads) {
  const auto fewer = std::count_if(epoch_threads.begin(), epoch_threads.end(),
                                   [&](int t) { return t < max_threads; });
  if (fewer == 0) return "";
  const int least = *std::min_element(epoch_threads.begin(), epoch_threads.end());
  char note[160];
  std::snprintf(note, sizeof note,
                "%d thread%s for %ld of %zu epochs, while other programs kept "
                "cores busy",
                least, least == 1 ? "" : "s", static_cast<long>(fewer), epoch_threads.size());
  return note;
}

}  // namespace scratchnet
