#include "rtclab/ui/room_panel.hpp"

#include "rtclab/language.hpp"
#include "rtclab/ui/lab_widgets.hpp"
#include "rtclab/ui/widgets.hpp"

#include <imgui.h>

namespace rtclab::ui {

void drawRoomSignaling(const RoomCallView& view) {
  drawStateBadge(tr("ui.room.signaling"), view.signalingState);
  helpMarker(tr("ui.room.signaling.help"));
  ImGui::SameLine();
  ImGui::Text(tr("ui.room.where"), view.url.c_str(), view.room.c_str(), view.signalingReconnects);
  ImGui::Text(tr("ui.room.you"), view.you.empty() ? tr("ui.room.notJoined") : view.you.c_str(),
              view.name.c_str());
  helpMarker(tr("ui.room.you.help"));
}

void drawRoomControls(const RoomCallView& view, const LabActions& actions, EventLog& log,
                      const char* leaveLabel) {
  drawStateBadge(tr("ui.room.call"), view.phase);
  if (!view.serverError.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.95f, 0.4f, 0.4f, 1), "  %s", view.serverError.c_str());
    helpMarker(tr("ui.room.refused.help"));
  }
  drawCallControls({.capturing = view.capturing,
                    .inRoom = view.inRoom(),
                    .audioMuted = view.audioMuted,
                    .videoMuted = view.videoMuted,
                    .leaveLabel = leaveLabel},
                   actions, log);
}

nlohmann::json toJson(const RoomCallView& view) {
  nlohmann::json out = nlohmann::json::object();
  out["url"] = view.url;
  out["room"] = view.room;
  out["name"] = view.name;
  out["you"] = view.you;
  out["signalingState"] = view.signalingState;
  out["signalingReconnects"] = view.signalingReconnects;
  out["phase"] = view.phase;
  out["serverError"] = view.serverError;
  out["sessionsOpened"] = view.sessionsOpened;
  out["sessionsClosed"] = view.sessionsClosed;
  nlohmann::json& local = out["local"];
  local["capturing"] = view.capturing;
  local["audioMuted"] = view.audioMuted;
  local["videoMuted"] = view.videoMuted;
  return out;
}

} // namespace rtclab::ui
