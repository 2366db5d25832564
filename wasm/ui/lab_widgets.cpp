#include "rtclab/ui/lab_widgets.hpp"

#include <imgui.h>

namespace rtclab::ui {

bool runAction(const LabActions& actions, const std::string& name, const std::string& argument,
               EventLog& log) {
  auto error = actions.run(name, argument);
  if (!error) {
    return true;
  }
  log.add(log.empty() ? 0 : log.entries().back().timeMs, LogLevel::Error, name + ": " + *error);
  return false;
}

void drawCallControls(const CallControls& controls, const LabActions& actions, EventLog& log) {
  if (ImGui::Button(controls.capturing ? "Camera on" : "Start camera")) {
    runAction(actions, "start", "", log);
  }
  ImGui::SameLine();
  if (!controls.inRoom) {
    if (ImGui::Button("Join")) {
      runAction(actions, "join", "", log);
    }
  } else if (ImGui::Button(controls.leaveLabel)) {
    runAction(actions, "hangup", "", log);
  }
  ImGui::SameLine();
  if (ImGui::Button(controls.audioMuted ? "Unmute audio" : "Mute audio")) {
    runAction(actions, "mute-audio", controls.audioMuted ? "off" : "on", log);
  }
  ImGui::SameLine();
  if (ImGui::Button(controls.videoMuted ? "Unmute video" : "Mute video")) {
    runAction(actions, "mute-video", controls.videoMuted ? "off" : "on", log);
  }
}

} // namespace rtclab::ui
