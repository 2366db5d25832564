#include "call_panel.hpp"

#include "rtclab/language.hpp"
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
  rtclab::ui::drawRoomControls(state.call, actions, state.log, "lab04.hangup");
  rtclab::ui::helpMarker(rtclab::tr("lab04.mute.help"));
  ImGui::SameLine();
  if (ImGui::Button(rtclab::trLabel("lab04.restartIce"))) {
    runAction(actions, state, "restart-ice");
  }
  const auto yesNo = [](bool yes) { return rtclab::tr(yes ? "ui.yes" : "ui.no"); };
  ImGui::Text(rtclab::tr("lab04.remote"), yesNo(state.remoteAudio), yesNo(state.remoteVideo),
              state.remoteVideoMuted ? rtclab::tr("lab04.remote.videoMuted") : "",
              state.call.sessionsOpened, state.call.sessionsClosed);
}

void drawChat(CallLabState& state, const rtclab::PeerSessionView* peer,
              const rtclab::LabActions& actions) {
  state.guide.openIfCurrent("lab04.section.chat");
  if (!ImGui::CollapsingHeader(rtclab::trLabel("lab04.section.chat"),
                               ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  rtclab::ui::drawStateBadge(rtclab::tr("lab04.chat"), peer ? peer->chatState : "");
  for (const auto& text : state.chatSent) {
    ImGui::Text(rtclab::tr("lab04.chat.you"), text.c_str());
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
  if ((ImGui::Button(rtclab::trLabel("lab04.chat.send")) || entered) && !state.chatDraft.empty()) {
    runAction(actions, state, "send-chat", state.chatDraft);
    state.chatDraft.clear();
  }
}

} // namespace

void noteProgress(CallLabState& state, const rtclab::PeerSessionView* peer) {
  CallProgress& p = state.progress;
  p.camera = p.camera || state.call.capturing;
  p.joined = p.joined || state.call.phase == "waiting" || state.call.phase == "in-call";
  if (peer) {
    p.negotiated =
        p.negotiated || (!peer->panel.localSdp.empty() && !peer->panel.remoteSdp.empty());
    p.connected = p.connected || peer->panel.connection.current() == "connected";
    p.chat = p.chat || (!state.chatSent.empty() && !peer->chatReceived.empty());
  }
  // The first frames can be decoded a moment before connectionstatechange reports "connected"
  // (both come from the same DTLS handshake): media counts once the connection step is done, so
  // the list ticks in the guide's order.
  p.media = p.media ||
            (p.connected && state.remoteAudio && state.remoteVideo && state.remoteVideoWidth > 0);
  p.hungUp = p.hungUp || (p.connected && state.call.sessionsClosed > 0);
}

std::array<rtclab::ui::Step, 7> callSteps(const CallProgress& p) {
  return {{
      {"lab04.step.camera", p.camera, nullptr},
      {"lab04.step.join", p.joined, nullptr},
      {"lab04.step.negotiate", p.negotiated, "ui.session.sequence"},
      {"lab04.step.connect", p.connected, "ui.peer.candidates"},
      {"lab04.step.media", p.media, "ui.session.media"},
      {"lab04.step.chat", p.chat, "lab04.section.chat"},
      {"lab04.step.hangup", p.hungUp, nullptr},
  }};
}

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
  out["steps"] = rtclab::ui::StepGuide::toJson(callSteps(state.progress));
  return out;
}

void drawPanel(CallLabState& state, const rtclab::PeerSessionView* peer,
               const rtclab::LabActions& actions) {
  rtclab::ui::beginLabWindow(rtclab::trLabel("lab04.title"));
  noteProgress(state, peer);
  state.guide.draw(callSteps(state.progress));
  rtclab::ui::drawRoomSignaling(state.call);
  ImGui::Separator();
  drawControls(state, actions);
  ImGui::Separator();
  drawChat(state, peer, actions);
  if (peer) {
    rtclab::ui::drawPeerSession("call", *peer, &state.guide);
  } else {
    ImGui::TextDisabled(
        "%s", rtclab::tr(state.call.phase == "waiting" ? "lab04.waiting" : "lab04.noCall"));
  }
  if (ImGui::CollapsingHeader(rtclab::trLabel("lab04.section.log"),
                              ImGuiTreeNodeFlags_DefaultOpen)) {
    rtclab::ui::drawEventLog(state.log, "##lablog", ImGui::GetTextLineHeightWithSpacing() * 8);
  }
  ImGui::End();
}

} // namespace lab04
