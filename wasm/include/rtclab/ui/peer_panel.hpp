// peer_panel.hpp: everything one RTCPeerConnection's panel shows, and the panel itself.
//
// A lab keeps one PeerPanelState per RTCPeerConnection (one per remote participant in a mesh),
// updates it from the connection's events and a StatsPoller (stats_poller.hpp), draws it each
// frame and puts toJson() of it into Module.labState(); two peers side by side (Lab 02) are two
// calls, e.g. in the two columns of a table:
//   rtclab::ui::drawPeerPanel("Caller", caller);
//   snapshot["peers"]["a"] = rtclab::ui::toJson(caller);
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtclab/ice_candidate.hpp"
#include "rtclab/state_timeline.hpp"
#include "rtclab/stats.hpp"
#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/event_log.hpp"
#include "rtclab/ui/stats_history.hpp"

namespace rtclab::ui {

class StepGuide;

struct PeerPanelState {
  StateTimeline signaling;                           // pc.signalingState
  StateTimeline iceGathering;                        // pc.iceGatheringState
  StateTimeline iceConnection;                       // pc.iceConnectionState
  StateTimeline connection;                          // pc.connectionState
  std::vector<CandidateInfo> localCandidates;        // from onicecandidate
  std::vector<CandidateInfo> remoteCandidates;       // from the other peer, via signaling
  std::optional<SelectedCandidatePair> selectedPair; // selectedCandidatePair(latest stats)
  StatsHistory stats;                                // rates between successive reports
  std::optional<StatsReport> latestStats;            // the latest pc.getStats()
  std::string localSdp;                              // pc.localDescription.sdp
  std::string remoteSdp;                             // pc.remoteDescription.sdp
  std::optional<double> maxMessageSize;              // pc.sctp.maxMessageSize, once negotiated
  EventLog log;
};

// Draws into the current window (no Begin() of its own): the title, then collapsible sections
// for states (open), candidates, stats, SDP and the event log. `title` also scopes the widgets'
// IDs, so two panels with different titles can share a window; a title "Peer A###peer-a" shows
// its text and keeps its id across a language switch (trLabel()). With a lab's step `guide`, the
// section its current step needs opens (StepGuide::openIfCurrent with "ui.peer.states",
// "ui.peer.candidates", "ui.peer.stats", "ui.peer.sdp" or "ui.peer.log").
void drawPeerPanel(const char* title, const PeerPanelState& peer, StepGuide* guide = nullptr);

// Records `state` on the timeline of `attribute` ("signalingState", "iceGatheringState",
// "iceConnectionState" or "connectionState", the RTCPeerConnection attribute) and, when it
// changed, "attribute -> state" in the peer's log. False when it did not change (or the
// attribute is none of the four).
bool recordState(PeerPanelState& peer, std::string_view attribute, std::string_view state,
                 double nowMs);

// The four states `pc` reads now, recorded as above: the starting point of a new connection,
// and after pc.close(), which fires no state-change events. `Connection` is PeerConnection (or a
// test's fake with the same getters).
template <typename Connection>
void recordStates(PeerPanelState& peer, const Connection& pc, double nowMs) {
  recordState(peer, "signalingState", toString(pc.signalingState()), nowMs);
  recordState(peer, "iceGatheringState", toString(pc.iceGatheringState()), nowMs);
  recordState(peer, "iceConnectionState", toString(pc.iceConnectionState()), nowMs);
  recordState(peer, "connectionState", toString(pc.connectionState()), nowMs);
}

// pc.localDescription and pc.remoteDescription as they are now ("" for none), and the data
// channels' message size limit the two descriptions settled on.
template <typename Connection> void recordDescriptions(PeerPanelState& peer, const Connection& pc) {
  const auto local = pc.localDescription();
  const auto remote = pc.remoteDescription();
  peer.localSdp = local ? local->sdp : std::string();
  peer.remoteSdp = remote ? remote->sdp : std::string();
  peer.maxMessageSize = pc.sctpMaxMessageSize();
}

// The peer's part of a lab's snapshot (the keys Lab 02's README documents):
//   signalingState, iceGatheringState, iceConnectionState, connectionState: current states;
//   timelines: {signaling, iceGathering, iceConnection, connection}: every state in order;
//   candidates: {local, remote}: [{type, protocol, address, port}];
//   selectedPair: {local, remote} or null;
//   stats: {inbound: {video: {...}, audio: {...}}, outbound: {...}, rates: {...} or null};
//   hasLocalDescription, hasRemoteDescription; maxMessageSize: pc.sctp.maxMessageSize in bytes
//   (null before an SCTP transport, and for no limit); log: the peer's event log.
nlohmann::json toJson(const PeerPanelState& peer);

} // namespace rtclab::ui
