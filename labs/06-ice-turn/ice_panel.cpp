// Lab 06's panel: the room, the iceServers editor, the gathered candidates with their priority
// parts and errors, the guide's speed ranking beside what was measured, and the call.
//
// Every word of the panel is a key of texts.<lang>.json (rtclab::tr); headers, buttons and inputs
// use trLabel so their ImGui ids stay the same across a language switch.
//
// [SECTION] index:
//   stepsOf                                   the README's steps, ticked from the state
//   configurationOf / describeConfiguration   the editor as an RTCConfiguration
//   drawServers                               the editor: the server's servers or your own
//   drawGatheringSection                      Gather, the table, the ranking, the log
//   toJson                                    Module.labState()
#include "ice_panel.hpp"

#include "rtclab/language.hpp"
#include "rtclab/ui/call_panel.hpp"
#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/lab_widgets.hpp"
#include "rtclab/ui/room_panel.hpp"
#include "rtclab/ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace lab06 {

using nlohmann::json;
using rtclab::tr;
using rtclab::trLabel;

// --- stepsOf ----------------------------------------------------------------------------------
void rememberProgress(IceLabState& state) {
  const auto& g = state.gathering;
  state.serversOnce = state.serversOnce || !state.serverServers.empty();
  if (g.completedAfterMs()) {
    state.hostAndRelayOnce =
        state.hostAndRelayOnce || (!state.stunCheck && g.count(rtclab::CandidateType::Host) > 0 &&
                                   g.count(rtclab::CandidateType::Relay) > 0);
    state.stunCheckedOnce = state.stunCheckedOnce || state.stunCheck;
  }
  for (const auto& error : g.errors()) {
    state.turnRefusedOnce = state.turnRefusedOnce || error.error.errorCode == 401;
  }
}

// [lab06-steps]
std::array<rtclab::ui::Step, 6> stepsOf(const IceLabState& state) {
  // Compared: two calls of this page made with different settings.
  const auto& calls = state.calls;
  const bool compared = std::any_of(calls.begin(), calls.end(), [&](const CallRecord& call) {
    return call.trickle != calls.front().trickle || call.relayOnly != calls.front().relayOnly;
  });
  return {{
      {"lab06.step.servers", state.serversOnce, "lab06.section.servers"},
      {"lab06.step.gather", state.hostAndRelayOnce, "lab06.section.candidates"},
      {"lab06.step.stun-check", state.stunCheckedOnce, "lab06.section.candidates"},
      {"lab06.step.turn-401", state.turnRefusedOnce, "lab06.section.servers"},
      {"lab06.step.call", !calls.empty(), "lab06.section.pairs"},
      {"lab06.step.compare", compared, "lab06.section.calls"},
  }};
}
// [lab06-steps]

// --- configurationOf / describeConfiguration ------------------------------------------------
rtclab::Configuration configurationOf(const IceServersEditor& editor,
                                      const std::vector<rtclab::IceServer>& serverServers) {
  rtclab::Configuration configuration;
  if (editor.fromServer) {
    configuration.iceServers = serverServers;
  } else {
    if (!editor.stunUrl.empty()) {
      configuration.iceServers.push_back({{editor.stunUrl}, "", ""});
    }
    if (!editor.turnUrl.empty()) {
      configuration.iceServers.push_back({{editor.turnUrl}, editor.username, editor.credential});
    }
  }
  configuration.iceTransportPolicy =
      editor.relayOnly ? rtclab::IceTransportPolicy::Relay : rtclab::IceTransportPolicy::All;
  return configuration;
}

std::string describeConfiguration(const rtclab::Configuration& configuration) {
  json text = configuration.toJson();
  for (json& server : text["iceServers"]) {
    if (server.contains("credential")) {
      server["credential"] = "***";
    }
  }
  return text.dump();
}

