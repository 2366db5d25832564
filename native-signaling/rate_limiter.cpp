#include "rate_limiter.hpp"

#include <algorithm>

namespace rtclab::server {

RateLimiter::RateLimiter(unsigned messagesPerSecond, Clock::time_point now)
    : capacity_(messagesPerSecond), tokens_(messagesPerSecond), last_(now) {}

RateLimiter::Verdict RateLimiter::admit(Clock::time_point now) {
  const std::chrono::duration<double> elapsed = now - last_;
  last_ = now;
  tokens_ = std::min(capacity_, tokens_ + elapsed.count() * capacity_);
  if (tokens_ >= capacity_)
    rejections_ = 0; // the client slowed down enough: forgive earlier bursts
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return Verdict::accept;
  }
  return ++rejections_ > kRejectionsBeforeDisconnect ? Verdict::disconnect : Verdict::reject;
}

} // namespace rtclab::server
