#include "rate_limiter.hpp"

#include <algorithm>

namespace rtclab::server {

RateLimiter::RateLimiter(unsigned messagesPerSecond, Clock::time_point now)
    : capacity_(messagesPerSecond), tokens_(messagesPerSecond), last_(now) {}

RateLimiter::Verdict RateLimiter::admit(Clock::time_point readAt, Clock::duration serverBusy) {
  const std::chrono::duration<double> elapsed = readAt - last_;
  const std::chrono::duration<double> busy =
      std::clamp<Clock::duration>(serverBusy, Clock::duration::zero(), readAt - last_);
  last_ = readAt;
  // Time the client had to send while the server was reading refills up to one second's worth;
  // time the server spent busy adds on top (see the header), bounded so it cannot bank forever.
  const double idleRefill = (elapsed - busy).count() * capacity_;
  tokens_ = std::max(tokens_, std::min(capacity_, tokens_ + idleRefill));
  tokens_ = std::min(capacity_ * (1 + kMaxBusySeconds), tokens_ + busy.count() * capacity_);
  if (tokens_ >= capacity_)
    rejections_ = 0; // the client slowed down enough: forgive earlier bursts
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return Verdict::accept;
  }
  return ++rejections_ > kRejectionsBeforeDisconnect ? Verdict::disconnect : Verdict::reject;
}

} // namespace rtclab::server
