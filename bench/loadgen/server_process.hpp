// The server under test, seen from outside: a child process started from a shell command (so
// the same code starts rtclab-server and the Node baseline), pinned to a CPU, and observed
// through /proc: CPU time from /proc/PID/stat, resident memory from /proc/PID/status.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>

namespace rtclab::bench {

// Where a server listens, taken from its first line "... listening on http://HOST:PORT".
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// Parses "http://HOST:PORT" anywhere in `text`; nullopt when absent.
std::optional<ListenAddress> findListenAddress(const std::string& text);

class ServerProcess {
public:
  // Runs `command` through /bin/sh with `exec`, so the child pid is the server's own pid.
  // stdout and stderr go to `logPath`; waits (up to 10 s) for the listening line in it.
  // `cpu`: pin the server (and every thread it starts) to this CPU, like `taskset -c`.
  // Throws std::runtime_error when the server exits or never prints the line.
  ServerProcess(const std::string& command, const std::string& logPath, std::optional<int> cpu);
  ~ServerProcess(); // stops the server
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  const ListenAddress& address() const { return address_; }
  pid_t pid() const { return pid_; }
  bool running();

  double cpuSeconds() const;      // user + system time of all the server's threads so far
  std::uint64_t rssBytes() const; // VmRSS now

  // SIGTERM, then SIGKILL if the server is still there after 3 s.
  void stop();

private:
  pid_t pid_ = -1;
  ListenAddress address_;
};

} // namespace rtclab::bench
