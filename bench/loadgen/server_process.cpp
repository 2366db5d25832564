#include "server_process.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <sched.h>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace rtclab::bench {
namespace {

using namespace std::chrono_literals;

std::string readWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs in the forked child: only async-signal-safe calls until exec.
[[noreturn]] void execServer(const char* script, int logFd, std::optional<int> cpu) {
  dup2(logFd, STDOUT_FILENO);
  dup2(logFd, STDERR_FILENO);
  // The server must not outlive a generator that crashes or is interrupted.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(*cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
  }
  execl("/bin/sh", "sh", "-c", script, static_cast<char*>(nullptr));
  _exit(127);
}

} // namespace

std::optional<ListenAddress> findListenAddress(const std::string& text) {
  static const std::regex pattern(R"(listening on http://([0-9.]+):([0-9]+))");
  std::smatch match;
  if (!std::regex_search(text, match, pattern))
    return std::nullopt;
  const unsigned long port = std::stoul(match[2].str());
  if (port == 0 || port > 65535)
    return std::nullopt;
  return ListenAddress{match[1].str(), static_cast<std::uint16_t>(port)};
}

ServerProcess::ServerProcess(const std::string& command, const std::string& logPath,
                             std::optional<int> cpu) {
  const int logFd = open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (logFd < 0)
    throw std::runtime_error("cannot write " + logPath + ": " + std::strerror(errno));
  const std::string script = "exec " + command; // built before fork: the child only execs
  pid_ = fork();
  if (pid_ == 0)
    execServer(script.c_str(), logFd, cpu);
  close(logFd);
  if (pid_ < 0)
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));

  // The log file is the server's stdout: poll it for the listening line.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto address = findListenAddress(readWholeFile(logPath))) {
      address_ = *address;
      return;
    }
    if (!running())
      throw std::runtime_error("server exited before listening; see " + logPath);
    std::this_thread::sleep_for(20ms);
  }
  stop();
  throw std::runtime_error("no 'listening on http://HOST:PORT' line within 10 s; see " + logPath);
}

ServerProcess::~ServerProcess() { stop(); }

bool ServerProcess::running() {
  if (pid_ <= 0)
    return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

double ServerProcess::cpuSeconds() const {
  // Fields 14 and 15 of /proc/PID/stat (utime, stime) in clock ticks. The command name (field 2)
  // may hold spaces, so count from the ')' that closes it: state is then field 3.
  const std::string stat = readWholeFile("/proc/" + std::to_string(pid_) + "/stat");
  const auto nameEnd = stat.rfind(')');
  if (nameEnd == std::string::npos)
    return 0.0;
  std::istringstream fields(stat.substr(nameEnd + 1));
  std::string skipped;
  for (int field = 3; field < 14; ++field)
    fields >> skipped;
  unsigned long long userTicks = 0;
  unsigned long long systemTicks = 0;
  fields >> userTicks >> systemTicks;
  return static_cast<double>(userTicks + systemTicks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::uint64_t ServerProcess::rssBytes() const {
  std::istringstream status(readWholeFile("/proc/" + std::to_string(pid_) + "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:"))
      return std::stoull(line.substr(6)) * 1024; // "VmRSS:   12345 kB"
  }
  return 0;
}

void ServerProcess::stop() {
  if (!running())
    return;
  kill(pid_, SIGTERM);
  for (int waited = 0; waited < 300 && running(); ++waited)
    std::this_thread::sleep_for(10ms);
  if (running()) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
}

} // namespace rtclab::bench
