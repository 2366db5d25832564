// call_panel.hpp: Lab 04's state and panel, pure C++ + ImGui (no browser), so the panel is drawn
// headless in native tests (tests/unit/labs/lab04_panel_test.cpp).
#pragma once

#include "rtclab/lab_actions.hpp"
#include "rtclab/peer_session_view.hpp"
#include "rtclab/room_call_view.hpp"
#include "rtclab/ui/event_log.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lab04 {

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
};

// The snapshot behind Module.labState() (README.md documents it). `peer`: the call, if any.
nlohmann::json toJson(const CallLabState& state, const rtclab::PeerSessionView* peer);

// The whole panel. Buttons run `actions` (the same code path as Module.labAction).
void drawPanel(CallLabState& state, const rtclab::PeerSessionView* peer,
               const rtclab::LabActions& actions);

} // namespace lab04
