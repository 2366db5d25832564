#include "phases.hpp"

#include "machine.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <stdexcept>

namespace rtclab::bench {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A server that refuses this many setups in one batch is full: stop trying.
constexpr std::size_t kSetupFailureLimit = 100;
constexpr auto kIdleHold = 1s;       // idle connections must survive this long to count
constexpr auto kSaturatedDrain = 2s; // caps waiting for offers in flight after a phase
constexpr auto kLatencyDrain = 1s;

double seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

// Nearest-rank percentile of sorted nanosecond samples, in milliseconds.
double percentileMs(const std::vector<std::int64_t>& sortedNs, double fraction) {
  const auto rank =
      static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sortedNs.size())));
  const std::size_t index = std::clamp<std::size_t>(rank, 1, sortedNs.size()) - 1;
  return static_cast<double>(sortedNs[index]) / 1e6;
}

void progress(const std::string& text) { std::cerr << "  " << text << std::endl; }

} // namespace

// A batch of clients; index i joins room "<prefix>-<i/2>", so clients 2k and 2k+1 are partners.
struct ServerBench::ClientSet {
  std::vector<std::shared_ptr<Client>> clients; // null where the setup failed
  std::vector<std::shared_ptr<Client>> paired;  // clients whose partner is open too
  std::map<std::string, std::size_t> failures;  // reason -> count
  std::size_t failureCount = 0;
  std::size_t nextIndex = 0;
  std::size_t workersRunning = 0;
  Clock::time_point startedAt;
  Clock::time_point lastJoinedAt;
  Clock::time_point deadline;

  ClientSet() = default;
  ClientSet(const ClientSet&) = delete;
  ClientSet& operator=(const ClientSet&) = delete;
  ~ClientSet() { closeAll(); }

  std::size_t joined() const {
    return static_cast<std::size_t>(
        std::count_if(clients.begin(), clients.end(), [](const auto& client) { return client; }));
  }
  std::size_t stillOpen() const {
    return static_cast<std::size_t>(
        std::count_if(clients.begin(), clients.end(),
                      [](const auto& client) { return client && client->isOpen(); }));
  }
  void closeAll() {
    for (auto& client : clients)
      if (client)
        client->close();
    clients.clear();
    paired.clear();
  }
};

struct ServerBench::Sample {
  Clock::time_point at;
  std::uint64_t offersReceived = 0;
  std::optional<double> serverCpuSeconds;
  double generatorCpuSeconds = 0;
  double machineBusySeconds = 0;

  // Each side's CPU use between `before` and this sample, as a share of one core.
  CpuShares sharesSince(const Sample& before) const {
    const double elapsed = seconds(at - before.at);
    CpuShares shares;
    shares.generator = (generatorCpuSeconds - before.generatorCpuSeconds) / elapsed;
    double others = (machineBusySeconds - before.machineBusySeconds) / elapsed - shares.generator;
    if (serverCpuSeconds && before.serverCpuSeconds) {
      shares.server = (*serverCpuSeconds - *before.serverCpuSeconds) / elapsed;
      others -= *shares.server;
    }
    // Unknown without the server's own time. /proc/stat counts 10 ms ticks, the processes'
    // times are finer, so tick rounding can make it slightly negative: clamp at zero.
    if (shares.server)
      shares.others = std::max(0.0, others);
    return shares;
  }
};

ServerBench::ServerBench(net::io_context& io, const Settings& settings, Dialect dialect,
                         tcp::endpoint endpoint, ServerProcess* server)
    : io_(io), settings_(settings), dialect_(dialect), endpoint_(std::move(endpoint)),
      server_(server) {}

net::awaitable<void> ServerBench::run(ServerFigures& figures) {
  co_await settle();
  if (server_)
    figures.emptyRssBytes = static_cast<double>(server_->rssBytes());
  co_await measureIdle(figures);
  const std::size_t latencyClients = settings_.latencyClientCount();
  bool latencyDone = false;
  for (const std::size_t clientCount : settings_.clientCounts) {
    const bool latency = clientCount == latencyClients && !latencyDone;
    co_await measureLoad(clientCount, true, latency, figures);
    latencyDone = latencyDone || latency;
  }
  if (!latencyDone) // --latency-clients names a count that has no saturated phase
    co_await measureLoad(latencyClients, false, true, figures);
  figures.errorsReceived = traffic_.errorsReceived;
  figures.lastErrorCode = traffic_.lastErrorCode;
  figures.closedUnexpectedly = traffic_.closedUnexpectedly;
  figures.joinedOffProtocol = traffic_.joinedOffProtocol;
  figures.wrongSender = traffic_.wrongSender;
}

