#include "rate_limiter.hpp"

#include <algorithm>

namespace rtclab::server {

RateLimiter::RateLimiter(unsigned messagesPerSecond, unsigned burst, Clock::time_point now)
    : rate_(messagesPerSecond), capacity_(std::max(messagesPerSecond, burst)), tokens_(capacity_),
      last_(now) {}

RateLimiter::Verdict RateLimiter::admit(Clock::time_point readAt, Clock::duration serverBusy) {
  const std::chrono::duration<double> elapsed = readAt - last_;
  const std::chrono::duration<double> busy =
      std::clamp<Clock::duration>(serverBusy, Clock::duration::zero(), readAt - last_);
  last_ = readAt;
  // Time the client had to send while the server was reading refills up to a full bucket; time
  // the server spent busy adds on top (see the header), bounded so it cannot bank forever.
  const double idleRefill = (elapsed - busy).count() * rate_;
  tokens_ = std::max(tokens_, std::min(capacity_, tokens_ + idleRefill));
  tokens_ = std::min(capacity_ + rate_ * kMaxBusySeconds, tokens_ + busy.count() * rate_);
  if (tokens_ >= capacity_)
    rejections_ = 0; // the client slowed down enough: forgive earlier bursts
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return Verdict::accept;
  }
  return ++rejections_ > kRejectionsBeforeDisconnect ? Verdict::disconnect : Verdict::reject;
}

} // namespace rtclab::server
