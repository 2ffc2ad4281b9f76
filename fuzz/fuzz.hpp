// What every harness shares: a property that must hold after a reader accepted its input.
#pragma once

#include <cstdio>
#include <cstdlib>

// A broken promise of a reader that accepted its input is a bug like a crash: report it and
// abort, so that libFuzzer saves the input.
#define FUZZ_CHECK(condition)                                                                 \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (false)
