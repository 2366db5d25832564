// Lab 03's panel: pure state, its JSON and its drawing (no browser calls; drawn headless in tests).
//
// [SECTION] index:
//   helpers          pushBounded, peerLabel
//   draw*            the panel's parts: connection, room, compose, errors, information kinds,
//                    messages
//   record*          what main.cpp's SignalingClient callbacks write into the state
//   messageTemplate  the Compose box's prefilled messages
//   toJson           Module.labState()'s snapshot
//   steps            the README's steps 1-5 as the checklist (rtclab::ui::StepGuide)
//   drawPanel        the whole panel, top to bottom
#include "signaling_panel.hpp"

#include "rtclab/language.hpp"
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

using rtclab::tr;
using rtclab::trLabel;
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
  rtclab::ui::helpMarker(tr("lab03.help.socket"));
  ImGui::SameLine();
  ImGui::TextDisabled("%s", state.url.c_str());
  if (ImGui::Button(trLabel("lab03.connect"))) {
    runAction(actions, "connect", "", state.log);
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(state.socketState == "closed");
  if (ImGui::Button(trLabel("lab03.disconnect"))) {
    runAction(actions, "disconnect", "", state.log);
  }
  ImGui::EndDisabled();

  rtclab::ui::drawStateTimeline("socket", state.stateTimeline);

  const auto& r = state.reconnects;
  ImGui::Text(tr("lab03.reconnects"), r.attempts, r.successful);
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab03.help.reconnects"));
  if (r.nextDelayMs) {
    ImGui::Text(tr("lab03.next-attempt"), rtclab::ui::formatDuration(*r.nextDelayMs).c_str());
  }
  if (!r.lastDisconnectReason.empty()) {
    ImGui::TextDisabled(tr("lab03.last-disconnect"), r.lastDisconnectReason.c_str());
  }
  if (state.lastRttMs) {
    ImGui::Text(tr("lab03.heartbeat-rtt"), *state.lastRttMs);
  } else {
    ImGui::TextDisabled("%s", tr("lab03.heartbeat-no-pong"));
  }
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab03.help.heartbeat"));
}

