#include "server_process.hpp"

#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rtclab::server_test {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kStartupTimeout = std::chrono::seconds(5);

std::string serverBinary() {
  const char* path = std::getenv("RTCLAB_SERVER");
  if (!path || !*path)
    throw std::runtime_error("RTCLAB_SERVER is not set (ctest sets it to the rtclab-server path)");
  return path;
}

// Reads from `fd` up to the first newline, waiting at most until `deadline`.
std::string readFirstLine(int fd, Clock::time_point deadline) {
  std::string line;
  while (line.find('\n') == std::string::npos) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0)
      throw std::runtime_error("rtclab-server printed no listening line in time; got: " + line);
    pollfd pfd{fd, POLLIN, 0};
    if (poll(&pfd, 1, static_cast<int>(left.count())) <= 0)
      continue;
    char chunk[256];
    const ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0)
      throw std::runtime_error("rtclab-server exited before listening; got: " + line);
    line.append(chunk, static_cast<std::size_t>(n));
  }
  return line.substr(0, line.find('\n'));
}

} // namespace

ServerProcess::ServerProcess(const std::string& webRoot, const std::vector<std::string>& extraArgs,
                             const ProcessLimits& limits) {
  std::vector<std::string> args{serverBinary(), "--port", "0", "--web", webRoot};
  args.insert(args.end(), extraArgs.begin(), extraArgs.end());
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);

  std::string logPattern =
      (std::filesystem::temp_directory_path() / "rtclab-server-log-XXXXXX").string();
  const int logFd = mkstemp(logPattern.data());
  if (logFd < 0)
    throw std::runtime_error("mkstemp failed");
  logPath_ = logPattern;
  int out[2];
  if (pipe(out) != 0)
    throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0)
    throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(logFd, STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    close(logFd);
    if (limits.openFileLimit) {
      const rlimit fileLimit{*limits.openFileLimit, *limits.openFileLimit};
      setrlimit(RLIMIT_NOFILE, &fileLimit);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  close(logFd);
  std::string line;
  try {
    line = readFirstLine(out[0], Clock::now() + kStartupTimeout);
  } catch (...) {
    close(out[0]);
    throw;
  }
  stdoutFd_ = out[0]; // kept open: a closed pipe would turn a later print into SIGPIPE
  const bool announced = line.rfind("rtclab-server listening on http://", 0) == 0 ||
                         line.rfind("rtclab-server listening on https://", 0) == 0; // --tls
  const auto colon = line.rfind(':');
  if (!announced || colon == std::string::npos)
    throw std::runtime_error("unexpected first line: " + line);
  port_ = static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
}

ServerProcess::~ServerProcess() {
  // SIGTERM first, so the server exits through main() and a sanitizer build (native-asan)
  // gets to run its leak check at exit; SIGKILL only if it does not stop in time.
  if (pid_ > 0 && !waitForExit(std::chrono::milliseconds(0))) {
    kill(pid_, SIGTERM);
    if (!waitForExit(std::chrono::seconds(3))) {
      kill(pid_, SIGKILL);
      waitForExit(std::chrono::seconds(5));
    }
  }
  if (stdoutFd_ >= 0)
    close(stdoutFd_);
  if (!logPath_.empty())
    unlink(logPath_.c_str());
}

std::string ServerProcess::log() const {
  std::ifstream in(logPath_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t ServerProcess::logLineCount() const {
  const std::string text = log();
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::size_t ServerProcess::residentKiB() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      std::size_t kib = 0;
      status >> kib;
      return kib;
    }
    status.ignore(4096, '\n');
  }
  return 0;
}

double ServerProcess::cpuSeconds() const {
  std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start after the last ')'.
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  unsigned long long user = 0, system = 0;
  for (int index = 3; fields >> field; ++index) {
    if (index == 14)
      user = std::stoull(field);
    if (index == 15) {
      system = std::stoull(field);
      break;
    }
  }
  return static_cast<double>(user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

void ServerProcess::signal(int signalNumber) {
  if (pid_ > 0)
    kill(pid_, signalNumber);
}

std::optional<int> ServerProcess::waitForExit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0)
    return std::nullopt;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (Clock::now() >= deadline)
      return std::nullopt;
    // Polling the child's state: there is no portable way to wait on a pid with a timeout.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

} // namespace rtclab::server_test
