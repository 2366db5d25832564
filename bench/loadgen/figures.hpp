// What one run measures for one server, and the knobs of the run. Phases fill the figures,
// the report prints them side by side. A figure is nullopt when it could not be measured
// (a server given by URL has no /proc to read; a phase cut short by a server that exited).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rtclab::bench {

struct Settings {
  std::vector<std::size_t> clientCounts{100, 1000}; // load phases, clients paired in rooms of 2
  std::size_t idleConnections = 10000;              // idle phase: connections to try to hold
  double offeredPerSecond = 10000;                  // latency phase: fixed offered load
  std::size_t window = 4;           // saturated phase: offers in flight per client (closed loop)
  std::size_t sdpBytes = 100;       // size of each offer's "sdp" field
  std::size_t setupsInFlight = 128; // connection setups running at once
  std::chrono::milliseconds warmup{500};   // before each measured window
  std::chrono::milliseconds measure{3000}; // each measured window
  std::chrono::seconds openCap{10};        // hard cap on opening a batch of clients
  std::optional<int> serverCpu;            // pinning, like taskset -c
  std::optional<int> generatorCpu;
};

struct LoadFigures {
  std::size_t clients = 0; // joined and paired
  // Saturated phase (closed loop).
  std::optional<double> relayedPerSecond;
  std::optional<double> serverCpuMicrosPerMessage;
  std::optional<double> serverCpuShare; // of one core
  std::optional<double> generatorCpuShare;
  std::optional<double> generatorCpuMicrosPerMessage; // sending and receiving one offer
  // Latency phase (open loop at Settings::offeredPerSecond).
  std::optional<double> latencyP50Ms;
  std::optional<double> latencyP99Ms;
  std::optional<double> latencyMaxMs;
  std::optional<double> sentPerSecond;    // what the generator really offered
  std::optional<double> scheduleLagP99Ms; // how late offers left against their schedule
  std::uint64_t undelivered = 0;          // offers sent but not received by the end
};

struct ServerFigures {
  std::string name;
  std::optional<double> loadAverage; // of the machine, 1 min, when this server's run started
  std::optional<double> emptyRssBytes;
  std::optional<double> setupsPerSecond;     // measured while opening the idle connections
  std::optional<double> setupServerCpuShare; // of one core, while opening them
  std::optional<double> setupGeneratorCpuShare;
  std::optional<double> idleHeld; // idle connections still open after the hold
  std::optional<double> rssPerIdleConnectionBytes;
  std::vector<LoadFigures> loads;                   // one per Settings::clientCounts
  std::map<std::string, std::size_t> setupFailures; // reason -> count
  std::uint64_t errorsReceived = 0;
  std::string lastErrorCode;
  std::uint64_t closedUnexpectedly = 0;
  std::uint64_t joinedOffProtocol = 0;
  std::string failure; // why the run stopped early; empty when it completed
};

} // namespace rtclab::bench
