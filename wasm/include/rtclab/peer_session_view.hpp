// peer_session_view.hpp: what a call with one remote participant shows (pure values).
//
// PeerSession (peer_session.hpp) keeps one up to date as the browser's events arrive; panels
// draw it (rtclab/ui/call_panel.hpp) and Module.labState() serializes it, natively testable.
#pragma once

#include "rtclab/call_roster.hpp"
#include "rtclab/negotiation_role.hpp"
#include "rtclab/perfect_negotiation.hpp"
#include "rtclab/stats.hpp"
#include "rtclab/ui/peer_panel.hpp"

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace rtclab {

// One signaling message of this call, as an arrow of the guide's sequence chart.
struct SignalArrow {
  double timeMs = 0;
  bool outgoing = true; // we sent it (to the server, for the remote side) or received it
  std::string type;     // "offer", "answer", "candidate", "end-of-candidates"
  std::string detail;   // "glare: ignored", "ufrag 3Fa9", "host udp 127.0.0.1:50000", ...
  bool operator==(const SignalArrow&) const = default;
};

// What the panel and Module.labState() show of one remote participant.
struct PeerSessionView {
  RemoteParticipant remote;
  NegotiationRole role = NegotiationRole::Impolite;
  ui::PeerPanelState panel;        // timelines, candidates, stats plots and latest report, SDP, log
  std::deque<SignalArrow> signals; // the last kMaxSignals messages of this call
  PerfectNegotiation::Counters negotiation; // offers, answers, glare (ignored / rolled back)
  int iceRestarts = 0;                      // restartIce() calls made on this side
  std::vector<std::string> localUfrags;     // a=ice-ufrag of each local description, in order
  std::string chatState; // the "chat" channel's readyState as its events said; "" before it
  std::vector<std::string> chatReceived;
  std::vector<std::string> errors; // what failed, described (PeerConnectionError::describe())
  bool sendingVideo = true;        // false while video is muted (the sender sends nothing)
  static constexpr std::size_t kMaxSignals = 200;
};

} // namespace rtclab