std::optional<CallRecord> callRecordOf(const rtclab::PeerSessionView& call,
                                       const IceServersEditor& editor) {
  const auto& transitions = call.panel.connection.transitions();
  const auto connected = std::find_if(transitions.begin(), transitions.end(),
                                      [](const auto& t) { return t.state == "connected"; });
  const auto& pair = call.panel.selectedPair;
  const auto stats = call.panel.latestStats ? call.panel.latestStats->selectedPair() : std::nullopt;
  if (transitions.empty() || connected == transitions.end() || !pair || !stats ||
      !stats->currentRoundTripTime) {
    return std::nullopt;
  }
  return CallRecord{.trickle = editor.trickle,
                    .relayOnly = editor.relayOnly,
                    .connectedAfterMs = connected->atMs - transitions.front().atMs,
                    .localType = pair->local.candidateType,
                    .remoteType = pair->remote.candidateType,
                    .rttMs = *stats->currentRoundTripTime * 1000.0,
                    .relayProtocol = pair->local.relayProtocol,
                    .candidatesSent = static_cast<int>(std::count_if(
                        call.signals.begin(), call.signals.end(), [](const auto& arrow) {
                          return arrow.outgoing && arrow.type == "candidate";
                        }))};
}

rtclab::Configuration stunOnly(rtclab::Configuration configuration) {
  std::erase_if(configuration.iceServers, [](const rtclab::IceServer& server) {
    return server.urls.empty() || !server.urls.front().starts_with("stun");
  });
  configuration.iceTransportPolicy = rtclab::IceTransportPolicy::All;
  return configuration;
}

std::string stunCheckVerdict(const rtclab::CandidateGathering& round) {
  if (!round.completedAfterMs()) {
    return "asking the STUN server...";
  }
  for (const auto& c : round.candidates()) {
    if (c.info.type == rtclab::CandidateType::Srflx) {
      return "the STUN server saw you as " + c.info.address + ":" + std::to_string(c.info.port) +
             " (your host address " + c.info.relatedAddress.value_or("?") + ":" +
             std::to_string(c.info.relatedPort.value_or(0)) + "): that is your public address";
    }
  }
  if (!round.errors().empty()) {
    const auto& error = round.errors().front().error;
    return "no answer: error " + std::to_string(error.errorCode) + " from " + error.url + ": " +
           std::string(meaningOf(error));
  }
  return "the STUN server answered and saw your host address itself (nothing translated it: no "
         "NAT on this path), so the browser dropped the server reflexive candidate as a "
         "duplicate of a host one. Behind a NAT it would be the router's public address.";
}

