#include "rtclab/ui/stats_poller.hpp"

#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/stats_history.hpp"

namespace rtclab::ui {

bool StatsPoller::due(double nowMs) const {
  return !inFlight_ && (!lastRequestMs_ || nowMs - *lastRequestMs_ >= intervalMs_);
}

std::uint64_t StatsPoller::requested(double nowMs) {
  lastRequestMs_ = nowMs;
  inFlight_ = nextTicket_++;
  return *inFlight_;
}

bool StatsPoller::received(std::uint64_t ticket, StatsReport report, PeerPanelState& peer) {
  if (inFlight_ != ticket) {
    return false;
  }
  inFlight_.reset();
  if (previous_) {
    peer.stats.add(sampleBetween(*previous_, report));
  }
  peer.selectedPair = selectedCandidatePair(report);
  peer.latestStats = report;
  previous_ = std::move(report);
  return true;
}

void StatsPoller::failed(std::uint64_t ticket) {
  if (inFlight_ == ticket) {
    inFlight_.reset();
  }
}

void StatsPoller::reset() {
  lastRequestMs_.reset();
  inFlight_.reset();
  previous_.reset();
}

} // namespace rtclab::ui
