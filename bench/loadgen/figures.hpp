// What one run measures for one server, and the knobs of the run. Phases fill the figures of
// one round, the report takes the median over the rounds and prints the servers side by side.
// A figure is nullopt when it could not be measured (a server given by URL has no /proc to
// read; a phase cut short by a server that exited).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtclab::bench {

// How the generator's clients talk to a server (bench/README.md, "Dialects"):
//   rtclab  docs/signaling-protocol.md: join a room, "joined", offers with "to", relayed with
//   "from" peerjs  PeerJS: id and token in the URL, {"type":"OPEN"}, OFFER with dst, relayed with
//   src floor   rtclab-bench-floor: /ws?room=NAME, the text frame "joined", frames relayed verbatim
enum class Dialect { rtclab, peerjs, floor };

constexpr std::string_view toString(Dialect dialect) {
  switch (dialect) {
  case Dialect::rtclab:
    return "rtclab";
  case Dialect::peerjs:
    return "peerjs";
  case Dialect::floor:
    return "floor";
  }
  return "?";
}

inline std::optional<Dialect> dialectNamed(std::string_view name) {
  for (const Dialect dialect : {Dialect::rtclab, Dialect::peerjs, Dialect::floor})
    if (toString(dialect) == name)
      return dialect;
  return std::nullopt;
}

// Message sizes as the README names them: "100 B", "1.1 KB", "8 KB" (1 KB = 1,000 bytes).
inline std::string sizeLabel(std::size_t bytes) {
  if (bytes < 1000 || bytes % 100 != 0)
    return std::to_string(bytes) + " B";
  const std::string whole = std::to_string(bytes / 1000);
  return bytes % 1000 == 0 ? whole + " KB"
                           : whole + "." + std::to_string(bytes % 1000 / 100) + " KB";
}

struct Settings {
  std::vector<std::size_t> clientCounts{100, 1000};       // load phases, clients in rooms of 2
  std::vector<std::size_t> messageBytes{100, 1100, 8000}; // saturated phase: sdp field sizes
  std::size_t idleConnections = 10000;                    // idle phase: connections to hold
  double offeredPerSecond = 10000;                        // latency phase: fixed offered load
  std::optional<std::size_t> latencyClients;              // latency phase; default: most clients
  std::size_t latencyMessageBytes = 1100;                 // latency phase: sdp field size
  std::size_t window = 4;           // saturated phase: offers in flight per client (closed loop)
  std::size_t setupsInFlight = 128; // connection setups running at once
  std::size_t rounds = 3;           // every server measured this many times, in turn
  std::chrono::milliseconds warmup{500};   // before each measured window
  std::chrono::milliseconds measure{2000}; // each measured window
  std::chrono::seconds openCap{10};        // hard cap on opening a batch of clients
  std::chrono::seconds quietWaitCap{60};   // longest wait for a quiet machine before a server
  double quietShare = 0.10;     // "quiet": the rest of the machine uses less of a core than this
  std::optional<int> serverCpu; // pinning, like taskset -c
  std::optional<int> generatorCpu;

  std::size_t latencyClientCount() const {
    return latencyClients.value_or(*std::max_element(clientCounts.begin(), clientCounts.end()));
  }
};

// CPU time used during one measured window, as a share of one core.
struct CpuShares {
  std::optional<double> server; // unknown for a server given by URL
  double generator = 0;
  // Everything else on the machine: /proc/stat's busy time minus the server's and the
  // generator's own. A build or a test running beside the benchmark shows up here.
  std::optional<double> others;
};

// Saturated phase (closed loop) for one client count and one message size.
struct SaturatedFigures {
  std::size_t clients = 0; // requested
  std::size_t messageBytes = 0;
  std::optional<double> relayedPerSecond;
  std::optional<double> serverCpuMicrosPerMessage;
  std::optional<double> generatorCpuMicrosPerMessage; // sending and receiving one message
  CpuShares cpu;
};

// Latency phase (open loop at Settings::offeredPerSecond).
struct LatencyFigures {
  std::size_t clients = 0;
  std::size_t messageBytes = 0;
  std::optional<double> p50Ms;
  std::optional<double> p99Ms;
  std::optional<double> maxMs;
  std::optional<double> sentPerSecond;    // what the generator really offered
  std::optional<double> scheduleLagP99Ms; // how late messages left against their schedule
  std::uint64_t undelivered = 0;          // sent but not received by the end
  CpuShares cpu;
};

// One server in one round.
struct ServerFigures {
  std::string name;
  std::size_t round = 0;                    // 1-based
  std::optional<double> loadAverage;        // of the machine, 1 min, when this server's run started
  double quietWaitSeconds = 0;              // waited for a quiet machine before starting the server
  bool machineWasQuiet = true;              // false: gave up after Settings::quietWaitCap
  std::optional<double> othersShareAtStart; // the rest of the machine when the wait ended
  std::optional<double> emptyRssBytes;
  std::optional<double> setupsPerSecond; // measured while opening the idle connections
  std::optional<double> serverCpuMicrosPerSetup;
  std::optional<CpuShares> setupCpu;
  std::optional<double> idleHeld; // idle connections still open after the hold
  std::optional<double> rssPerIdleConnectionBytes;
  std::map<std::size_t, std::size_t> pairedClients; // requested client count -> paired
  std::vector<SaturatedFigures> saturated;
  std::optional<LatencyFigures> latency;
  std::map<std::string, std::size_t> setupFailures; // reason -> count
  std::uint64_t errorsReceived = 0;                 // error frames of the server's dialect
  std::string lastErrorCode;
  std::uint64_t closedUnexpectedly = 0;
  std::uint64_t joinedOffProtocol = 0;
  std::uint64_t wrongSender = 0; // relayed messages without their sender's id
  std::string failure;           // why the run stopped early; empty when it completed
};

} // namespace rtclab::bench
