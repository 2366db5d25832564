#include "rtclab/ice_restart_policy.hpp"

#include <algorithm>
#include <cmath>

namespace rtclab {

std::string_view toString(IceRestartDecision decision) {
  switch (decision) {
  case IceRestartDecision::None:
    return "none";
  case IceRestartDecision::RestartIce:
    return "restart-ice";
  case IceRestartDecision::GiveUp:
    return "give-up";
  }
  return "unknown";
}

IceRestartPolicy::IceRestartPolicy(NegotiationRole role, Options options)
    : role_(role), options_(options) {
  options_.disconnectedGraceMs = std::max(options_.disconnectedGraceMs, 0.0);
  options_.politeExtraWaitMs = std::max(options_.politeExtraWaitMs, 0.0);
  options_.attemptTimeoutMs = std::max(options_.attemptTimeoutMs, 0.0);
  options_.backoffFactor = std::max(options_.backoffFactor, 1.0); // shrinking waits would spin
  options_.maxAttempts = std::max(options_.maxAttempts, 0);
}

void IceRestartPolicy::connectionStateChanged(PeerConnectionState state, double nowMs) {
  if (gaveUp_) {
    return; // the caller is tearing this connection down; reset() starts a new one
  }
  switch (state) {
  case PeerConnectionState::Connected:
    deadlineMs_.reset();
    attempts_ = 0;
    break;
  case PeerConnectionState::Closed:
    deadlineMs_.reset();
    break;
  case PeerConnectionState::Disconnected:
  case PeerConnectionState::Failed:
    // During a restart of ours its timeout already runs: a new symptom does not hasten the next
    // attempt, which is what keeps repeated failures backing off.
    if (attempts_ == 0) {
      const double due = nowMs + firstWaitMs(state);
      deadlineMs_ = deadlineMs_ ? std::min(*deadlineMs_, due) : due; // failed may shorten a wait
    }
    break;
  case PeerConnectionState::New:
  case PeerConnectionState::Connecting:
    break; // progress, not a symptom: pending deadlines stand
  }
}

void IceRestartPolicy::remoteIceRestartSeen(double nowMs) {
  if (gaveUp_ || !deadlineMs_) {
    return; // connected (a restart for its own reasons) or nothing pending: nothing to defer
  }
  // Give the other side's attempt as long as one of ours would get before taking over.
  deadlineMs_ = std::max(*deadlineMs_, nowMs + attemptTimeoutMs(attempts_ + 1));
}

IceRestartDecision IceRestartPolicy::poll(double nowMs) {
  if (gaveUp_ || !deadlineMs_ || nowMs < *deadlineMs_) {
    return IceRestartDecision::None;
  }
  if (attempts_ >= options_.maxAttempts) {
    gaveUp_ = true;
    deadlineMs_.reset();
    return IceRestartDecision::GiveUp;
  }
  ++attempts_;
  deadlineMs_ = nowMs + attemptTimeoutMs(attempts_);
  return IceRestartDecision::RestartIce;
}

void IceRestartPolicy::reset() {
  deadlineMs_.reset();
  attempts_ = 0;
  gaveUp_ = false;
}

double IceRestartPolicy::firstWaitMs(PeerConnectionState state) const {
  const double symptomWait =
      state == PeerConnectionState::Disconnected ? options_.disconnectedGraceMs : 0.0;
  const double roleWait = role_ == NegotiationRole::Polite ? options_.politeExtraWaitMs : 0.0;
  return symptomWait + roleWait;
}

double IceRestartPolicy::attemptTimeoutMs(int attempt) const {
  return options_.attemptTimeoutMs * std::pow(options_.backoffFactor, attempt - 1);
}

} // namespace rtclab
