// Threads and the matrix-product backend. Matrix products are the only parallel work: they
// run on one thread pool (OpenBLAS's, or Eigen's own kernels on one thread), never two
// pools at once. With one thread every result is bit-for-bit reproducible.
#pragma once

#include <string>

namespace scratchnet {

// The number of cores this process may use (at least 1): the default for --threads.
int default_threads();

// Sets the threads used by matrix products. Throws UsageError for n < 1.
void set_threads(int n);
int threads();

// Which kernels compute matrix products, e.g. "Eigen 3.4 over OpenBLAS 0.3.21 (pthreads)".
std::string matrix_backend();

}  // namespace scratchnet