void drawRoom(SignalingLabState& state, const rtclab::LabActions& actions) {
  ImGui::SetNextItemWidth(160);
  ImGui::InputText(trLabel("lab03.room"), &state.roomInput);
  ImGui::SameLine();
  if (ImGui::Button(trLabel("lab03.join"))) {
    runAction(actions, "join", state.roomInput, state.log);
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(state.room.empty());
  if (ImGui::Button(trLabel("lab03.leave"))) {
    runAction(actions, "leave", "", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab03.help.join"));

  const auto& roster = state.roster;
  if (roster.self().empty()) {
    ImGui::TextDisabled("%s", tr(state.room.empty() ? "lab03.not-in-room" : "lab03.joining"));
  } else {
    ImGui::Text(tr("lab03.you-are"), roster.self().c_str(), state.name.c_str(), state.room.c_str());
  }
  if (roster.empty()) {
    ImGui::TextDisabled("%s", tr("lab03.no-other-peer"));
    return;
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
  if (ImGui::BeginTable("peers", 3, kFlags)) {
    ImGui::TableSetupColumn(tr("lab03.column.peer-id"));
    ImGui::TableSetupColumn(tr("lab03.column.name"));
    ImGui::TableSetupColumn(tr("lab03.column.send-example"));
    ImGui::TableHeadersRow();
    for (const auto& peer : roster.peers()) {
      ImGui::PushID(peer.id.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(peer.id.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(peer.name.c_str());
      ImGui::TableNextColumn();
      // The message types, as the protocol names them.
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
  if (ImGui::BeginCombo(trLabel("lab03.compose.type"), form.type.c_str())) {
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
  if (ImGui::BeginCombo(trLabel("lab03.compose.to"),
                        form.to.empty() ? tr("lab03.compose.pick-peer") : form.to.c_str())) {
    for (const auto& peer : state.roster.peers()) {
      if (ImGui::Selectable(peerLabel(peer).c_str(), form.to == peer.id)) {
        form.to = peer.id;
        refill = true;
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  refill = ImGui::Button(trLabel("lab03.compose.reset")) || refill;
  if (refill || form.text.empty()) {
    form.text = messageTemplate(form.type, form.to);
  }
  ImGui::InputTextMultiline("##compose", &form.text, ImVec2(-1, ImGui::GetTextLineHeight() * 7));
  if (ImGui::Button(trLabel("lab03.compose.send"))) {
    runAction(actions, "send", form.text, state.log);
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr("lab03.compose.hint"));
}

void drawErrors(const SignalingLabState& state) {
  if (state.errors.empty()) {
    ImGui::TextDisabled("%s", tr("lab03.no-errors"));
    return;
  }
  for (const auto& error : state.errors) {
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s %s",
                       rtclab::ui::formatTimestamp(error.atMs).c_str(), error.code.c_str());
    ImGui::SameLine();
    ImGui::TextWrapped(
        "%s  (%s)", error.message.c_str(),
        tr(error.source == "client" ? "lab03.error.unreadable" : "lab03.error.from-server"));
  }
}

void drawInformationKinds() {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
  if (!ImGui::BeginTable("kinds", 3, kFlags)) {
    return;
  }
  ImGui::TableSetupColumn(tr("lab03.column.carries"));
  ImGui::TableSetupColumn(tr("lab03.column.guide"));
  ImGui::TableSetupColumn(tr("lab03.column.message-types"));
  ImGui::TableHeadersRow();
  for (const auto& kind : informationKinds()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(tr(kind.kindKey));
    ImGui::SameLine();
    rtclab::ui::helpMarker(tr(kind.explanationKey));
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", tr(kind.guideWordsKey));
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
  auto json = nlohmann::json::parse(text, nullptr, false);
  const std::string type = json.is_object() ? json.value("type", std::string()) : std::string();
  state.seen.offer = state.seen.offer || type == "offer";
  state.seen.candidate = state.seen.candidate || type == "candidate";
  if (sent) {
    ++state.sent;
  } else if (json.is_object()) {
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
  state.seen.joined = true;
  state.seen.otherPeer = state.seen.otherPeer || !joined.peers.empty();
  keepComposeAddressed(state);
  state.room = joined.room;
  state.log.add(atMs, LogLevel::Info,
                "joined room '" + joined.room + "' as " + joined.peer + " with " +
                    std::to_string(joined.peers.size()) + " other peer(s)");
}

void recordPeerJoined(SignalingLabState& state, const protocol::PeerJoined& joined, double atMs) {
  const auto& peer = state.roster.recordPeerJoined(joined, atMs);
  state.seen.otherPeer = true;
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
      {"lab03.kind.session", "lab03.kind.session.guide",
       "join, joined, peer-joined, peer-left, leave (and ping, pong)", "lab03.kind.session.help"},
      {"lab03.kind.error", "lab03.kind.error.guide", "error", "lab03.kind.error.help"},
      {"lab03.kind.media", "lab03.kind.media.guide", "offer, answer", "lab03.kind.media.help"},
      {"lab03.kind.network", "lab03.kind.network.guide", "candidate", "lab03.kind.network.help"},
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
          {"steps", rtclab::ui::StepGuide::toJson(steps(state))},
          {"log", toJson(state.log)}};
}

std::array<rtclab::ui::Step, 5> steps(const SignalingLabState& state) {
  return {{
      {"lab03.step.join", state.seen.joined, nullptr},
      {"lab03.step.messages", state.seen.otherPeer, "lab03.section.messages"},
      {"lab03.step.offer-candidate", state.seen.offer && state.seen.candidate,
       "lab03.section.compose"},
      {"lab03.step.errors", !state.errors.empty(), "lab03.section.errors"},
      {"lab03.step.reconnect", state.reconnects.successful > 0, nullptr},
  }};
}

void drawPanel(SignalingLabState& state, const rtclab::LabActions& actions) {
  rtclab::ui::beginLabWindow(trLabel("lab03.title"));
  state.stepGuide.draw(steps(state));
  drawConnection(state, actions);
  ImGui::Separator();
  drawRoom(state, actions);
  state.stepGuide.openIfCurrent("lab03.section.compose");
  if (ImGui::CollapsingHeader(trLabel("lab03.section.compose"), ImGuiTreeNodeFlags_DefaultOpen)) {
    drawCompose(state, actions);
  }
  state.stepGuide.openIfCurrent("lab03.section.errors");
  if (ImGui::CollapsingHeader(trLabel("lab03.section.errors"), ImGuiTreeNodeFlags_DefaultOpen)) {
    drawErrors(state);
  }
  if (ImGui::CollapsingHeader(trLabel("lab03.section.kinds"), ImGuiTreeNodeFlags_DefaultOpen)) {
    drawInformationKinds();
  }
  state.stepGuide.openIfCurrent("lab03.section.messages");
  if (ImGui::CollapsingHeader(trLabel("lab03.section.messages"), ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::Text(tr("lab03.messages-count"), state.sent, state.received.size());
    ImGui::SameLine();
    rtclab::ui::helpMarker(tr("lab03.help.messages"));
    drawMessages(state);
  }
  if (ImGui::CollapsingHeader(trLabel("lab03.section.log"))) {
    rtclab::ui::drawEventLog(state.log, "##log", 160);
  }
  ImGui::End();
}

} // namespace lab03
