// FUZZ_CHECK(condition): a fuzzer's assertion. On failure it names the condition and aborts,
// so libFuzzer stops, reports a crash and writes the input to crash-<sha1>.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                      \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #condition);      \
      std::abort();                                                                                \
    }                                                                                              \
  } while (false)
