// lab_widgets.hpp: what every lab panel does with its buttons and text fields.
//
//   if (ImGui::Button("Call")) {
//     rtclab::ui::runAction(actions, "call", "", state.log);  // a refusal lands in the log
//   }
//   ImGui::InputText("room", &state.roomInput);               // <imgui_stdlib.h>: a std::string
//
// A button runs its named action through LabActions, the very code path Module.labAction()
// takes, so a test that drives the automation interface exercises what a click does. Text fields
// edit a std::string in place with Dear ImGui's own misc/cpp/imgui_stdlib (compiled into
// rtclab::imgui in both builds): include <imgui_stdlib.h> next to <imgui.h>.
#pragma once

#include "rtclab/lab_actions.hpp"
#include "rtclab/ui/event_log.hpp"

#include <string>

namespace rtclab::ui {

// Runs `actions`' action `name` with `argument`. When it refuses, "name: why" goes into `log`
// as an error (stamped with the log's latest time: the panel has no clock), where the learner
// reads it. True when the action ran.
bool runAction(const LabActions& actions, const std::string& name, const std::string& argument,
               EventLog& log);

// The row of buttons a call lab starts with (Labs 04 and 05): Start camera, Join or leave, Mute
// audio, Mute video. Each runs its action through runAction(): "start", "join", "hangup",
// "mute-audio" and "mute-video" with "on" or "off".
struct CallControls {
  bool capturing; // the camera is on: the first button says so
  bool inRoom;    // joining, waiting or in a call: the second button leaves
  bool audioMuted;
  bool videoMuted;
  // The leave button's language table key, the lab's own ("lab04.hangup": "Hang up" for a
  // call, "Leave" for a conference). A text that is no key shows as itself (tr()'s fallback).
  const char* leaveLabel;
};
void drawCallControls(const CallControls& controls, const LabActions& actions, EventLog& log);

} // namespace rtclab::ui