net::awaitable<void> ServerBench::measureIdle(ServerFigures& figures) {
  ClientSet set;
  const Sample before = sample();
  co_await openClients(set, settings_.idleConnections, "idle");
  const Sample after = sample();
  figures.setupFailures = set.failures;
  const std::size_t joined = set.joined();
  const double setupSeconds = seconds(set.lastJoinedAt - set.startedAt);
  if (joined > 0)
    figures.setupsPerSecond = static_cast<double>(joined) / setupSeconds;
  figures.setupCpu = after.sharesSince(before);
  if (joined > 0 && before.serverCpuSeconds && after.serverCpuSeconds)
    figures.serverCpuMicrosPerSetup =
        (*after.serverCpuSeconds - *before.serverCpuSeconds) * 1e6 / static_cast<double>(joined);
  progress("idle: " + std::to_string(joined) + " of " + std::to_string(settings_.idleConnections) +
           " joined in " + std::to_string(setupSeconds) + " s");

  co_await sleepFor(kIdleHold);
  co_await settle();
  const std::size_t held = set.stillOpen();
  figures.idleHeld = static_cast<double>(held);
  if (server_ && figures.emptyRssBytes && held > 0) {
    const double growth = static_cast<double>(server_->rssBytes()) - *figures.emptyRssBytes;
    figures.rssPerIdleConnectionBytes = growth / static_cast<double>(held);
  }
  requireServerRunning();
  set.closeAll();
  co_await settle();
}

net::awaitable<void> ServerBench::measureLoad(std::size_t clientCount, bool saturated, bool latency,
                                              ServerFigures& figures) {
  ClientSet set;
  co_await openClients(set, clientCount, "load" + std::to_string(clientCount));
  for (const auto& [reason, count] : set.failures)
    figures.setupFailures[reason] += count;
  figures.pairedClients[clientCount] = set.paired.size();
  if (set.paired.empty())
    throw std::runtime_error("no client pair could join for the " + std::to_string(clientCount) +
                             "-client phases");
  if (saturated) {
    for (const std::size_t messageBytes : settings_.messageBytes) {
      co_await settle();
      SaturatedFigures& phase = figures.saturated.emplace_back();
      phase.clients = clientCount;
      phase.messageBytes = messageBytes;
      co_await measureSaturated(set, phase);
      requireServerRunning();
    }
  }
  if (latency) {
    co_await settle();
    LatencyFigures& phase = figures.latency.emplace();
    phase.clients = clientCount;
    phase.messageBytes = settings_.latencyMessageBytes;
    co_await measureLatency(set, phase);
    requireServerRunning();
  }
  set.closeAll();
  co_await settle();
}

net::awaitable<void> ServerBench::measureSaturated(ClientSet& set, SaturatedFigures& saturated) {
  traffic_.offersSent = traffic_.offersReceived = 0;
  traffic_.sdpBytes = saturated.messageBytes;
  traffic_.mode = Traffic::Mode::closedLoop;
  for (const auto& client : set.paired)
    for (std::size_t i = 0; i < settings_.window; ++i)
      client->sendOffer();
  co_await sleepFor(settings_.warmup);
  const Sample before = sample();
  co_await sleepFor(settings_.measure);
  const Sample after = sample();
  traffic_.mode = Traffic::Mode::quiet;
  co_await waitUntil([this] { return traffic_.offersReceived >= traffic_.offersSent; },
                     kSaturatedDrain);

  const double elapsed = seconds(after.at - before.at);
  const auto relayed = static_cast<double>(after.offersReceived - before.offersReceived);
  saturated.relayedPerSecond = relayed / elapsed;
  saturated.cpu = after.sharesSince(before);
  if (relayed > 0) {
    saturated.generatorCpuMicrosPerMessage = saturated.cpu.generator * elapsed * 1e6 / relayed;
    if (saturated.cpu.server)
      saturated.serverCpuMicrosPerMessage = *saturated.cpu.server * elapsed * 1e6 / relayed;
  }
  progress("saturated, " + std::to_string(set.paired.size()) + " clients, " +
           sizeLabel(saturated.messageBytes) + ": " +
           std::to_string(static_cast<long>(*saturated.relayedPerSecond)) + " offers/s");
}

