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

class ServerProcess {
public:
  // Starts `$RTCLAB_SERVER --port 0 --web <webRoot> <extraArgs...>`; throws if it does not
  // announce "rtclab-server listening on http://HOST:PORT" within a few seconds.
  ServerProcess(const std::string& webRoot, const std::vector<std::string>& extraArgs = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }

  void signal(int signalNumber);
  // The exit status once the process has exited within `timeout`, nullopt if it has not.
  // A process killed by a signal reports 128 + signal number, as shells do.
  std::optional<int> waitForExit(std::chrono::milliseconds timeout);

private:
  pid_t pid_ = -1;
  int stdoutFd_ = -1;
  std::uint16_t port_ = 0;
};

} // namespace rtclab::server_test
