#include "rtclab/reconnect_policy.hpp"

#include <algorithm>
#include <cmath>

namespace rtclab {

ReconnectPolicy::ReconnectPolicy(Options options) : options_(options), random_(options.seed) {
  options_.baseDelayMs = std::max(options_.baseDelayMs, 0.0);
  options_.factor = std::max(options_.factor, 1.0); // a shrinking wait would hammer a dead server
  options_.maxDelayMs = std::max(options_.maxDelayMs, options_.baseDelayMs);
  options_.jitterFraction = std::clamp(options_.jitterFraction, 0.0, 1.0);
}

double ReconnectPolicy::nominalDelayMs() const {
  // pow() overflows to infinity after enough attempts; min() with the cap keeps it finite.
  const double grown = options_.baseDelayMs * std::pow(options_.factor, attempts_);
  return std::min(grown, options_.maxDelayMs);
}

double ReconnectPolicy::nextDelayMs() {
  const double nominal = nominalDelayMs();
  ++attempts_;
  // A uniform share in [0, 1) from 24 random bits: std::uniform_real_distribution is not
  // specified bit for bit, this is, so a seed gives the same delays on every platform.
  const double share = static_cast<double>(random_() >> 8) / static_cast<double>(1u << 24);
  return nominal * (1.0 - options_.jitterFraction * share);
}

void HeartbeatMonitor::restart() { sentAtById_.clear(); }

std::uint32_t HeartbeatMonitor::pingSent(double nowMs) {
  const std::uint32_t id = nextId_++;
  sentAtById_.emplace(id, nowMs);
  return id;
}

std::optional<double> HeartbeatMonitor::pongReceived(std::uint32_t id, double nowMs) {
  const auto found = sentAtById_.find(id);
  if (found == sentAtById_.end()) {
    return std::nullopt;
  }
  lastRttMs_ = nowMs - found->second;
  sentAtById_.erase(sentAtById_.begin(), std::next(found));
  return lastRttMs_;
}

bool HeartbeatMonitor::isDead(double nowMs) const {
  return !sentAtById_.empty() && nowMs - sentAtById_.begin()->second > options_.timeoutMs;
}

} // namespace rtclab
