#include "loopback_panel.hpp"

#include "rtclab/ui/widgets.hpp"

#include <imgui.h>

#include <cstdio>

namespace lab02 {
namespace {

using nlohmann::json;

void runAction(const rtclab::LabActions& actions, LoopbackState& state, const std::string& name,
               const std::string& argument = {}) {
  if (auto error = actions.run(name, argument)) {
    state.log.add(state.log.empty() ? 0 : state.log.entries().back().timeMs,
                  rtclab::ui::LogLevel::Error, *error);
  }
}

// --- The snapshot --------------------------------------------------------------------------

json rtpStreamJson(const rtclab::RtpStreamStats& stream) {
  json out = {{"bytes", stream.bytes}, {"packets", stream.packets}};
  if (stream.framesDecoded)
    out["framesDecoded"] = *stream.framesDecoded;
  if (stream.framesEncoded)
    out["framesEncoded"] = *stream.framesEncoded;
  if (stream.framesPerSecond)
    out["framesPerSecond"] = *stream.framesPerSecond;
  if (stream.frameWidth)
    out["frameWidth"] = *stream.frameWidth;
  if (stream.frameHeight)
    out["frameHeight"] = *stream.frameHeight;
  if (stream.direction == rtclab::RtpDirection::Inbound)
    out["packetsLost"] = stream.packetsLost;
  return out;
}

// {"inbound": {"video": {...}, "audio": {...}}, "outbound": {...}, "rates": {...}}
json statsJson(const PeerState& peer) {
  json out = {{"inbound", json::object()}, {"outbound", json::object()}, {"rates", nullptr}};
  if (peer.stats) {
    for (const auto& stream : peer.stats->rtpStreams) {
      out[std::string(toString(stream.direction))][stream.kind] = rtpStreamJson(stream);
    }
  }
  if (auto sample = peer.panel.stats.latest()) {
    out["rates"] = {{"kbpsIn", sample->kbpsIn},
                    {"kbpsOut", sample->kbpsOut},
                    {"packetsPerSecondIn", sample->packetsPerSecondIn},
                    {"roundTripTimeMs",
                     sample->roundTripTimeMs ? json(*sample->roundTripTimeMs) : json(nullptr)},
                    {"framesPerSecondIn",
                     sample->framesPerSecondIn ? json(*sample->framesPerSecondIn) : json(nullptr)}};
  }
  return out;
}

json candidatesJson(const std::vector<rtclab::CandidateInfo>& candidates) {
  json out = json::array();
  for (const auto& c : candidates) {
    out.push_back({{"type", toString(c.type)},
                   {"protocol", c.protocol},
                   {"address", c.address},
                   {"port", c.port}});
  }
  return out;
}

json candidateStatsJson(const rtclab::CandidateStats& c) {
  return {{"type", c.candidateType},
          {"protocol", c.protocol},
          {"address", c.address},
          {"port", c.port}};
}

json peerJson(const PeerState& peer) {
  const auto& p = peer.panel;
  json selected = nullptr;
  if (p.selectedPair) {
    selected = {{"local", candidateStatsJson(p.selectedPair->local)},
                {"remote", candidateStatsJson(p.selectedPair->remote)}};
  }
  json log = json::array();
  for (const auto& entry : p.log.entries()) {
    log.push_back(
        {{"timeMs", entry.timeMs}, {"level", toString(entry.level)}, {"text", entry.text}});
  }
  return {{"signalingState", p.signaling.current()},
          {"iceGatheringState", p.iceGathering.current()},
          {"iceConnectionState", p.iceConnection.current()},
          {"connectionState", p.connection.current()},
          {"timelines",
           {{"signaling", p.signaling.sequence()},
            {"iceGathering", p.iceGathering.sequence()},
            {"iceConnection", p.iceConnection.sequence()},
            {"connection", p.connection.sequence()}}},
          {"candidates",
           {{"local", candidatesJson(p.localCandidates)},
            {"remote", candidatesJson(p.remoteCandidates)}}},
          {"selectedPair", selected},
          {"stats", statsJson(peer)},
          {"dataChannel",
           peer.dataChannelState.empty()
               ? json(nullptr)
               : json{{"state", peer.dataChannelState}, {"bufferedAmount", peer.bufferedAmount}}},
          {"chatReceived", peer.chatReceived},
          {"hasLocalDescription", !p.localSdp.empty()},
          {"hasRemoteDescription", !p.remoteSdp.empty()},
          {"log", log}};
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
    runAction(actions, state, "start");
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(state.phase != LabPhase::Capturing && state.phase != LabPhase::HungUp);
  if (ImGui::Button("Call")) {
    runAction(actions, state, "call");
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(state.phase != LabPhase::InCall);
  if (ImGui::Button("Hang up")) {
    runAction(actions, state, "hangup");
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
    runAction(actions, state, "destroy-probe");
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
  const bool entered = ImGui::InputText("##chat", state.chatDraft.data(), state.chatDraft.size(),
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Send text") || entered) && state.chatDraft[0] != '\0') {
    runAction(actions, state, "send-text", state.chatDraft.data());
    state.chatDraft[0] = '\0';
  }
  ImGui::SameLine();
  if (ImGui::Button("Send 1 MiB")) {
    runAction(actions, state, "send-binary", "1048576");
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

LabError labErrorOf(std::string where, const rtclab::PeerConnectionError& error) {
  return {std::move(where), error.name, error.operation,
          std::string(rtclab::toString(error.signalingState)), error.describe()};
}

LabError labErrorOf(std::string where, const rtclab::DataChannelError& error) {
  return {std::move(where), error.name, error.operation,
          std::string(rtclab::toString(error.readyState)), error.describe()};
}

json toJson(const LoopbackState& state) {
  json errors = json::array();
  for (const auto& e : state.errors) {
    errors.push_back({{"where", e.where},
                      {"name", e.name},
                      {"operation", e.operation},
                      {"state", e.state},
                      {"text", e.text}});
  }
  json log = json::array();
  for (const auto& entry : state.log.entries()) {
    log.push_back(
        {{"timeMs", entry.timeMs}, {"level", toString(entry.level)}, {"text", entry.text}});
  }
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
          {"errors", errors},
          {"log", log}};
}

void drawPanel(LoopbackState& state, const rtclab::LabActions& actions) {
  ImGui::SetNextWindowPos(ImVec2(8, 8), ImGuiCond_FirstUseEver);
  // Two peers side by side need the width: take the canvas, less a margin.
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowSize(ImVec2(display.x - 16, display.y - 16), ImGuiCond_FirstUseEver);
  ImGui::Begin("Lab 02 - loopback");
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
