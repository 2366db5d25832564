// reconnect_policy.hpp: the guide's remedy for common problem 4 (시그널링 연결 끊김): "재연결 로직
// 구현, heartbeat 메시지". Two pure decisions a signaling client makes, kept free of the browser
// so they are tested natively and under node:
//
//   ReconnectPolicy: how long to wait before the next reconnect attempt (exponential backoff
//   with jitter), e.g. 500 ms, ~1 s, ~2 s, ~4 s ... capped at 10 s, back to 500 ms once open.
//
//   HeartbeatMonitor: when to call a connection dead. Browsers cannot send WebSocket pings, so
//   the client sends {"type":"ping","id":n} every few seconds; a ping left unanswered for longer
//   than the timeout means the server (or the path to it) is gone even though no close arrived.
//
// SignalingClient (signaling_client.hpp) uses both; the defaults are its defaults.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>

namespace rtclab {

class ReconnectPolicy {
public:
  struct Options {
    double baseDelayMs = 500;  // the wait before the first attempt
    double factor = 2;         // each failed attempt multiplies the wait by this
    double maxDelayMs = 10000; // ... up to this cap
    // Each wait is shortened by a random share of up to this fraction, so clients that lost the
    // same server at the same moment do not all knock again at the same instant.
    double jitterFraction = 0.2; // 0: no jitter, 1: anywhere between 0 and the full wait
    std::uint32_t seed = 5489;   // the random generator's seed: same seed, same delays
  };

  ReconnectPolicy() : ReconnectPolicy(Options{}) {}
  explicit ReconnectPolicy(Options options); // out-of-range options are clamped to sane values

  // The wait before the next attempt, in [nominal * (1 - jitterFraction), nominal], where
  // nominal = min(baseDelayMs * factor^attempt, maxDelayMs); counts the attempt.
  double nextDelayMs();
  // The wait without jitter for the attempt after the ones counted so far (for display).
  double nominalDelayMs() const;
  // Attempts since the last success (or since construction).
  int attempts() const { return attempts_; }
  // The connection is back: the next failure starts again from baseDelayMs.
  void reset() { attempts_ = 0; }

  const Options& options() const { return options_; }

private:
  Options options_;
  int attempts_ = 0;
  std::mt19937
      random_; // mt19937's output is fixed by the standard: same delays natively and in wasm
};

class HeartbeatMonitor {
public:
  struct Options {
    double intervalMs = 2000; // how often to send a ping
    double timeoutMs = 5000;  // a ping unanswered for longer than this means the connection is dead
  };

  HeartbeatMonitor() : HeartbeatMonitor(Options{}) {}
  explicit HeartbeatMonitor(Options options) : options_(options) {}

  // A new connection: forget the old one's pings (the RTT stays for display).
  void restart();
  // Records a ping sent at `nowMs`; returns the id to put in it (1, 2, 3, ...).
  std::uint32_t pingSent(double nowMs);
  // A pong arrived: returns the round-trip time of its ping, or nothing for an id we are not
  // waiting for (late, duplicated or made up). The pong also answers every older ping: the
  // connection was alive after them.
  std::optional<double> pongReceived(std::uint32_t id, double nowMs);
  // The heartbeat timer fired (every intervalMs). A page whose main thread was frozen (a CPU
  // starved by many calls, a throttled background tab) runs this timer late, and a pong that
  // arrived meanwhile still waits in the same event queue: the time the page did not run, beyond
  // the interval, does not count against the pings already out.
  void timerFired(double nowMs);
  // Whether the oldest unanswered ping has waited longer than the timeout while the page ran.
  bool isDead(double nowMs) const;
  double frozenMs() const { return frozenMs_; } // excused so far on this connection

  std::optional<double> lastRttMs() const { return lastRttMs_; }
  std::size_t outstanding() const { return sentById_.size(); }
  const Options& options() const { return options_; }

private:
  Options options_;
  std::uint32_t nextId_ = 1;
  struct Sent {
    double atMs;
    double frozenMsThen; // frozenMs_ when it was sent
  };
  std::map<std::uint32_t, Sent> sentById_; // unanswered pings, oldest first
  std::optional<double> lastRttMs_;
  std::optional<double> lastTimerMs_;
  double frozenMs_ = 0;
};

} // namespace rtclab
