// Before any benchmark runs: the number of matrix-product threads, 1 by default so every
// number is a single-core number (the machine has 2 cores shared with others), or
// SCRATCHNET_THREADS=N. The choice and the matrix backend go into the benchmark's context
// (the header of the console output, "context" in --benchmark_format=json).
//
// Google Benchmark's CPU time is that of the benchmark's own thread: with more than one
// thread OpenBLAS's workers are not counted, so every benchmark then reports (and computes
// its rates from) real time instead, and its name ends in /real_time.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "scratchnet/tensor/error.hpp"
#include "scratchnet/tensor/threads.hpp"

namespace scratchnet::bench {

int threads_from_environment() {
  const char* text = std::getenv("SCRATCHNET_THREADS");
  if (text == nullptr || *text == '\0') return 1;
  char* end = nullptr;
  const long n = std::strtol(text, &end, 10);
  if (*end != '\0' || n < 1 || n > 1024) {
    std::fprintf(stderr,
                 "scratchnet_bench: SCRATCHNET_THREADS must be a positive integer, got '%s'\n",
                 text);
    std::exit(2);
  }
  return static_cast<int>(n);
}

void apply_timing(benchmark::internal::Benchmark* b) {
  if (threads_from_environment() > 1) b->UseRealTime();
}

namespace {

// Runs while the program starts, before benchmark_main's main().
[[maybe_unused]] const bool configured = [] {
  const int n = threads_from_environment();
  scratchnet::set_threads(n);
  benchmark::AddCustomContext("scratchnet_threads", std::to_string(scratchnet::threads()));
  benchmark::AddCustomContext("matrix_backend", scratchnet::matrix_backend());
  return true;
}();

}  // namespace
}  // namespace scratchnet::bench
