// call_panel.hpp: Lab 04's state and panel, pure C++ + ImGui (no browser), so the panel is drawn
// headless in native tests (tests/unit/labs/lab04_panel_test.cpp).
#pragma once

#include "rtclab/lab_actions.hpp"
#include "rtclab/peer_session_view.hpp"
#include "rtclab/room_call_view.hpp"
#include "rtclab/ui/event_log.hpp"
#include "rtclab/ui/step_guide.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <vector>

namespace lab04 {

// How far the call has come on this page: the README's steps, each kept once reached, so a
// hang-up (the call's view gone) leaves the steps before it ticked.
struct CallProgress {
  bool camera = false;     // getUserMedia gave the camera and microphone
  bool joined = false;     // in the room: waiting, or in a call
  bool negotiated = false; // the Offer and the Answer crossed: both descriptions set
  bool connected = false;  // connectionState reached "connected"
  bool media = false;      // the other side's audio and video arrive, and its video renders
  bool chat = false;       // a chat message sent and one received
  bool hungUp = false;     // a call that connected has closed
};

// What this side shows besides the call itself (the call is a rtclab::PeerSessionView).
struct CallLabState {
  rtclab::RoomCallView call; // the room header: signaling, you, phase, camera and mute
  int localVideoWidth = 0;
  int remoteVideoWidth = 0;
  int remoteVideoHeight = 0;
  bool remoteAudio = false;          // a remote audio track arrived
  bool remoteVideo = false;          // a remote video track arrived
  bool remoteVideoMuted = false;     // its track.muted: no frames are coming
  std::string chatDraft;             // the panel's text field
  std::vector<std::string> chatSent; // what we sent, for the conversation view
  std::vector<std::string> errors;   // getUserMedia and action failures
  rtclab::ui::EventLog log;          // the lab's own steps
  CallProgress progress;             // noteProgress() keeps it
  rtclab::ui::StepGuide guide;       // the checklist's current step and the section to open
};

// Notes what the state and the call (`peer`, if any) show now in state.progress.
void noteProgress(CallLabState& state, const rtclab::PeerSessionView* peer);

// The README's call as the panel's checklist and labState().steps, from state.progress.
std::array<rtclab::ui::Step, 7> callSteps(const CallProgress& progress);

// The snapshot behind Module.labState() (README.md documents it). `peer`: the call, if any.
nlohmann::json toJson(const CallLabState& state, const rtclab::PeerSessionView* peer);

// The whole panel, the checklist first (it calls noteProgress()). Buttons run `actions` (the same
// code path as Module.labAction).
void drawPanel(CallLabState& state, const rtclab::PeerSessionView* peer,
               const rtclab::LabActions& actions);

} // namespace lab04
