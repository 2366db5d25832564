// Per-connection message rate limit: a token bucket refilled continuously at the rate, holding
// `burst` messages (one second's worth unless told otherwise: a mesh newcomer offers to the whole
// room at once, see ServerOptions::messageBurst). Every frame a client sends counts: text, binary,
// and WebSocket ping/pong control frames. A message without a token is rejected (the client gets an
// error); a client that keeps getting rejected without ever letting the bucket fill up again is
// flooding, and is disconnected. Pure: time is passed in, so tests need no clock.
//
// The rate is the client's, not the server's: while the server is busy with one of the
// connection's messages (a slow parse, say) it reads nothing, and whatever the client sent
// meanwhile comes out of the socket at once, as one burst. admit() is told how long the server
// was busy before this read; that time refills the bucket beyond its usual one second (up to
// kMaxBusySeconds), so a client sending under the limit is never rejected for the server's stall.
#pragma once

#include <chrono>

namespace rtclab::server {

class RateLimiter {
public:
  using Clock = std::chrono::steady_clock;
  enum class Verdict { accept, reject, disconnect };

  static constexpr unsigned kRejectionsBeforeDisconnect = 10;
  static constexpr double kMaxBusySeconds = 10; // credit for longer server stalls is dropped

  RateLimiter(unsigned messagesPerSecond, Clock::time_point now)
      : RateLimiter(messagesPerSecond, messagesPerSecond, now) {}
  // `burst` below the rate counts as the rate.
  RateLimiter(unsigned messagesPerSecond, unsigned burst, Clock::time_point now);

  // `readAt`: when the message came out of the socket. `serverBusy`: how long, since the
  // previous message came out, the server was busy instead of reading this connection.
  Verdict admit(Clock::time_point readAt, Clock::duration serverBusy = Clock::duration::zero());

private:
  double rate_;     // tokens per second
  double capacity_; // the bucket: the largest burst
  double tokens_;
  Clock::time_point last_;
  unsigned rejections_ = 0; // since the bucket was last full
};

} // namespace rtclab::server
