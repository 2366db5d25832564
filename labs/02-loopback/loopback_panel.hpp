// loopback_panel.hpp: Lab 02's state and panel, pure C++ + ImGui (no browser), so the panel is
// drawn headless in native tests against recorded states (tests/unit/labs/lab02_panel_test.cpp).
#pragma once

#include "rtclab/data_channel.hpp"
#include "rtclab/lab_actions.hpp"
#include "rtclab/peer_connection.hpp"
#include "rtclab/stats.hpp"
#include "rtclab/ui/event_log.hpp"
#include "rtclab/ui/peer_panel.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lab02 {

// idle -> (start) capturing -> (call) in-call -> (hangup) hung-up -> (call) in-call ...
// How far the call got is in the peers' own states, not here.
enum class LabPhase { Idle, Capturing, InCall, HungUp };
const char* toString(LabPhase phase); // "idle", "capturing", "in-call", "hung-up"

// What one of the two RTCPeerConnections shows.
struct PeerState {
  rtclab::ui::PeerPanelState panel;         // state timelines, candidates, stats plots, SDP, log
  std::optional<rtclab::StatsReport> stats; // the latest getStats()
  std::string dataChannelState;             // the "chat" channel's readyState; empty: none yet
  std::size_t bufferedAmount = 0;           // of the "chat" channel
  std::vector<std::string> chatReceived;    // text messages that arrived at this peer
};

// The 1 MiB transfer from A to B.
struct BinaryProgress {
  std::size_t total = 0;    // announced by A's header
  std::size_t sent = 0;     // handed to channel.send() by A
  std::size_t received = 0; // reassembled at B
  bool verified = false;    // B has `total` bytes and their checksum matches
  bool failed = false;      // B got more bytes than announced, or a wrong checksum
};

// The destroy probe: a throwaway PeerConnection destroyed while ICE gathering is under way, and
// an identical "witness" that lives on, to show the same steps do produce callbacks.
enum class ProbePhase { Idle, Running, Done };
const char* toString(ProbePhase phase); // "idle", "running", "done"
struct DestroyProbe {
  ProbePhase phase = ProbePhase::Idle;
  int callbacksBeforeDestroy = 0;
  int callbacksAfterDestroy = 0; // must stay 0: a destroyed handle is never called back
  int witnessCallbacks = 0;      // what the probe would have had if it had lived
};

// An error as the learner reads it: who, which operation, in which state.
struct LabError {
  std::string where;     // "A", "B", "probe", "lab"
  std::string name;      // "InvalidStateError", ...
  std::string operation; // "setRemoteDescription(answer)"
  std::string state;     // the signaling state (or data channel readyState) at the call
  std::string text;      // describe(): "... failed in state stable: InvalidStateError: ..."
};
LabError labErrorOf(std::string where, const rtclab::PeerConnectionError& error);
LabError labErrorOf(std::string where, const rtclab::DataChannelError& error);

struct LoopbackState {
  LabPhase phase = LabPhase::Idle;
  PeerState a; // the caller: sends the camera, creates the offer and the "chat" channel
  PeerState b; // the callee: answers, shows A's camera
  int callCount = 0;
  std::array<char, 256> chatDraft{}; // the panel's text field
  BinaryProgress binary;
  int localVideoWidth = 0; // what the <video> elements render
  int localVideoHeight = 0;
  int remoteVideoWidth = 0;
  int remoteVideoHeight = 0;
  DestroyProbe destroyProbe;
  std::vector<LabError> errors;
  rtclab::ui::EventLog log; // the lab's own steps; each peer also has its own log
};

// The snapshot behind Module.labState() (documented in README.md).
nlohmann::json toJson(const LoopbackState& state);

// The whole panel. Buttons run `actions` (the same code path as Module.labAction).
void drawPanel(LoopbackState& state, const rtclab::LabActions& actions);

} // namespace lab02
