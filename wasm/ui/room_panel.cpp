#include "rtclab/ui/room_panel.hpp"

#include "rtclab/ui/lab_widgets.hpp"
#include "rtclab/ui/widgets.hpp"

#include <imgui.h>

namespace rtclab::ui {

void drawRoomSignaling(const RoomCallView& view) {
  drawStateBadge("signaling", view.signalingState);
  helpMarker("The WebSocket to rtclab-server. If it drops (or the server restarts) the client "
             "reconnects and rejoins quietly: calls run peer to peer and do not need the server "
             "once connected.");
  ImGui::SameLine();
  ImGui::Text("  %s  room '%s'  reconnects: %d", view.url.c_str(), view.room.c_str(),
              view.signalingReconnects);
  ImGui::Text("you: %s (%s)", view.you.empty() ? "(not joined)" : view.you.c_str(),
              view.name.c_str());
  helpMarker("Your participant id is derived by the server from a secret this tab keeps in "
             "sessionStorage: the same id after a reload or a server restart, and nobody else "
             "can take it.");
}

void drawRoomControls(const RoomCallView& view, const LabActions& actions, EventLog& log,
                      const char* leaveLabel) {
  drawStateBadge("call", view.phase);
  if (!view.serverError.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.95f, 0.4f, 0.4f, 1), "  %s", view.serverError.c_str());
    helpMarker("The server refused: a full room (rtclab-server --max-peers-per-room, 8 by "
               "default), a missing or wrong room token, or this tab joined again elsewhere.");
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
