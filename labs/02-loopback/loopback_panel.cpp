#include "loopback_panel.hpp"

#include "rtclab/ui/lab_widgets.hpp"
#include "rtclab/ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>

namespace lab02 {
namespace {

using rtclab::ui::runAction;

using nlohmann::json;

// --- The snapshot --------------------------------------------------------------------------

// The library's peer snapshot and the "chat" channel of this lab.
json peerJson(const PeerState& peer) {
  json out = rtclab::ui::toJson(peer.panel);
  out["dataChannel"] =
      peer.dataChannelState.empty()
          ? json(nullptr)
          : json{{"state", peer.dataChannelState}, {"bufferedAmount", peer.bufferedAmount}};
  out["chatReceived"] = peer.chatReceived;
  return out;
}

// --- The panel -----------------------------------------------------------------------------

void drawControls(LoopbackState& state, const rtclab::LabActions& actions) {
  rtclab::ui::drawStateBadge("lab", toString(state.phase));
  ImGui::SameLine();
  ImGui::Text("  calls: %d", state.callCount);
  if (state.remoteVideoWidth > 0) {
    ImGui::SameLine();
    ImGui::Text("  B's remote video %dx%d", state.remoteVideoWidth, state.remoteVideoHeight);
  }

  ImGui::BeginDisabled(state.phase != LabPhase::Idle);
  if (ImGui::Button("Start")) {
    runAction(actions, "start", "", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(state.phase != LabPhase::Capturing && state.phase != LabPhase::HungUp);
  if (ImGui::Button("Call")) {
    runAction(actions, "call", "", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(state.phase != LabPhase::InCall);
  if (ImGui::Button("Hang up")) {
    runAction(actions, "hangup", "", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  rtclab::ui::helpMarker("Start: getUserMedia (the fake camera). Call: A offers, B answers, and "
                         "their ICE candidates are handed over directly, in this page: the "
                         "'signaling server' is a function call. Hang up: pc.close() on both.");
  ImGui::SameLine();
  ImGui::BeginDisabled(state.phase != LabPhase::InCall ||
                       state.destroyProbe.phase == ProbePhase::Running);
  if (ImGui::Button("Destroy probe")) {
    runAction(actions, "destroy-probe", "", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  rtclab::ui::helpMarker("Opens a 'probe' channel from A to B and destroys B's C++ handle in "
                         "its first message while A sends more. Destroying removes the JS "
                         "listeners it added, so no callback may arrive afterwards; a 'witness' "
                         "channel gets the same messages and counts them all.");
  if (state.destroyProbe.phase != ProbePhase::Idle) {
    const auto& probe = state.destroyProbe;
    ImGui::Text("probe %s: callbacks before destroy %d, after destroy %d (witness got %d)",
                toString(probe.phase), probe.callbacksBeforeDestroy, probe.callbacksAfterDestroy,
                probe.witnessCallbacks);
  }
}

void drawDataChannel(LoopbackState& state, const rtclab::LabActions& actions) {
  rtclab::ui::drawStateBadge("chat readyState (A)", state.a.dataChannelState);
  ImGui::SameLine();
  rtclab::ui::drawStateBadge("  (B)", state.b.dataChannelState);
  ImGui::SameLine();
  rtclab::ui::helpMarker("RTCDataChannel: A creates 'chat' with pc.createDataChannel; B receives "
                         "it in ondatachannel once the connection is up. Both ends read 'open'.");
  const bool open = state.a.dataChannelState == "open";
  ImGui::BeginDisabled(!open);
  ImGui::SetNextItemWidth(300);
  const bool entered =
      ImGui::InputText("##chat", &state.chatDraft, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Send text") || entered) && !state.chatDraft.empty()) {
    runAction(actions, "send-text", state.chatDraft, state.log);
    state.chatDraft.clear();
  }
  ImGui::SameLine();
  if (ImGui::Button("Send 1 MiB")) {
    runAction(actions, "send-binary", "1048576", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  rtclab::ui::helpMarker("A big buffer goes as 16 KiB chunks. A sends while bufferedAmount is "
                         "below 1 MiB and waits for 'bufferedamountlow' otherwise; B puts the "
                         "chunks together and checks the size and the checksum.");

  const auto& binary = state.binary;
  if (binary.total > 0) {
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "B received %zu / %zu bytes%s", binary.received,
                  binary.total,
                  binary.verified ? ", checksum ok"
                  : binary.failed ? ", CHECKSUM WRONG"
                                  : "");
    ImGui::ProgressBar(static_cast<float>(binary.received) / static_cast<float>(binary.total),
                       ImVec2(-1, 0), overlay);
    ImGui::Text("A sent %zu bytes; A's bufferedAmount %zu", binary.sent, state.a.bufferedAmount);
  }
  for (const auto* side : {&state.a, &state.b}) {
    const char* name = side == &state.a ? "A" : "B";
    for (const auto& text : side->chatReceived) {
      ImGui::Text("%s received: %s", name, text.c_str());
    }
  }
}

void drawErrors(const LoopbackState& state) {
  if (state.errors.empty()) {
    return;
  }
  ImGui::Separator();
  ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "Errors");
  ImGui::SameLine();
  rtclab::ui::helpMarker("Each failed call names the state it was made in: an InvalidStateError "
                         "usually means a step ran in the wrong order (an answer applied in "
                         "'stable', a candidate before the remote description).");
  for (const auto& error : state.errors) {
    ImGui::TextWrapped("%s: %s", error.where.c_str(), error.text.c_str());
  }
}

} // namespace

const char* toString(LabPhase phase) {
  switch (phase) {
  case LabPhase::Idle:
    return "idle";
  case LabPhase::Capturing:
    return "capturing";
  case LabPhase::InCall:
    return "in-call";
  case LabPhase::HungUp:
    return "hung-up";
  }
  return "idle";
}

const char* toString(ProbePhase phase) {
  switch (phase) {
  case ProbePhase::Idle:
    return "idle";
  case ProbePhase::Running:
    return "running";
  case ProbePhase::Done:
    return "done";
  }
  return "idle";
}

json toJson(const LoopbackState& state) {
  const auto& probe = state.destroyProbe;
  return {{"lab", "02-loopback"},
          {"phase", toString(state.phase)},
          {"callCount", state.callCount},
          {"peers", {{"a", peerJson(state.a)}, {"b", peerJson(state.b)}}},
          {"chat", {{"receivedByA", state.a.chatReceived}, {"receivedByB", state.b.chatReceived}}},
          {"binary",
           {{"total", state.binary.total},
            {"sent", state.binary.sent},
            {"received", state.binary.received},
            {"verified", state.binary.verified},
            {"failed", state.binary.failed}}},
          {"localVideo", {{"width", state.localVideoWidth}, {"height", state.localVideoHeight}}},
          {"remoteVideo", {{"width", state.remoteVideoWidth}, {"height", state.remoteVideoHeight}}},
          {"destroyProbe",
           {{"phase", toString(probe.phase)},
            {"callbacksBeforeDestroy", probe.callbacksBeforeDestroy},
            {"callbacksAfterDestroy", probe.callbacksAfterDestroy},
            {"witnessCallbacks", probe.witnessCallbacks}}},
          {"errors", rtclab::toJson(state.errors)},
          {"log", toJson(state.log)}};
}

void drawPanel(LoopbackState& state, const rtclab::LabActions& actions) {
  rtclab::ui::beginLabWindow("Lab 02 - loopback"); // two peers side by side need the width
  drawControls(state, actions);
  ImGui::Separator();
  drawDataChannel(state, actions);
  drawErrors(state);
  ImGui::Separator();
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
  if (ImGui::BeginTable("peers", 2, kFlags)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    rtclab::ui::drawPeerPanel("Peer A (caller)", state.a.panel);
    ImGui::TableNextColumn();
    rtclab::ui::drawPeerPanel("Peer B (callee)", state.b.panel);
    ImGui::EndTable();
  }
  if (ImGui::CollapsingHeader("Lab log")) {
    rtclab::ui::drawEventLog(state.log, "##lab-log", ImGui::GetTextLineHeightWithSpacing() * 8);
  }
  ImGui::End();
}

} // namespace lab02
