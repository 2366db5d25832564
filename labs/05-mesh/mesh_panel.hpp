// mesh_panel.hpp: Lab 05's state and panel, pure C++ + ImGui (no browser), so the panel is drawn
// headless in native tests (tests/unit/labs/lab05_panel_test.cpp) with 8 fake participants.
#pragma once

#include "rtclab/lab_actions.hpp"
#include "rtclab/mesh_measurements.hpp"
#include "rtclab/peer_session_view.hpp"
#include "rtclab/room_call_view.hpp"
#include "rtclab/ui/event_log.hpp"
#include "rtclab/ui/step_guide.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <vector>

namespace lab05 {

// One chat line, ours or someone else's.
struct ChatLine {
  std::string from; // a participant id; "" for us
  std::string text;
};

// One remote participant as the panel shows it: the model's figures and the call's details.
struct RemoteCard {
  rtclab::MeshLink link;                         // state, pair type, RTT, bitrates, fps
  const rtclab::PeerSessionView* view = nullptr; // timelines, candidates, stats, SDP
  int tileVideoWidth = 0;                        // what its tile renders (0: nothing yet)
};

struct MeshLabState {
  rtclab::RoomCallView call;          // the room header: signaling, you, phase, camera and mute
  std::vector<RemoteCard> remotes;    // by participant id
  rtclab::MeshTotals totals;          // with the page's CPU pressure
  std::string cpuPressureUnavailable; // why there is no CPU pressure reading ("" if there is)
  rtclab::MeshMeasurements measurements;
  int csvExports = 0;
  std::string chatDraft;
  std::vector<ChatLine> chat;
  std::vector<std::string> errors;
  rtclab::ui::EventLog log;
  // What the current state no longer shows once it happened: the steps stay ticked after a leave.
  bool joinedOnce = false;
  bool meshConnectedOnce = false; // every connection connected, with at least one other there
  bool leftOnce = false;
  rtclab::ui::StepGuide guide;
};

// Notes the events behind the steps (joinedOnce, ...) from this frame's state: call after the
// state is refreshed, before drawing or snapshotting.
void rememberProgress(MeshLabState& state);

// The README's steps, each done from the state: the panel's checklist and labState().steps.
std::array<rtclab::ui::Step, 6> stepsOf(const MeshLabState& state);

// The snapshot behind Module.labState() (README.md documents it).
nlohmann::json toJson(const MeshLabState& state);

// The whole panel. Buttons run `actions` (the same code path as Module.labAction).
void drawPanel(MeshLabState& state, const rtclab::LabActions& actions);

} // namespace lab05
