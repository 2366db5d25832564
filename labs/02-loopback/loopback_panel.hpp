// loopback_panel.hpp: Lab 02's state and panel, pure C++ + ImGui (no browser), so the panel is
// drawn headless in native tests against recorded states (tests/unit/labs/lab02_panel_test.cpp).
#pragma once

#include "binary_transfer.hpp"

#include "rtclab/lab_actions.hpp"
#include "rtclab/lab_error.hpp"
#include "rtclab/ui/event_log.hpp"
#include "rtclab/ui/peer_panel.hpp"
#include "rtclab/ui/step_guide.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace lab02 {

// idle -> (start) capturing -> (call) in-call -> (hangup) hung-up -> (call) in-call ...
// How far the call got is in the peers' own states, not here.
enum class LabPhase { Idle, Capturing, InCall, HungUp };
const char* toString(LabPhase phase); // "idle", "capturing", "in-call", "hung-up"

// What one of the two RTCPeerConnections shows: the library's peer panel (states, candidates,
// stats, SDP, log) and this lab's "chat" channel.
struct PeerState {
  rtclab::ui::PeerPanelState panel;      // filled by the lab's handlers and a StatsPoller
  std::string dataChannelState;          // the "chat" channel's readyState; empty: none yet
  std::size_t bufferedAmount = 0;        // of the "chat" channel
  std::vector<std::string> chatReceived; // text messages that arrived at this peer
  int tracksAdded = 0;                   // addTrack() calls that succeeded, this call
  int tracksReceived = 0;                // ontrack events, this call
};

// The destroy probe's counts (destroy_probe.hpp runs it): B's end of a "probe" channel destroyed
// in its first callback, and a "witness" channel that lives on and counts the same messages.
enum class ProbePhase { Idle, Running, Done };
const char* toString(ProbePhase phase); // "idle", "running", "done"
struct DestroyProbe {
  ProbePhase phase = ProbePhase::Idle;
  int callbacksBeforeDestroy = 0;
  int callbacksAfterDestroy = 0; // must stay 0: a destroyed handle is never called back
  int witnessCallbacks = 0;      // what the probe would have had if it had lived
};

struct LoopbackState {
  LabPhase phase = LabPhase::Idle;
  PeerState a; // the caller: sends the camera, creates the offer and the "chat" channel
  PeerState b; // the callee: answers, shows A's camera
  int callCount = 0;
  std::string chatDraft; // the panel's text field
  BinaryProgress binary;
  int localVideoWidth = 0; // what the <video> elements render
  int localVideoHeight = 0;
  int remoteVideoWidth = 0;
  int remoteVideoHeight = 0;
  DestroyProbe destroyProbe;
  std::vector<rtclab::LabError> errors; // rtclab::labErrorOf() of each failed call
  rtclab::ui::EventLog log;             // the lab's own steps; each peer also has its own log
  rtclab::ui::StepGuide stepGuide;      // the panel's checklist
};

// The README's steps 2-7 and its hang-up, each done from this call's state (a new Call starts
// them again from step 3): the panel's checklist and the snapshot's "steps". A step's sectionKey
// is a header of the library's peer panel (drawPeerPanel), opened in both peers.
std::array<rtclab::ui::Step, 7> steps(const LoopbackState& state);

// The snapshot behind Module.labState() (documented in README.md).
nlohmann::json toJson(const LoopbackState& state);

// The whole panel. Buttons run `actions` (the same code path as Module.labAction).
void drawPanel(LoopbackState& state, const rtclab::LabActions& actions);

} // namespace lab02
