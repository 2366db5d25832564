// Lab 06's panel: the room, the iceServers editor, the gathered candidates with their priority
// parts and errors, the guide's speed ranking beside what was measured, and the call.
//
// [SECTION] index:
//   configurationOf / describeConfiguration   the editor as an RTCConfiguration
//   drawServers                               the editor: the server's servers or your own
//   drawGatheringSection                      Gather, the table, the ranking, the log
//   toJson                                    Module.labState()
#include "ice_panel.hpp"

#include "rtclab/ui/call_panel.hpp"
#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/lab_widgets.hpp"
#include "rtclab/ui/room_panel.hpp"
#include "rtclab/ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace lab06 {

using nlohmann::json;

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
    ImGui::TextDisabled("none yet: the server hands them to participants when they join (make run "
                        "starts coturn beside it)");
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
      ImGui::Text("TURN credentials expire in %.0f s", left);
    } else {
      ImGui::TextColored(ImVec4(0.95f, 0.4f, 0.4f, 1),
                         "TURN credentials expired %.0f s ago: TURN answers 401, no relay "
                         "candidates. Leave and join again for fresh ones.",
                         -left);
    }
    rtclab::ui::helpMarker("username = expiry:participant, credential = base64(HMAC-SHA1(secret, "
                           "username)). The server and coturn share the secret; coturn checks "
                           "the HMAC and the expiry, so no password ever sits in the page.");
  }
}

