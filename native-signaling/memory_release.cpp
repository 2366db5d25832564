#include "memory_release.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#ifdef RTCLAB_WITH_JEMALLOC
#include <jemalloc/jemalloc.h>
#else
#include <malloc.h>
#endif

#ifdef RTCLAB_WITH_JEMALLOC
// Why jemalloc: glibc's malloc cannot give back the pages a closed connection used when a few
// long-lived blocks sit among them. Asio keeps one reactor descriptor_state per socket ever open
// at once (a pool it never frees); under churn they are allocated in between the connections'
// buffers, about one per page, and pin them all: after the soak's 1,000 clients left, glibc held
// ~4 MiB resident with 0.5 MiB in use, and malloc_trim(0) could not release it (bench/README.md).
// jemalloc keeps each size class in its own slabs, so those small survivors pin a few pages.
// The server runs one thread (main.cpp), so one arena is all it needs. Without a thread cache
// freed blocks go straight back to their slabs and dirty pages back to the OS after a second of
// disuse, so releaseFreeMemory() has little left to do (0.4 ms, against 26-66 ms with the cache
// on; bench/README.md, the soak).
extern "C" {
// NOLINTNEXTLINE: the name jemalloc reads its compiled-in options from.
const char* malloc_conf = "narenas:1,tcache:false,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
#endif

namespace rtclab::server {
namespace {

std::uint64_t allocatedKiB() {
#ifdef RTCLAB_WITH_JEMALLOC
  // jemalloc's statistics are a snapshot refreshed by writing to "epoch".
  std::uint64_t epoch = 1;
  std::size_t size = sizeof(epoch);
  mallctl("epoch", &epoch, &size, &epoch, size);
  std::size_t allocated = 0;
  size = sizeof(allocated);
  if (mallctl("stats.allocated", &allocated, &size, nullptr, 0) != 0)
    return 0;
  return allocated / 1024;
#else
  return mallinfo2().uordblks / 1024;
#endif
}

} // namespace

std::uint64_t residentKiB() {
  unsigned long sizePages = 0, residentPages = 0;
  std::FILE* statm = std::fopen("/proc/self/statm", "r");
  if (!statm)
    return 0;
  const int read = std::fscanf(statm, "%lu %lu", &sizePages, &residentPages);
  std::fclose(statm);
  return read == 2 ? residentPages * (static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)) / 1024)
                   : 0;
}

MemoryRelease releaseFreeMemory() {
  MemoryRelease release{};
  release.allocatedKiB = allocatedKiB();
  release.residentBeforeKiB = residentKiB();
  const auto start = std::chrono::steady_clock::now();
#ifdef RTCLAB_WITH_JEMALLOC
  release.allocator = "jemalloc";
  // The thread's cache first (its blocks count as in use), then every arena's free pages.
  mallctl("thread.tcache.flush", nullptr, nullptr, nullptr, 0);
#define RTCLAB_ARENA_PURGE(all) "arena." #all ".purge"
#define RTCLAB_ALL_ARENAS_PURGE(all) RTCLAB_ARENA_PURGE(all)
  mallctl(RTCLAB_ALL_ARENAS_PURGE(MALLCTL_ARENAS_ALL), nullptr, nullptr, nullptr, 0);
#else
  // glibc: also releases whole free pages inside the heap (madvise), not only its top.
  release.allocator = "glibc";
  ::malloc_trim(0);
#endif
  release.micros = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  release.residentAfterKiB = residentKiB();
  return release;
}

} // namespace rtclab::server
