#include "scratchnet/tensor/threads.hpp"

#include <sched.h>

#include <Eigen/Core>
#include <algorithm>
#include <thread>

#include "scratchnet/tensor/error.hpp"

#ifdef SCRATCHNET_OPENBLAS
extern "C" {
void openblas_set_num_threads(int num_threads);
char* openblas_get_config(void);
}
#endif

namespace scratchnet {
namespace {
int current_threads = 0;  // 0: not set yet
}

int default_threads() {
  // The CPUs this process may run on (a container or taskset may allow fewer than exist).
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

void set_threads(int n) {
  if (n < 1) throw UsageError("threads must be at least 1, got " + std::to_string(n));
#ifdef SCRATCHNET_OPENBLAS
  openblas_set_num_threads(n);
  Eigen::setNbThreads(1);  // one pool: OpenBLAS's
#else
  Eigen::setNbThreads(n);  // Eigen parallelises products only when built with OpenMP
#endif
  current_threads = n;
}

int threads() {
  return current_threads ? current_threads : default_threads();
}

std::string matrix_backend() {
  std::string eigen = "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
                      std::to_string(EIGEN_MAJOR_VERSION) + "." +
                      std::to_string(EIGEN_MINOR_VERSION);
#ifdef SCRATCHNET_OPENBLAS
  return eigen + " over " + openblas_get_config();
#else
  return eigen + " (its own kernels)";
#endif
}

}  // namespace scratchnet
