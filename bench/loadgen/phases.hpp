// The measured phases against one server, in the order they run:
//   1. empty:     resident memory right after start
//   2. idle:      open up to Settings::idleConnections joined connections (setup rate and
//                 server CPU per setup), hold them, then resident memory per connection and how
//                 many are still open
//   3. per client count (100, 1,000), on one set of paired clients:
//      saturated: per message size (100 B, 1.1 KB, 8 KB), closed loop, a window of offers in
//                 flight per client: relay rate and server CPU time per relayed offer
//      latency:   for Settings::latencyClientCount() only, open loop at a fixed offered load,
//                 send time inside the sdp: p50/p99/max and the generator's send lag
// Every phase has a hard time cap; between phases the server is given time to go idle. Every
// measured window also records the CPU used by the generator and by the rest of the machine.
#pragma once

#include "client.hpp"
#include "figures.hpp"
#include "server_process.hpp"

#include <functional>

namespace rtclab::bench {

class ServerBench {
public:
  // `server` is null for a server given by URL: its CPU and memory figures stay unmeasured.
  ServerBench(net::io_context& io, const Settings& settings, Dialect dialect,
              tcp::endpoint endpoint, ServerProcess* server);

  net::awaitable<void> run(ServerFigures& figures);

private:
  struct ClientSet;
  struct Sample;

  net::awaitable<void> measureIdle(ServerFigures& figures);
  net::awaitable<void> measureLoad(std::size_t clientCount, bool saturated, bool latency,
                                   ServerFigures& figures);
  net::awaitable<void> measureSaturated(ClientSet& set, SaturatedFigures& saturated);
  net::awaitable<void> measureLatency(ClientSet& set, LatencyFigures& latency);

  // Opens `count` clients into `set`, Settings::setupsInFlight at a time, then pairs them.
  net::awaitable<void> openClients(ClientSet& set, std::size_t count,
                                   const std::string& roomPrefix);
  net::awaitable<void> openWorker(ClientSet& set, std::size_t count, const std::string& roomPrefix);

  // Waits until the server's CPU use drops below 5 % of a core (3 s at most), so that one
  // phase's leftovers (closing sockets, garbage collection) are not billed to the next.
  net::awaitable<void> settle();
  net::awaitable<void> sleepFor(std::chrono::steady_clock::duration duration);
  // Polls `done` until it holds or `timeout` passes; returns whether it holds.
  net::awaitable<bool> waitUntil(const std::function<bool()>& done,
                                 std::chrono::steady_clock::duration timeout);
  void requireServerRunning();
  Sample sample() const;

  net::io_context& io_;
  const Settings& settings_;
  Dialect dialect_;
  tcp::endpoint endpoint_;
  ServerProcess* server_;
  Traffic traffic_;
};

} // namespace rtclab::bench
