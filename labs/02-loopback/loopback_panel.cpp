#include "loopback_panel.hpp"

#include "rtclab/language.hpp"
#include "rtclab/ui/lab_widgets.hpp"
#include "rtclab/ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace lab02 {
namespace {

using rtclab::tr;
using rtclab::trLabel;
using rtclab::ui::runAction;

// Sections of the library's peer panel that steps need (its header keys).
constexpr const char* kPeerSdpSection = "ui.peer.sdp";
constexpr const char* kPeerCandidatesSection = "ui.peer.candidates";

bool timelineHas(const rtclab::StateTimeline& timeline, std::string_view state) {
  const auto sequence = timeline.sequence();
  return std::find(sequence.begin(), sequence.end(), state) != sequence.end();
}

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
  rtclab::ui::drawStateBadge(tr("lab02.badge"), toString(state.phase));
  ImGui::SameLine();
  ImGui::Text(tr("lab02.calls"), state.callCount);
  if (state.remoteVideoWidth > 0) {
    ImGui::SameLine();
    ImGui::Text(tr("lab02.remote-video"), state.remoteVideoWidth, state.remoteVideoHeight);
  }

  ImGui::BeginDisabled(state.phase != LabPhase::Idle);
  if (ImGui::Button(trLabel("lab02.start"))) {
    runAction(actions, "start", "", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(state.phase != LabPhase::Capturing && state.phase != LabPhase::HungUp);
  if (ImGui::Button(trLabel("lab02.call"))) {
    runAction(actions, "call", "", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(state.phase != LabPhase::InCall);
  if (ImGui::Button(trLabel("lab02.hangup"))) {
    runAction(actions, "hangup", "", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab02.help.controls"));
  ImGui::SameLine();
  ImGui::BeginDisabled(state.phase != LabPhase::InCall ||
                       state.destroyProbe.phase == ProbePhase::Running);
  if (ImGui::Button(trLabel("lab02.destroy-probe"))) {
    runAction(actions, "destroy-probe", "", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab02.help.destroy-probe"));
  if (state.destroyProbe.phase != ProbePhase::Idle) {
    const auto& probe = state.destroyProbe;
    ImGui::Text(tr("lab02.probe-counts"), toString(probe.phase), probe.callbacksBeforeDestroy,
                probe.callbacksAfterDestroy, probe.witnessCallbacks);
  }
}

void drawDataChannel(LoopbackState& state, const rtclab::LabActions& actions) {
  rtclab::ui::drawStateBadge("chat readyState (A)", state.a.dataChannelState);
  ImGui::SameLine();
  rtclab::ui::drawStateBadge("  (B)", state.b.dataChannelState);
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab02.help.chat"));
  const bool open = state.a.dataChannelState == "open";
  ImGui::BeginDisabled(!open);
  ImGui::SetNextItemWidth(300);
  const bool entered =
      ImGui::InputText("##chat", &state.chatDraft, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button(trLabel("lab02.send-text")) || entered) && !state.chatDraft.empty()) {
    runAction(actions, "send-text", state.chatDraft, state.log);
    state.chatDraft.clear();
  }
  ImGui::SameLine();
  if (ImGui::Button(trLabel("lab02.send-binary"))) {
    runAction(actions, "send-binary", "1048576", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab02.help.binary"));

  const auto& binary = state.binary;
  if (binary.total > 0) {
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, tr("lab02.binary.received"), binary.received,
                  binary.total,
                  binary.verified ? tr("lab02.binary.checksum-ok")
                  : binary.failed ? tr("lab02.binary.checksum-wrong")
                                  : "");
    ImGui::ProgressBar(static_cast<float>(binary.received) / static_cast<float>(binary.total),
                       ImVec2(-1, 0), overlay);
    ImGui::Text(tr("lab02.binary.sent"), binary.sent, state.a.bufferedAmount);
  }
  for (const auto* side : {&state.a, &state.b}) {
    const char* name = side == &state.a ? "A" : "B";
    for (const auto& text : side->chatReceived) {
      ImGui::Text(tr("lab02.chat-received"), name, text.c_str());
    }
  }
}

void drawErrors(const LoopbackState& state) {
  if (state.errors.empty()) {
    return;
  }
  ImGui::Separator();
  ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", tr("lab02.errors"));
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab02.help.errors"));
  for (const auto& error : state.errors) {
    ImGui::TextWrapped("%s: %s", error.where.c_str(), error.text.c_str());
  }
}

} // namespace

std::array<rtclab::ui::Step, 7> steps(const LoopbackState& state) {
  const auto& a = state.a.panel;
  const auto& b = state.b.panel;
  const bool candidatesBothWays = !a.remoteCandidates.empty() && !b.remoteCandidates.empty() &&
                                  timelineHas(a.connection, "connected") &&
                                  timelineHas(b.connection, "connected");
  return {{
      {"lab02.step.create", state.callCount > 0, nullptr},
      {"lab02.step.add-track", state.a.tracksAdded > 0, nullptr},
      {"lab02.step.offer", timelineHas(a.signaling, "have-local-offer"), kPeerSdpSection},
      {"lab02.step.answer", !a.remoteSdp.empty(), kPeerSdpSection},
      {"lab02.step.candidates", candidatesBothWays, kPeerCandidatesSection},
      {"lab02.step.remote-track", state.b.tracksReceived > 0, nullptr},
      {"lab02.step.hangup", state.phase == LabPhase::HungUp, nullptr},
  }};
}

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
          {"steps", rtclab::ui::StepGuide::toJson(steps(state))},
          {"log", toJson(state.log)}};
}

void drawPanel(LoopbackState& state, const rtclab::LabActions& actions) {
  // Two peers side by side need the width.
  rtclab::ui::beginLabWindow(trLabel("lab02.title"));
  state.stepGuide.draw(steps(state));
  drawControls(state, actions);
  ImGui::Separator();
  drawDataChannel(state, actions);
  drawErrors(state);
  ImGui::Separator();
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
  if (ImGui::BeginTable("peers", 2, kFlags)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    // The title's key is the panel's ImGui id: its sections stay open across a language switch.
    rtclab::ui::drawPeerPanel(trLabel("lab02.peer-a"), state.a.panel, &state.stepGuide);
    ImGui::TableNextColumn();
    rtclab::ui::drawPeerPanel(trLabel("lab02.peer-b"), state.b.panel, &state.stepGuide);
    ImGui::EndTable();
  }
  if (ImGui::CollapsingHeader(trLabel("lab02.section.log"))) {
    rtclab::ui::drawEventLog(state.log, "##lab-log", ImGui::GetTextLineHeightWithSpacing() * 8);
  }
  ImGui::End();
}

} // namespace lab02
