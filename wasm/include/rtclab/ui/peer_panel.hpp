// peer_panel.hpp: everything one RTCPeerConnection's panel shows, and the panel itself.
//
// A lab keeps one PeerPanelState per peer, updates it from the peer connection's events and
// stats, and draws it each frame; two peers side by side (Lab 02) are two calls, e.g. in the two
// columns of a table:
//   rtclab::ui::drawPeerPanel("Caller", caller);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rtclab/ice_candidate.hpp"
#include "rtclab/state_timeline.hpp"
#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/event_log.hpp"
#include "rtclab/ui/stats_history.hpp"

namespace rtclab::ui {

struct PeerPanelState {
  StateTimeline signaling;                           // pc.signalingState
  StateTimeline iceGathering;                        // pc.iceGatheringState
  StateTimeline iceConnection;                       // pc.iceConnectionState
  StateTimeline connection;                          // pc.connectionState
  std::vector<CandidateInfo> localCandidates;        // from onicecandidate
  std::vector<CandidateInfo> remoteCandidates;       // from the other peer, via signaling
  std::optional<SelectedCandidatePair> selectedPair; // selectedCandidatePair(latest stats)
  StatsHistory stats;
  std::string localSdp;  // pc.localDescription.sdp
  std::string remoteSdp; // pc.remoteDescription.sdp
  EventLog log;
};

// Draws into the current window (no Begin() of its own): the title, then collapsible sections
// for states (open), candidates, stats, SDP and the event log. `title` also scopes the widgets'
// IDs, so two panels with different titles can share a window.
void drawPeerPanel(const char* title, const PeerPanelState& peer);

} // namespace rtclab::ui
