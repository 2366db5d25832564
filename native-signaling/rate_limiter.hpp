// Per-connection message rate limit: a token bucket holding one second's worth of messages,
// refilled continuously. A message without a token is rejected (the client gets an error);
// a client that keeps getting rejected without ever letting the bucket fill up again is
// flooding, and is disconnected. Pure: time is passed in, so tests need no clock.
#pragma once

#include <chrono>

namespace rtclab::server {

class RateLimiter {
public:
  using Clock = std::chrono::steady_clock;
  enum class Verdict { accept, reject, disconnect };

  static constexpr unsigned kRejectionsBeforeDisconnect = 10;

  RateLimiter(unsigned messagesPerSecond, Clock::time_point now);

  Verdict admit(Clock::time_point now);

private:
  double capacity_;
  double tokens_;
  Clock::time_point last_;
  unsigned rejections_ = 0; // since the bucket was last full
};

} // namespace rtclab::server
