#include "call_panel.hpp"

#include "rtclab/ui/call_panel.hpp"
#include "rtclab/ui/lab_widgets.hpp"
#include "rtclab/ui/room_panel.hpp"
#include "rtclab/ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace lab04 {
namespace {

using nlohmann::json;

void runAction(const rtclab::LabActions& actions, CallLabState& state, const std::string& name,
               const std::string& argument = {}) {
  rtclab::ui::runAction(actions, name, argument, state.log);
}

void drawControls(CallLabState& state, const rtclab::LabActions& actions) {
  rtclab::ui::drawRoomControls(state.call, actions, state.log, "Hang up");
  rtclab::ui::helpMarker("Mute audio: track.enabled = false; the sender keeps sending, silence. "
                         "Mute video: track.enabled = false for your preview, and "
                         "sender.replaceTrack(null) so no frames leave at all (a disabled video "
                         "track alone would still send black frames at full rate).");
  ImGui::SameLine();
  if (ImGui::Button("Restart ICE")) {
    runAction(actions, state, "restart-ice");
  }
  ImGui::Text("remote: audio %s, video %s%s   connections opened %d, closed %d",
              state.remoteAudio ? "yes" : "no", state.remoteVideo ? "yes" : "no",
              state.remoteVideoMuted ? " (muted: no frames)" : "", state.call.sessionsOpened,
              state.call.sessionsClosed);
}

void drawChat(CallLabState& state, const rtclab::PeerSessionView* peer,
              const rtclab::LabActions& actions) {
  if (!ImGui::CollapsingHeader("Chat (data channel)", ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  rtclab::ui::drawStateBadge("chat", peer ? peer->chatState : "");
  for (const auto& text : state.chatSent) {
    ImGui::Text("you: %s", text.c_str());
  }
  if (peer) {
    for (const auto& text : peer->chatReceived) {
      ImGui::Text("%s: %s", peer->remote.id.c_str(), text.c_str());
    }
  }
  ImGui::SetNextItemWidth(-80);
  const bool entered =
      ImGui::InputText("##chat", &state.chatDraft, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Send") || entered) && !state.chatDraft.empty()) {
    runAction(actions, state, "send-chat", state.chatDraft);
    state.chatDraft.clear();
  }
}

} // namespace

json toJson(const CallLabState& state, const rtclab::PeerSessionView* peer) {
  json out = rtclab::ui::toJson(state.call);
  out["lab"] = "04-one-to-one";
  json& local = out["local"];
  local["videoWidth"] = state.localVideoWidth;
  json& remote = out["remote"];
  remote["audio"] = state.remoteAudio;
  remote["video"] = state.remoteVideo;
  remote["videoMuted"] = state.remoteVideoMuted;
  remote["videoWidth"] = state.remoteVideoWidth;
  remote["videoHeight"] = state.remoteVideoHeight;
  out["chatSent"] = state.chatSent;
  out["call"] = peer ? rtclab::ui::toJson(*peer) : json(nullptr);
  out["errors"] = state.errors;
  out["log"] = rtclab::ui::toJson(state.log);
  return out;
}

void drawPanel(CallLabState& state, const rtclab::PeerSessionView* peer,
               const rtclab::LabActions& actions) {
  rtclab::ui::beginLabWindow("Lab 04 - 1:1 call");
  rtclab::ui::drawRoomSignaling(state.call);
  ImGui::Separator();
  drawControls(state, actions);
  ImGui::Separator();
  drawChat(state, peer, actions);
  if (peer) {
    rtclab::ui::drawPeerSession("call", *peer);
  } else {
    ImGui::TextDisabled(state.call.phase == "waiting"
                            ? "Waiting for someone to join this room (open the same URL in "
                              "another tab or browser)."
                            : "No call.");
  }
  if (ImGui::CollapsingHeader("Lab log", ImGuiTreeNodeFlags_DefaultOpen)) {
    rtclab::ui::drawEventLog(state.log, "##lablog", ImGui::GetTextLineHeightWithSpacing() * 8);
  }
  ImGui::End();
}

} // namespace lab04
