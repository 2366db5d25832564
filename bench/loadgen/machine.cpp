#include "machine.hpp"

#include <algorithm>
#include <deque>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace rtclab::bench {

double machineBusySeconds() {
  // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": guest time is
  // already inside user and nice, and idle and iowait are the CPUs doing nothing.
  std::ifstream stat("/proc/stat");
  std::string label;
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
                     steal = 0;
  stat >> label >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  const unsigned long long busyTicks = user + nice + system + irq + softirq + steal;
  return static_cast<double>(busyTicks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double generatorCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto toSeconds = [](const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
  };
  return toSeconds(usage.ru_utime) + toSeconds(usage.ru_stime);
}

std::optional<double> loadAverage() {
  double oneMinute = 0;
  if (std::ifstream("/proc/loadavg") >> oneMinute)
    return oneMinute;
  return std::nullopt;
}

QuietWait waitForQuietMachine(double share, std::chrono::milliseconds window,
                              std::chrono::seconds cap) {
  using Clock = std::chrono::steady_clock;
  constexpr auto kStep = std::chrono::milliseconds(250);
  struct Point {
    Clock::time_point at;
    double othersSeconds; // busy time of the machine minus this process's, so far
  };
  const auto now = [] { return Point{Clock::now(), machineBusySeconds() - generatorCpuSeconds()}; };
  const Clock::time_point start = Clock::now();
  std::deque<Point> points{now()};
  QuietWait result;
  for (;;) {
    std::this_thread::sleep_for(kStep);
    points.push_back(now());
    // Keep the oldest point that still covers the whole window.
    while (points.size() > 2 && points.back().at - points[1].at >= window)
      points.pop_front();
    const double span = std::chrono::duration<double>(points.back().at - points.front().at).count();
    // Ticks of 10 ms against finer process times: clamp the rounding below zero away.
    result.othersShare =
        std::max(0.0, (points.back().othersSeconds - points.front().othersSeconds) / span);
    result.waitedSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (points.back().at - points.front().at >= window && result.othersShare < share) {
      result.quiet = true;
      return result;
    }
    if (Clock::now() - start >= cap)
      return result;
  }
}

} // namespace rtclab::bench
