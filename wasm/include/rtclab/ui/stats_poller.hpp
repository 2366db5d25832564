// stats_poller.hpp: pc.getStats() once per interval, called from the frame loop, into a
// PeerPanelState: the rates between successive reports (the plots), the selected candidate pair
// and the latest report (the snapshot).
//
//   rtclab::ui::StatsPoller poller{1000};     // declare it (and the panel) before the connection
//   ...
//   void frame() { poller.poll(rtclab::nowMs(), *pc, panel, onError); }  // every frame
//
// No timer: poll() asks only when the interval has passed since the last request, and never
// while a request is still in flight, so a slow getStats() cannot pile requests up. One poller
// per RTCPeerConnection (one per remote participant in a mesh). The decisions (due, requested,
// received, failed) are pure and tested natively; poll() is the thin glue over any connection
// with PeerConnection's getStats(onReport, onError).
#pragma once

#include "rtclab/stats.hpp"
#include "rtclab/ui/peer_panel.hpp"

#include <cstdint>
#include <optional>
#include <utility>

namespace rtclab::ui {

class StatsPoller {
public:
  static constexpr double kDefaultIntervalMs = 1000;
  explicit StatsPoller(double intervalMs = kDefaultIntervalMs) : intervalMs_(intervalMs) {}

  // Requests pc.getStats() when due(nowMs); the report lands in `peer` (see received()), a
  // rejection goes to `onError` (called with the connection's error type). The callbacks hold
  // `this` and `peer`: both must outlive `pc`, which drops its pending callbacks when it closes
  // or dies. After a close, call reset() before polling a new connection.
  template <typename Connection, typename OnError>
  void poll(double nowMs, Connection& pc, PeerPanelState& peer, OnError onError) {
    if (!due(nowMs)) {
      return;
    }
    const auto ticket = requested(nowMs);
    pc.getStats(
        [this, ticket, &peer](StatsReport report) { received(ticket, std::move(report), peer); },
        [this, ticket, onError = std::move(onError)](auto error) mutable {
          failed(ticket);
          onError(std::move(error));
        });
  }

  // --- the pure steps poll() is made of ---
  // True when no request is in flight and an interval has passed since the last one (at once
  // before the first).
  bool due(double nowMs) const;
  // A request starts now; its ticket goes to received() or failed().
  std::uint64_t requested(double nowMs);
  // The report of request `ticket`: a sample between the previous report and this one goes into
  // peer.stats (none for the first report), then peer.selectedPair and peer.latestStats. False
  // (and nothing changes) for a ticket that is not the one in flight, e.g. from before reset().
  bool received(std::uint64_t ticket, StatsReport report, PeerPanelState& peer);
  // Request `ticket` was rejected: the next one may start when due.
  void failed(std::uint64_t ticket);
  // A new connection: forget the previous report and any request in flight.
  void reset();

  bool inFlight() const { return inFlight_.has_value(); }
  double intervalMs() const { return intervalMs_; }

private:
  double intervalMs_;
  std::optional<double> lastRequestMs_;
  std::optional<std::uint64_t> inFlight_;
  std::uint64_t nextTicket_ = 1;
  std::optional<StatsReport> previous_;
};

} // namespace rtclab::ui
