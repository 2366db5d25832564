// Runs the real rtclab-server binary for one test: started on --port 0, the port read from its
// first stdout line, stopped when the test ends if it is still running (SIGTERM, then SIGKILL).
// RTCLAB_SERVER names the binary: ctest sets it per preset, so the same tests run against the
// native and the native-asan (ASan + UBSan) builds.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rtclab::server_test {

// How to start the server beyond its arguments.
struct ProcessLimits {
  std::optional<unsigned> openFileLimit; // RLIMIT_NOFILE, soft and hard, set in the child
};

class ServerProcess {
public:
  // Starts `$RTCLAB_SERVER --port 0 --web <webRoot> <extraArgs...>`; throws if it does not
  // announce "rtclab-server listening on http[s]://HOST:PORT" within a few seconds. Its stderr
  // (the log) goes to a temporary file: see log().
  ServerProcess(const std::string& webRoot, const std::vector<std::string>& extraArgs = {},
                const ProcessLimits& limits = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }

  // Everything the server logged so far.
  std::string log() const;
  std::size_t logLineCount() const;
  // From /proc: resident memory (VmRSS) and the CPU time used so far, user + system.
  std::size_t residentKiB() const;
  double cpuSeconds() const;
  // The server under test is the ASan + UBSan build (the native-asan preset): its quarantine
  // and shadow memory make RSS figures meaningless, so tests do not check memory bounds there.
#ifdef RTCLAB_SANITIZE
  static constexpr bool kSanitized = true;
#else
  static constexpr bool kSanitized = false;
#endif

  void signal(int signalNumber);
  // The exit status once the process has exited within `timeout`, nullopt if it has not.
  // A process killed by a signal reports 128 + signal number, as shells do.
  std::optional<int> waitForExit(std::chrono::milliseconds timeout);

private:
  pid_t pid_ = -1;
  int stdoutFd_ = -1;
  std::string logPath_;
  std::uint16_t port_ = 0;
};

} // namespace rtclab::server_test
