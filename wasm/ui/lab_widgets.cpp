#include "rtclab/ui/lab_widgets.hpp"

#include "rtclab/language.hpp"

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
  // trLabel: the key is the button's id, the same in both languages.
  if (ImGui::Button(trLabel(controls.capturing ? "ui.call.cameraOn" : "ui.call.start"))) {
    runAction(actions, "start", "", log);
  }
  ImGui::SameLine();
  if (!controls.inRoom) {
    if (ImGui::Button(trLabel("ui.call.join"))) {
      runAction(actions, "join", "", log);
    }
  } else if (ImGui::Button(trLabel(controls.leaveLabel))) {
    runAction(actions, "hangup", "", log);
  }
  ImGui::SameLine();
  if (ImGui::Button(trLabel(controls.audioMuted ? "ui.call.unmuteAudio" : "ui.call.muteAudio"))) {
    runAction(actions, "mute-audio", controls.audioMuted ? "off" : "on", log);
  }
  ImGui::SameLine();
  if (ImGui::Button(trLabel(controls.videoMuted ? "ui.call.unmuteVideo" : "ui.call.muteVideo"))) {
    runAction(actions, "mute-video", controls.videoMuted ? "off" : "on", log);
  }
}

} // namespace rtclab::ui