net::awaitable<void> ServerBench::measureLatency(ClientSet& set, LatencyFigures& latency) {
  traffic_.offersSent = traffic_.offersReceived = 0;
  traffic_.sdpBytes = latency.messageBytes;
  traffic_.latenciesNs.clear();
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(1.0 / settings_.offeredPerSecond));
  const Clock::time_point start = Clock::now();
  const Clock::time_point recordFrom = start + settings_.warmup;
  const Clock::time_point end = recordFrom + settings_.measure;
  traffic_.recordLatencyFromNs =
      std::chrono::duration_cast<std::chrono::nanoseconds>(recordFrom.time_since_epoch()).count();
  traffic_.mode = Traffic::Mode::openLoop;
  std::optional<Sample> windowStart;

  // Offers go out one per interval, round-robin over the clients, each stamped when it is
  // handed to its socket. A late wake-up sends every offer that is due at once, so the offered
  // load holds; how late they left is recorded to show whether the generator kept the schedule.
  std::vector<std::int64_t> lagsNs;
  std::uint64_t sentInWindow = 0;
  net::steady_timer timer(io_);
  Clock::time_point due = start;
  std::size_t turn = 0;
  while (due < end) {
    timer.expires_at(due);
    co_await timer.async_wait(net::use_awaitable);
    const Clock::time_point now = Clock::now();
    if (!windowStart && now >= recordFrom)
      windowStart = sample();
    for (; due <= now && due < end; due += interval) {
      set.paired[turn++ % set.paired.size()]->sendOffer();
      if (due >= recordFrom) {
        lagsNs.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(now - due).count());
        ++sentInWindow;
      }
    }
  }
  const Sample windowEnd = sample();
  if (windowStart)
    latency.cpu = windowEnd.sharesSince(*windowStart);
  const std::uint64_t sentTotal = traffic_.offersSent;
  co_await waitUntil([&] { return traffic_.offersReceived >= sentTotal; }, kLatencyDrain);
  traffic_.mode = Traffic::Mode::quiet;

  latency.undelivered = sentTotal - std::min(sentTotal, traffic_.offersReceived);
  latency.sentPerSecond = static_cast<double>(sentInWindow) / seconds(end - recordFrom);
  auto& latencies = traffic_.latenciesNs;
  if (!lagsNs.empty()) {
    std::sort(lagsNs.begin(), lagsNs.end());
    latency.scheduleLagP99Ms = percentileMs(lagsNs, 0.99);
  }
  if (!latencies.empty()) {
    std::sort(latencies.begin(), latencies.end());
    latency.p50Ms = percentileMs(latencies, 0.50);
    latency.p99Ms = percentileMs(latencies, 0.99);
    latency.maxMs = static_cast<double>(latencies.back()) / 1e6;
  }
  progress("latency, " + std::to_string(set.paired.size()) + " clients, " +
           sizeLabel(latency.messageBytes) + ": " + std::to_string(latencies.size()) + " samples");
}

net::awaitable<void> ServerBench::openClients(ClientSet& set, std::size_t count,
                                              const std::string& roomPrefix) {
  set.clients.assign(count, nullptr);
  set.startedAt = set.lastJoinedAt = Clock::now();
  set.deadline = set.startedAt + settings_.openCap;
  // A bounded number of setups in flight, as a real crowd arrives: all at once would overflow
  // the listen backlog and turn the figure into a measure of SYN retransmission timers.
  const std::size_t workers = std::min(settings_.setupsInFlight, count);
  set.workersRunning = workers;
  for (std::size_t i = 0; i < workers; ++i)
    net::co_spawn(io_, openWorker(set, count, roomPrefix), net::detached);
  co_await waitUntil([&] { return set.workersRunning == 0; },
                     settings_.openCap + std::chrono::seconds(6));

  for (std::size_t i = 0; i + 1 < count; i += 2) {
    auto& first = set.clients[i];
    auto& second = set.clients[i + 1];
    if (first && second) {
      first->pairWith(*second);
      second->pairWith(*first);
      set.paired.push_back(first);
      set.paired.push_back(second);
    }
  }
}

net::awaitable<void> ServerBench::openWorker(ClientSet& set, std::size_t count,
                                             const std::string& roomPrefix) {
  while (set.nextIndex < count && Clock::now() < set.deadline &&
         set.failureCount < kSetupFailureLimit) {
    const std::size_t index = set.nextIndex++;
    // Ids and rooms are unique within one server's run: the phase's prefix and the index.
    auto client =
        std::make_shared<Client>(io_, traffic_, dialect_, roomPrefix + "-" + std::to_string(index));
    try {
      co_await client->connectAndJoin(endpoint_, roomPrefix + "-" + std::to_string(index / 2));
      client->startReading();
      set.clients[index] = std::move(client);
      set.lastJoinedAt = Clock::now();
    } catch (const std::exception& error) {
      ++set.failureCount;
      ++set.failures[error.what()];
    }
  }
  --set.workersRunning;
}

net::awaitable<void> ServerBench::settle() {
  if (!server_) {
    co_await sleepFor(300ms);
    co_return;
  }
  constexpr auto kWindow = 200ms;
  constexpr double kIdleShare = 0.05;
  for (auto waited = 0ms; waited < 3s; waited += kWindow) {
    const double before = server_->cpuSeconds();
    co_await sleepFor(kWindow);
    if (server_->cpuSeconds() - before <= kIdleShare * seconds(kWindow))
      break;
  }
}

net::awaitable<void> ServerBench::sleepFor(Clock::duration duration) {
  net::steady_timer timer(io_, duration);
  co_await timer.async_wait(net::use_awaitable);
}

net::awaitable<bool> ServerBench::waitUntil(const std::function<bool()>& done,
                                            Clock::duration timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() >= deadline)
      co_return false;
    co_await sleepFor(2ms);
  }
  co_return true;
}

void ServerBench::requireServerRunning() {
  if (server_ && !server_->running())
    throw std::runtime_error("the server exited during the run");
}

ServerBench::Sample ServerBench::sample() const {
  Sample sample;
  sample.at = Clock::now();
  sample.offersReceived = traffic_.offersReceived;
  if (server_)
    sample.serverCpuSeconds = server_->cpuSeconds();
  sample.generatorCpuSeconds = generatorCpuSeconds();
  sample.machineBusySeconds = machineBusySeconds();
  return sample;
}

} // namespace rtclab::bench