void drawServers(IceLabState& state) {
  if (!ImGui::CollapsingHeader("ICE servers (RTCConfiguration.iceServers)",
                               ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  IceServersEditor& editor = state.editor;
  if (ImGui::RadioButton("from the server", editor.fromServer)) {
    editor.fromServer = true;
  }
  ImGui::SameLine();
  if (ImGui::RadioButton("my own", !editor.fromServer)) {
    editor.fromServer = false;
  }
  if (editor.fromServer) {
    drawServerServers(state);
  } else {
    ImGui::InputText("STUN url", &editor.stunUrl);
    ImGui::InputText("TURN url", &editor.turnUrl);
    ImGui::InputText("TURN username", &editor.username);
    ImGui::InputText("TURN credential", &editor.credential, ImGuiInputTextFlags_Password);
  }
  ImGui::Checkbox("relay only (iceTransportPolicy: 'relay')", &editor.relayOnly);
  rtclab::ui::helpMarker("'all' gathers host, server reflexive (STUN) and relay (TURN) "
                         "candidates and lets ICE pick the best pair; 'relay' keeps only relay "
                         "candidates: every byte goes through the TURN server.");
  ImGui::Checkbox("trickle ICE", &editor.trickle);
  rtclab::ui::helpMarker("On: each candidate goes to the other side as soon as it is found, and "
                         "ICE checks start at once. Off: the offer and the answer wait until "
                         "gathering is complete (a TURN allocation included) and carry every "
                         "candidate in their SDP.");
  ImGui::TextDisabled("next RTCPeerConnection: %s",
                      describeConfiguration(configurationOf(editor, state.serverServers)).c_str());
}

// --- drawGatheringSection ---------------------------------------------------------------------
void drawGatheringSection(IceLabState& state, const rtclab::LabActions& actions) {
  if (!ImGui::CollapsingHeader("Candidates (a throwaway RTCPeerConnection gathers)",
                               ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  if (ImGui::Button("Gather")) {
    runAction(actions, state, "gather");
  }
  ImGui::SameLine();
  if (ImGui::Button("STUN check")) {
    runAction(actions, state, "stun-check");
  }
  ImGui::SameLine();
  if (ImGui::Button("Copy log")) {
    ImGui::SetClipboardText(state.gathering.log().c_str());
  }
  const auto& g = state.gathering;
  ImGui::SameLine();
  if (!g.begun()) {
    ImGui::TextDisabled("press Gather");
    return;
  }
  if (g.running()) {
    ImGui::Text("gathering... %zu candidates", g.candidates().size());
  } else {
    ImGui::Text("complete after %.0f ms: %d host, %d srflx, %d relay, %zu errors",
                g.completedAfterMs().value_or(0), g.count(rtclab::CandidateType::Host),
                g.count(rtclab::CandidateType::Srflx), g.count(rtclab::CandidateType::Relay),
                g.errors().size());
  }
  if (state.stunCheck) {
    ImGui::TextWrapped("STUN binding check: %s", stunCheckVerdict(g).c_str());
  }
  rtclab::ui::drawGathering("##gathered", g);
  std::string firsts;
  for (const auto& [type, afterMs] : g.firstOfEachType()) {
    firsts += std::string(firsts.empty() ? "" : ", then ") + std::string(toString(type)) + " at " +
              std::to_string(static_cast<int>(afterMs)) + " ms";
  }
  if (!firsts.empty()) {
    ImGui::TextWrapped("measured: %s", firsts.c_str());
    rtclab::ui::helpMarker("The guide's ranking: host is fastest (no server asked), server "
                           "reflexive needs one STUN round trip, relay needs a TURN allocation "
                           "(two round trips and credentials): slowest, but it works through "
                           "any NAT. On loopback the STUN server sees the host address, so "
                           "Chromium drops the srflx candidate as a duplicate of host.");
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
  return out;
}

namespace {

// --- drawCalls ----------------------------------------------------------------------------------
void drawCalls(const IceLabState& state) {
  if (state.calls.empty() ||
      !ImGui::CollapsingHeader("Calls of this page, compared", ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("##calls", 7, kFlags)) {
    for (const char* header :
         {"#", "trickle", "policy", "candidates sent", "connected after", "pair", "RTT"}) {
      ImGui::TableSetupColumn(header);
    }
    ImGui::TableHeadersRow();
    int number = 0;
    for (const CallRecord& call : state.calls) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", ++number);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(call.trickle ? "yes" : "no");
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
  rtclab::ui::helpMarker("Hang up, change the settings in both tabs, join again: each call adds "
                         "a row. A relayed pair adds the trip through coturn to the RTT; without "
                         "trickle the offer and the answer each wait for gathering to finish.");
}

} // namespace

void drawPanel(IceLabState& state, const rtclab::LabActions& actions) {
  rtclab::ui::beginLabWindow("Lab 06 - ICE, STUN and TURN");
  rtclab::ui::drawRoomSignaling(state.call);
  ImGui::Separator();
  rtclab::ui::drawRoomControls(state.call, actions, state.log, "Leave");
  ImGui::Separator();
  drawServers(state);
  drawGatheringSection(state, actions);
  drawCalls(state);
  if (state.peer) {
    if (state.peer->panel.latestStats &&
        ImGui::CollapsingHeader("Candidate pairs of the call (getStats)",
                                ImGuiTreeNodeFlags_DefaultOpen)) {
      rtclab::ui::drawCandidatePairs("##pairs", *state.peer->panel.latestStats);
      rtclab::ui::helpMarker("ICE pairs every local candidate with every remote one of the same "
                             "component and checks them in priority order (STUN binding "
                             "requests): waiting, in-progress, then succeeded or failed. The "
                             "controlling side nominates one succeeded pair; that is the "
                             "selected pair, which carries the media.");
    }
    rtclab::ui::drawPeerSession("Call (through the servers above)", *state.peer);
  } else if (ImGui::CollapsingHeader("Call")) {
    ImGui::TextWrapped("Open this lab in a second tab with the same ?room= and join in both: the "
                       "call uses the configuration above. With 'relay only' the selected pair "
                       "is relay on both sides and every byte goes through coturn.");
  }
  if (ImGui::CollapsingHeader("Lab log")) {
    rtclab::ui::drawEventLog(state.log, "##lablog", ImGui::GetTextLineHeightWithSpacing() * 8);
  }
  ImGui::End();
}

} // namespace lab06
