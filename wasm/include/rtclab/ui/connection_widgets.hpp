// connection_widgets.hpp: chrome://webrtc-internals inside the lab, one widget per concept.
//
//   drawStateTimeline("connectionState", timeline);   // new => checking => connected
//   drawCandidateTable("##candidates", local, remote, selectedCandidatePair(statsReport));
//   drawStatsPlots(history);                          // bitrate, packets, RTT, fps
//   drawSdpView("##local-sdp", pc.localDescription.sdp);
//
// Each widget draws into the current ImGui window from plain values (rtclab::values and the
// models in rtclab/ui) and keeps no state; `id`/`label` arguments must be unique in the window.
#pragma once

#include "rtclab/candidate_gathering.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtclab/ice_candidate.hpp"
#include "rtclab/state_timeline.hpp"
#include "rtclab/stats.hpp"
#include "rtclab/ui/stats_history.hpp"

namespace rtclab::ui {

// --- State timelines ---------------------------------------------------------------------------

// `label` names the state machine by its W3C attribute: "signalingState", "iceGatheringState",
// "iceConnectionState", "connectionState" or "readyState" (a data channel); a known name gets a
// (?) explaining that machine. Past states are dimmed with how long they lasted, the current one
// coloured by toneOfState(); hovering a state shows when it was entered.
void drawStateTimeline(const char* label, const StateTimeline& timeline);

// The (?) text for a state machine named as above; empty for an unknown name.
std::string_view explainStateMachine(std::string_view attributeName);

// --- ICE candidates -----------------------------------------------------------------------------

// The candidate pair carrying the traffic, as getStats() reports it.
struct SelectedCandidatePair {
  CandidateStats local;
  CandidateStats remote;
  bool operator==(const SelectedCandidatePair&) const = default;
};

// StatsReport::selectedPair() with both of its candidates; std::nullopt until ICE has chosen,
// or when the report lacks one of the two candidate records.
std::optional<SelectedCandidatePair> selectedCandidatePair(const StatsReport& report);

// Whether a candidate from onicecandidate/signaling is the one getStats() describes: same type,
// protocol and port, and the same address unless one side hides it behind an mDNS name.
bool isSameCandidate(const CandidateInfo& candidate, const CandidateStats& stats);

// One sentence per candidate type, in the guide's words (host: fastest, relay: slowest but
// most reliable).
std::string_view explainCandidateType(CandidateType type);

// A table of every local and remote candidate (side, type, protocol, address, port, priority);
// the rows of the selected pair are highlighted and marked "selected".
void drawCandidateTable(const char* id, const std::vector<CandidateInfo>& local,
                        const std::vector<CandidateInfo>& remote,
                        const std::optional<SelectedCandidatePair>& selected);

// Every candidate pair ICE formed and checked, from getStats(): local and remote candidate
// (type, address:port), the pair's check state ("waiting", "in-progress", "succeeded",
// "failed", "frozen"), whether it is nominated, its RTT and bytes. The selected pair is marked.
void drawCandidatePairs(const char* id, const StatsReport& report);
nlohmann::json candidatePairsJson(const StatsReport& report); // the same rows, for labState

// One round of gathering (Lab 06): every candidate as it arrived (ms since the start, type,
// protocol, address:port, related address, priority split into type preference, local
// preference and component), then each STUN/TURN error with what it means.
void drawGathering(const char* id, const CandidateGathering& gathering);

// --- Stats and SDP -----------------------------------------------------------------------------

// One plot per series of the history with its latest value written over it.
void drawStatsPlots(const StatsHistory& history);

// The SDP folded by media section: the session lines, then one tree node per m= section
// ("m=audio  mid 0  sendrecv  opus, ..."). Hovering a line explains it (explainSdpLine()).
// Malformed SDP is still shown line by line, under the parser's error.
void drawSdpView(const char* id, const std::string& sdp);

} // namespace rtclab::ui
