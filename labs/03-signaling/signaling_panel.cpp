// Lab 03's panel: pure state, its JSON and its drawing (no browser calls; drawn headless in tests).
//
// [SECTION] index:
//   helpers          pushBounded, peerLabel
//   draw*            the panel's parts: connection, room, compose, errors, information kinds,
//                    messages
//   record*          what main.cpp's SignalingClient callbacks write into the state
//   messageTemplate  the Compose box's prefilled messages
//   toJson           Module.labState()'s snapshot
//   drawPanel        the whole panel, top to bottom
#include "signaling_panel.hpp"

#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/lab_widgets.hpp"
#include "rtclab/ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace lab03 {
namespace {

using rtclab::ui::runAction;

using rtclab::ui::LogLevel;
namespace protocol = rtclab::protocol;

template <typename T> void pushBounded(std::deque<T>& items, T item, std::size_t capacity) {
  items.push_back(std::move(item));
  while (items.size() > capacity) {
    items.pop_front();
  }
}

std::string peerLabel(const rtclab::RosterEntry& peer) {
  return peer.name.empty() ? peer.id : peer.id + " (" + peer.name + ")";
}

void drawConnection(SignalingLabState& state, const rtclab::LabActions& actions) {
  rtclab::ui::drawStateBadge("socket", state.socketState);
  ImGui::SameLine();
  rtclab::ui::helpMarker("The WebSocket to rtclab-server. WebRTC itself defines no signaling: "
                         "this is just one channel both peers can reach (the guide: WebSocket, "
                         "bidirectional, real time).");
  ImGui::SameLine();
  ImGui::TextDisabled("%s", state.url.c_str());
  if (ImGui::Button("Connect")) {
    runAction(actions, "connect", "", state.log);
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(state.socketState == "closed");
  if (ImGui::Button("Disconnect")) {
    runAction(actions, "disconnect", "", state.log);
  }
  ImGui::EndDisabled();

  rtclab::ui::drawStateTimeline("socket", state.stateTimeline);

  const auto& r = state.reconnects;
  ImGui::Text("reconnects: %d attempted, %d successful", r.attempts, r.successful);
  ImGui::SameLine();
  rtclab::ui::helpMarker(
      "The guide's problem 4 (signaling disconnects): when the socket drops, the "
      "client tries again after 0.5 s, 1 s, 2 s, 4 s ... (capped at 10 s), "
      "each wait shortened by a random jitter so a crowd of clients does not "
      "knock at the same instant, then joins the same room again.");
  if (r.nextDelayMs) {
    ImGui::Text("next attempt after %s", rtclab::ui::formatDuration(*r.nextDelayMs).c_str());
  }
  if (!r.lastDisconnectReason.empty()) {
    ImGui::TextDisabled("last disconnect: %s", r.lastDisconnectReason.c_str());
  }
  if (state.lastRttMs) {
    ImGui::Text("heartbeat RTT: %.1f ms", *state.lastRttMs);
  } else {
    ImGui::TextDisabled("heartbeat RTT: (no pong yet)");
  }
  ImGui::SameLine();
  rtclab::ui::helpMarker("Every 2 s the client sends {\"type\":\"ping\",\"id\":n} and the server "
                         "answers {\"type\":\"pong\",\"id\":n}. A ping without a pong for 5 s "
                         "means the connection is dead even if no close arrived: the client "
                         "closes it and reconnects.");
}

void drawRoom(SignalingLabState& state, const rtclab::LabActions& actions) {
  ImGui::SetNextItemWidth(160);
  ImGui::InputText("room", &state.roomInput);
  ImGui::SameLine();
  if (ImGui::Button("Join")) {
    runAction(actions, "join", state.roomInput, state.log);
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(state.room.empty());
  if (ImGui::Button("Leave")) {
    runAction(actions, "leave", "", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  rtclab::ui::helpMarker("Session control: join puts you in a room (the server answers joined "
                         "with your peer id and who is there); the others get peer-joined.");

  const auto& roster = state.roster;
  if (roster.self().empty()) {
    ImGui::TextDisabled("not in a room%s", state.room.empty() ? "" : " yet (joining...)");
  } else {
    ImGui::Text("you are %s (%s) in room '%s'", roster.self().c_str(), state.name.c_str(),
                state.room.c_str());
  }
  if (roster.empty()) {
    ImGui::TextDisabled("No other peer here: open this page in a second tab with the same ?room=.");
    return;
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
  if (ImGui::BeginTable("peers", 3, kFlags)) {
    ImGui::TableSetupColumn("peer id");
    ImGui::TableSetupColumn("name");
    ImGui::TableSetupColumn("send an example");
    ImGui::TableHeadersRow();
    for (const auto& peer : roster.peers()) {
      ImGui::PushID(peer.id.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(peer.id.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(peer.name.c_str());
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("offer")) {
        runAction(actions, "send-offer", peer.id, state.log);
      }
      ImGui::SameLine();
      if (ImGui::SmallButton("candidate")) {
        runAction(actions, "send-candidate", peer.id, state.log);
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
}

void drawCompose(SignalingLabState& state, const rtclab::LabActions& actions) {
  ComposeForm& form = state.compose;
  bool refill = false;
  if (form.to.empty() && !state.roster.empty()) {
    form.to = state.roster.peers().front().id; // the only peer, most of the time
    refill = true;
  }
  ImGui::SetNextItemWidth(120);
  if (ImGui::BeginCombo("type", form.type.c_str())) {
    for (const char* type : {"offer", "answer", "candidate"}) {
      if (ImGui::Selectable(type, form.type == type)) {
        form.type = type;
        refill = true;
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(200);
  if (ImGui::BeginCombo("to", form.to.empty() ? "(pick a peer)" : form.to.c_str())) {
    for (const auto& peer : state.roster.peers()) {
      if (ImGui::Selectable(peerLabel(peer).c_str(), form.to == peer.id)) {
        form.to = peer.id;
        refill = true;
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  refill = ImGui::Button("Reset text") || refill;
  if (refill || form.text.empty()) {
    form.text = messageTemplate(form.type, form.to);
  }
  ImGui::InputTextMultiline("##compose", &form.text, ImVec2(-1, ImGui::GetTextLineHeight() * 7));
  if (ImGui::Button("Send")) {
    runAction(actions, "send", form.text, state.log);
  }
  ImGui::SameLine();
  ImGui::TextDisabled("Sent as typed: break the JSON, drop \"to\", or name a stranger to see the "
                      "server's error.");
}

void drawErrors(const SignalingLabState& state) {
  if (state.errors.empty()) {
    ImGui::TextDisabled("No errors.");
    return;
  }
  for (const auto& error : state.errors) {
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s %s",
                       rtclab::ui::formatTimestamp(error.atMs).c_str(), error.code.c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s  (%s)", error.message.c_str(),
                       error.source == "client" ? "unreadable server frame" : "from the server");
  }
}

void drawInformationKinds() {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
  if (!ImGui::BeginTable("kinds", 3, kFlags)) {
    return;
  }
  ImGui::TableSetupColumn("what signaling carries");
  ImGui::TableSetupColumn("guide");
  ImGui::TableSetupColumn("message types");
  ImGui::TableHeadersRow();
  for (const auto& kind : informationKinds()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(kind.kind);
    ImGui::SameLine();
    rtclab::ui::helpMarker(kind.explanation);
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", kind.guideWords);
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", kind.messageTypes);
  }
  ImGui::EndTable();
}

// One tree node per frame, newest at the bottom: "00:01.234 out offer -> p2", opening to the
// pretty-printed JSON.
void drawMessages(const SignalingLabState& state) {
  ImGui::BeginChild("##messages", ImVec2(0, 220), true);
  int index = 0;
  for (const auto& message : state.wire) {
    const auto json = nlohmann::json::parse(message.text, nullptr, false);
    std::string summary = "(not JSON)";
    if (json.is_object()) {
      summary = json.value("type", std::string("(no type)"));
      if (json.contains("to") && json["to"].is_string()) {
        summary += " -> " + json["to"].get<std::string>();
      }
      if (json.contains("from") && json["from"].is_string()) {
        summary += " from " + json["from"].get<std::string>();
      }
    }
    char label[256];
    std::snprintf(label, sizeof label, "%s %-3s %s###m%d",
                  rtclab::ui::formatTimestamp(message.atMs).c_str(), message.sent ? "out" : "in",
                  summary.c_str(), index++);
    ImGui::PushStyleColor(ImGuiCol_Text,
                          message.sent ? ImVec4(0.6f, 0.8f, 1, 1) : ImVec4(0.7f, 1, 0.7f, 1));
    const bool open = ImGui::TreeNode(label);
    ImGui::PopStyleColor();
    if (open) {
      ImGui::TextUnformatted(prettyJson(message.text).c_str());
      ImGui::TreePop();
    }
  }
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) {
    ImGui::SetScrollHereY(1.0f); // follow new messages unless the learner scrolled up
  }
  ImGui::EndChild();
}

} // namespace

// --- state updates ------------------------------------------------------------------------------

void recordSocketState(SignalingLabState& state, std::string_view socketState, double atMs) {
  state.socketState = std::string(socketState);
  state.stateTimeline.record(socketState, atMs);
  if (socketState != "open") {
    // The server forgets us when the socket goes: a new socket gets a new peer id and the
    // peer list comes again with `joined`.
    state.roster.clear();
    keepComposeAddressed(state);
  }
  state.log.add(
      atMs, socketState == "reconnecting" ? LogLevel::Warn : LogLevel::Info,
      "socket " + state.socketState +
          (socketState == "reconnecting" ? ": " + state.reconnects.lastDisconnectReason : ""));
}

void recordWire(SignalingLabState& state, bool sent, std::string text, double atMs) {
  if (sent) {
    ++state.sent;
  } else if (auto json = nlohmann::json::parse(text, nullptr, false); json.is_object()) {
    pushBounded(state.received, std::move(json), SignalingLabState::kMaxReceived);
  }
  pushBounded(state.wire, WireMessage{atMs, sent, std::move(text)}, SignalingLabState::kMaxWire);
}

void keepComposeAddressed(SignalingLabState& state) {
  ComposeForm& form = state.compose;
  const auto& peers = state.roster.peers();
  if (std::any_of(peers.begin(), peers.end(), [&](const auto& peer) { return peer.id == form.to; }))
    return;
  // The text is regenerated only while it is the untouched template: a learner's own edit is
  // sent as typed, stale "to" included, which the server then answers with unknown-peer.
  const bool untouched = form.text.empty() || form.text == messageTemplate(form.type, form.to);
  form.to = peers.empty() ? std::string() : peers.front().id;
  if (untouched)
    form.text = messageTemplate(form.type, form.to);
}

void recordJoined(SignalingLabState& state, const protocol::Joined& joined, double atMs) {
  state.roster.recordJoined(joined, atMs);
  keepComposeAddressed(state);
  state.room = joined.room;
  state.log.add(atMs, LogLevel::Info,
                "joined room '" + joined.room + "' as " + joined.peer + " with " +
                    std::to_string(joined.peers.size()) + " other peer(s)");
}

void recordPeerJoined(SignalingLabState& state, const protocol::PeerJoined& joined, double atMs) {
  const auto& peer = state.roster.recordPeerJoined(joined, atMs);
  state.log.add(atMs, LogLevel::Info, peerLabel(peer) + " joined");
  keepComposeAddressed(state);
}

void recordPeerLeft(SignalingLabState& state, const protocol::PeerLeft& left, double atMs) {
  state.roster.recordPeerLeft(left);
  keepComposeAddressed(state);
  state.log.add(atMs, LogLevel::Info,
                left.peer + " left (" + std::string(protocol::toString(left.reason)) + ")");
}

void recordServerError(SignalingLabState& state, const protocol::Error& error, double atMs) {
  ShownError shown{atMs, std::string(protocol::toString(error.code)), error.message, "server"};
  state.log.add(atMs, LogLevel::Error, "server error " + shown.code + ": " + shown.message);
  pushBounded(state.errors, std::move(shown), SignalingLabState::kMaxErrors);
}

void recordMalformed(SignalingLabState& state, const std::string& text,
                     const protocol::ParseError& error, double atMs) {
  ShownError shown{atMs, std::string(protocol::toString(error.code)), error.message, "client"};
  state.log.add(atMs, LogLevel::Error,
                "unreadable message from the server (" + shown.code + ": " + error.message +
                    "): " + text.substr(0, 200));
  pushBounded(state.errors, std::move(shown), SignalingLabState::kMaxErrors);
}

// --- pure helpers ---------------------------------------------------------------------------

std::string messageTemplate(std::string_view type, const std::string& to) {
  nlohmann::ordered_json message{{"type", type}, {"to", to.empty() ? "p?" : to}};
  if (type == "candidate") {
    message["candidate"] = kExampleCandidate;
    message["sdpMid"] = "0";
    message["sdpMLineIndex"] = 0;
  } else {
    message["sdp"] = kExampleSdp;
  }
  return message.dump(2);
}

std::string prettyJson(const std::string& text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  return json.is_discarded() ? text : json.dump(2);
}

const std::vector<InformationKind>& informationKinds() {
  static const std::vector<InformationKind> kinds{
      {"Session control", "start and end of a session",
       "join, joined, peer-joined, peer-left, leave (and ping, pong)",
       "Who is in the room and when a conversation starts or ends. join -> joined (your id and "
       "the peers already there); the others get peer-joined; leave or a lost socket gives them "
       "peer-left."},
      {"Error messages", "error handling", "error",
       "{\"type\":\"error\",\"code\":...,\"message\":...}: what the server refused and why "
       "(bad-json, unknown-peer, not-joined ...). The connection stays open."},
      {"Media metadata", "codecs, resolution ... (SDP)", "offer, answer",
       "The SDP: which media, codecs and directions each side wants. The caller's offer and "
       "the callee's answer are relayed untouched to the peer named in \"to\"."},
      {"Network data", "ICE candidates", "candidate",
       "Each address where a peer might be reached (host, srflx, relay). Sent one by one as "
       "they are gathered (trickle ICE); \"candidate\": null ends the list."},
  };
  return kinds;
}

nlohmann::json toJson(const SignalingLabState& state) {
  using nlohmann::json;
  json peers = json::array(); // {"id", "name"} only: the snapshot predates the roster's fields
  for (const auto& peer : state.roster.peers()) {
    peers.push_back({{"id", peer.id}, {"name", peer.name}});
  }
  json errors = json::array();
  for (const auto& error : state.errors) {
    errors.push_back({{"code", error.code}, {"message", error.message}, {"source", error.source}});
  }
  const auto& r = state.reconnects;
  return {{"lab", "03-signaling"},
          {"url", state.url},
          {"socketState", state.socketState},
          {"stateTimeline", state.stateTimeline.sequence()},
          {"room", state.room},
          {"name", state.name},
          {"you", state.roster.self()},
          {"peers", peers},
          {"received", json(state.received)},
          {"sent", state.sent},
          {"errors", errors},
          {"reconnects",
           {{"attempts", r.attempts},
            {"successful", r.successful},
            {"nextDelayMs", r.nextDelayMs ? json(*r.nextDelayMs) : json(nullptr)},
            {"lastDisconnectReason", r.lastDisconnectReason}}},
          {"heartbeat", {{"lastRttMs", state.lastRttMs ? json(*state.lastRttMs) : json(nullptr)}}},
          {"compose",
           {{"type", state.compose.type}, {"to", state.compose.to}, {"text", state.compose.text}}},
          {"log", toJson(state.log)}};
}

void drawPanel(SignalingLabState& state, const rtclab::LabActions& actions) {
  rtclab::ui::beginLabWindow("Lab 03 - signaling");
  drawConnection(state, actions);
  ImGui::Separator();
  drawRoom(state, actions);
  if (ImGui::CollapsingHeader("Send a raw message", ImGuiTreeNodeFlags_DefaultOpen)) {
    drawCompose(state, actions);
  }
  if (ImGui::CollapsingHeader("Errors", ImGuiTreeNodeFlags_DefaultOpen)) {
    drawErrors(state);
  }
  if (ImGui::CollapsingHeader("What signaling carries", ImGuiTreeNodeFlags_DefaultOpen)) {
    drawInformationKinds();
  }
  if (ImGui::CollapsingHeader("Messages in and out", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::Text("%d sent, %zu received shown", state.sent, state.received.size());
    ImGui::SameLine();
    rtclab::ui::helpMarker("Every frame on the socket except the heartbeat's ping/pong. Open one "
                           "to read its JSON; \"from\" on a relayed message is stamped by the "
                           "server, so a peer cannot pretend to be another.");
    drawMessages(state);
  }
  if (ImGui::CollapsingHeader("Log")) {
    rtclab::ui::drawEventLog(state.log, "##log", 160);
  }
  ImGui::End();
}

} // namespace lab03
