// Giving the memory of closed connections back to the operating system (Server's trim timer).
#pragma once

#include <cstdint>
#include <string_view>

namespace rtclab::server {

struct MemoryRelease {
  std::string_view allocator; // "jemalloc" or "glibc"
  std::uint64_t allocatedKiB; // in use by the program when the release began
  std::uint64_t residentBeforeKiB;
  std::uint64_t residentAfterKiB;
  std::int64_t micros; // how long the release held the (only) thread
};

// Returns the allocator's free pages to the OS at once. Not cheap (it walks the free memory):
// call it when many connections have closed, never per message.
MemoryRelease releaseFreeMemory();

// The process's resident set (/proc/self/statm), 0 if unreadable.
std::uint64_t residentKiB();

} // namespace rtclab::server