namespace {

void runAction(const rtclab::LabActions& actions, IceLabState& state, const std::string& name,
               const std::string& argument = {}) {
  rtclab::ui::runAction(actions, name, argument, state.log);
}

// --- drawServers ------------------------------------------------------------------------------
void drawServerServers(const IceLabState& state) {
  if (state.serverServers.empty()) {
    ImGui::TextDisabled("%s", tr("lab06.servers.none"));
    return;
  }
  for (const rtclab::IceServer& server : state.serverServers) {
    std::string urls;
    for (const std::string& url : server.urls) {
      urls += (urls.empty() ? "" : ", ") + url;
    }
    if (server.username.empty()) {
      ImGui::BulletText("%s", urls.c_str());
    } else {
      ImGui::BulletText("%s  username %s  credential ***", urls.c_str(), server.username.c_str());
    }
  }
  if (state.serverExpiresAt) {
    const double left = static_cast<double>(*state.serverExpiresAt) - state.unixNow;
    if (left > 0) {
      ImGui::Text(tr("lab06.credentials.expire"), left);
    } else {
      ImGui::TextColored(ImVec4(0.95f, 0.4f, 0.4f, 1), tr("lab06.credentials.expired"), -left);
    }
    rtclab::ui::helpMarker(tr("lab06.credentials.help"));
  }
}

void drawServers(IceLabState& state) {
  if (!ImGui::CollapsingHeader(trLabel("lab06.section.servers"), ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  IceServersEditor& editor = state.editor;
  if (ImGui::RadioButton(trLabel("lab06.from-server"), editor.fromServer)) {
    editor.fromServer = true;
  }
  ImGui::SameLine();
  if (ImGui::RadioButton(trLabel("lab06.my-own"), !editor.fromServer)) {
    editor.fromServer = false;
  }
  if (editor.fromServer) {
    drawServerServers(state);
  } else {
    ImGui::InputText(trLabel("lab06.stun-url"), &editor.stunUrl);
    ImGui::InputText(trLabel("lab06.turn-url"), &editor.turnUrl);
    ImGui::InputText(trLabel("lab06.turn-username"), &editor.username);
    ImGui::InputText(trLabel("lab06.turn-credential"), &editor.credential,
                     ImGuiInputTextFlags_Password);
  }
  ImGui::Checkbox(trLabel("lab06.relay-only"), &editor.relayOnly);
  rtclab::ui::helpMarker(tr("lab06.relay-only.help"));
  ImGui::Checkbox(trLabel("lab06.trickle"), &editor.trickle);
  rtclab::ui::helpMarker(tr("lab06.trickle.help"));
  ImGui::TextDisabled(tr("lab06.next-configuration"),
                      describeConfiguration(configurationOf(editor, state.serverServers)).c_str());
}

// --- drawGatheringSection ---------------------------------------------------------------------
void drawGatheringSection(IceLabState& state, const rtclab::LabActions& actions) {
  if (!ImGui::CollapsingHeader(trLabel("lab06.section.candidates"),
                               ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  if (ImGui::Button(trLabel("lab06.gather"))) {
    runAction(actions, state, "gather");
  }
  ImGui::SameLine();
  if (ImGui::Button(trLabel("lab06.stun-check"))) {
    runAction(actions, state, "stun-check");
  }
  ImGui::SameLine();
  if (ImGui::Button(trLabel("lab06.copy-log"))) {
    ImGui::SetClipboardText(state.gathering.log().c_str());
  }
  const auto& g = state.gathering;
  ImGui::SameLine();
  if (!g.begun()) {
    ImGui::TextDisabled("%s", tr("lab06.press-gather"));
    return;
  }
  if (g.running()) {
    ImGui::Text(tr("lab06.gathering"), g.candidates().size());
  } else {
    ImGui::Text(tr("lab06.gathering.complete"), g.completedAfterMs().value_or(0),
                g.count(rtclab::CandidateType::Host), g.count(rtclab::CandidateType::Srflx),
                g.count(rtclab::CandidateType::Relay), g.errors().size());
  }
  if (state.stunCheck) {
    ImGui::TextWrapped(tr("lab06.stun-check.verdict"), stunCheckVerdict(g).c_str());
  }
  rtclab::ui::drawGathering("##gathered", g);
  std::string firsts;
  for (const auto& [type, afterMs] : g.firstOfEachType()) {
    const std::string_view name = toString(type);
    char first[64];
    std::snprintf(first, sizeof first, tr("lab06.first-of-type"), static_cast<int>(name.size()),
                  name.data(), static_cast<int>(afterMs));
    firsts += (firsts.empty() ? "" : tr("lab06.then")) + std::string(first);
  }
  if (!firsts.empty()) {
    ImGui::TextWrapped(tr("lab06.measured"), firsts.c_str());
    rtclab::ui::helpMarker(tr("lab06.measured.help"));
  }
}

} // namespace

// --- toJson -----------------------------------------------------------------------------------
json toJson(const IceLabState& state) {
  json out = rtclab::ui::toJson(state.call);
  out["lab"] = "06-ice-turn";
  const IceServersEditor& e = state.editor;
  out["editor"] = {{"fromServer", e.fromServer},
                   {"stunUrl", e.stunUrl},
                   {"turnUrl", e.turnUrl},
                   {"username", e.username},
                   {"credentialSet", !e.credential.empty()},
                   {"relayOnly", e.relayOnly},
                   {"trickle", e.trickle}};
  out["configuration"] = describeConfiguration(configurationOf(e, state.serverServers));
  json& servers = out["serverIceServers"] = json::array();
  for (const rtclab::IceServer& server : state.serverServers) {
    servers.push_back({{"urls", server.urls},
                       {"username", server.username},
                       {"hasCredential", !server.credential.empty()}});
  }
  out["serverExpiresAt"] = state.serverExpiresAt ? json(*state.serverExpiresAt) : json(nullptr);
  out["serverExpiresInSeconds"] =
      state.serverExpiresAt ? json(static_cast<double>(*state.serverExpiresAt) - state.unixNow)
                            : json(nullptr);
  out["gathering"] = state.gathering.toJson();
  out["stunCheck"] = state.stunCheck ? json(stunCheckVerdict(state.gathering)) : json(nullptr);
  out["peer"] = state.peer ? rtclab::ui::toJson(*state.peer) : json(nullptr);
  out["candidatePairs"] = state.peer && state.peer->panel.latestStats
                              ? rtclab::ui::candidatePairsJson(*state.peer->panel.latestStats)
                              : json::array();
  json& calls = out["calls"] = json::array();
  for (const CallRecord& call : state.calls) {
    calls.push_back({{"trickle", call.trickle},
                     {"relayOnly", call.relayOnly},
                     {"connectedAfterMs", call.connectedAfterMs},
                     {"localType", call.localType},
                     {"remoteType", call.remoteType},
                     {"rttMs", call.rttMs},
                     {"relayProtocol", call.relayProtocol},
                     {"candidatesSent", call.candidatesSent}});
  }
  out["errors"] = state.errors;
  out["log"] = rtclab::ui::toJson(state.log);
  out["steps"] = rtclab::ui::StepGuide::toJson(stepsOf(state));
  return out;
}

namespace {

// --- drawCalls ----------------------------------------------------------------------------------
void drawCalls(const IceLabState& state) {
  if (state.calls.empty() ||
      !ImGui::CollapsingHeader(trLabel("lab06.section.calls"), ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("##calls", 7, kFlags)) {
    for (const char* header :
         {"lab06.col.number", "lab06.col.trickle", "lab06.col.policy", "lab06.col.candidates-sent",
          "lab06.col.connected-after", "lab06.col.pair", "lab06.col.rtt"}) {
      ImGui::TableSetupColumn(tr(header));
    }
    ImGui::TableHeadersRow();
    int number = 0;
    for (const CallRecord& call : state.calls) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", ++number);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(tr(call.trickle ? "lab06.yes" : "lab06.no"));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(call.relayOnly ? "relay" : "all");
      ImGui::TableNextColumn();
      ImGui::Text("%d", call.candidatesSent);
      ImGui::TableNextColumn();
      ImGui::Text("%.0f ms", call.connectedAfterMs);
      ImGui::TableNextColumn();
      ImGui::Text("%s / %s%s%s", call.localType.c_str(), call.remoteType.c_str(),
                  call.relayProtocol.empty() ? "" : " via ", call.relayProtocol.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.1f ms", call.rttMs);
    }
    ImGui::EndTable();
  }
  rtclab::ui::helpMarker(tr("lab06.calls.help"));
}

} // namespace

void drawPanel(IceLabState& state, const rtclab::LabActions& actions) {
  rtclab::ui::beginLabWindow(trLabel("lab06.title"));
  const auto steps = stepsOf(state);
  state.guide.draw(steps);
  rtclab::ui::drawRoomSignaling(state.call);
  ImGui::Separator();
  rtclab::ui::drawRoomControls(state.call, actions, state.log, "lab06.leave");
  ImGui::Separator();
  state.guide.openIfCurrent("lab06.section.servers");
  drawServers(state);
  state.guide.openIfCurrent("lab06.section.candidates");
  drawGatheringSection(state, actions);
  if (!state.calls.empty()) { // drawCalls() draws no header without a call
    state.guide.openIfCurrent("lab06.section.calls");
  }
  drawCalls(state);
  if (state.peer) {
    if (state.peer->panel.latestStats) {
      state.guide.openIfCurrent("lab06.section.pairs");
    }
    if (state.peer->panel.latestStats &&
        ImGui::CollapsingHeader(trLabel("lab06.section.pairs"), ImGuiTreeNodeFlags_DefaultOpen)) {
      rtclab::ui::drawCandidatePairs("##pairs", *state.peer->panel.latestStats);
      rtclab::ui::helpMarker(tr("lab06.pairs.help"));
    }
    rtclab::ui::drawPeerSession("Call (through the servers above)", *state.peer); // an ImGui id
  } else if (ImGui::CollapsingHeader(trLabel("lab06.section.call"))) {
    ImGui::TextWrapped("%s", tr("lab06.call.hint"));
  }
  if (ImGui::CollapsingHeader(trLabel("lab06.section.log"))) {
    rtclab::ui::drawEventLog(state.log, "##lablog", ImGui::GetTextLineHeightWithSpacing() * 8);
  }
  ImGui::End();
}

} // namespace lab06
