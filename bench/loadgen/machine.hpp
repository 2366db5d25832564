// The machine around the benchmark, from /proc: how busy all its CPUs are, the load average,
// and a wait for the rest of the machine to go quiet before a server is measured. Everything the
// benchmark reports is only comparable between servers that saw the same quiet machine.
#pragma once

#include <chrono>
#include <optional>

namespace rtclab::bench {

// CPU time all processes (and the kernel) have used so far, summed over the CPUs: /proc/stat's
// first line, user + nice + system + irq + softirq + steal. Ticks of 10 ms.
double machineBusySeconds();

// CPU time this process (the generator, all threads) has used so far.
double generatorCpuSeconds();

// The 1-minute load average.
std::optional<double> loadAverage();

struct QuietWait {
  double waitedSeconds = 0;
  bool quiet = false;     // false: gave up at the cap
  double othersShare = 0; // the rest of the machine over the last window, share of one core
};

// Waits until everything but this process has used less than `share` of one core over the last
// `window`, checking every 250 ms; gives up after `cap`. Blocks the calling thread: run it only
// while no server is being driven.
QuietWait waitForQuietMachine(double share, std::chrono::milliseconds window,
                              std::chrono::seconds cap);

} // namespace rtclab::bench
