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

void HeartbeatMonitor::restart() {
  sentById_.clear();
  lastTimerMs_.reset();
  frozenMs_ = 0;
}

std::uint32_t HeartbeatMonitor::pingSent(double nowMs) {
  const std::uint32_t id = nextId_++;
  sentById_.emplace(id, Sent{nowMs, frozenMs_});
  return id;
}

void HeartbeatMonitor::timerFired(double nowMs) {
  if (lastTimerMs_) {
    frozenMs_ += std::max(0.0, nowMs - *lastTimerMs_ - options_.intervalMs);
  }
  lastTimerMs_ = nowMs;
}

std::optional<double> HeartbeatMonitor::pongReceived(std::uint32_t id, double nowMs) {
  const auto found = sentById_.find(id);
  if (found == sentById_.end()) {
    return std::nullopt;
  }
  lastRttMs_ = nowMs - found->second.atMs;
  sentById_.erase(sentById_.begin(), std::next(found));
  return lastRttMs_;
}

bool HeartbeatMonitor::isDead(double nowMs) const {
  if (sentById_.empty()) {
    return false;
  }
  const Sent& oldest = sentById_.begin()->second;
  const double waitedWhileRunning = nowMs - oldest.atMs - (frozenMs_ - oldest.frozenMsThen);
  return waitedWhileRunning > options_.timeoutMs;
}

} // namespace rtclab
