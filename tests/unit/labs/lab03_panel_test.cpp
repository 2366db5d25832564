#include "signaling_panel.hpp"

#include "rtclab/ui/headless.hpp"

#include "panel_texts.hpp"
#include "recording_actions.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

using namespace lab03;
using rtclab::ui::testing::drawFrames;
namespace protocol = rtclab::protocol;

namespace {

rtclab::LabActions recordingActions(std::vector<std::string>& ran) {
  return rtclab::testing::recordingActions(
      ran, {"connect", "disconnect", "join", "leave", "send", "send-offer", "send-candidate"});
}

// Alice (p1) in room "demo" with Bob (p2), after one server restart.
SignalingLabState joinedState() {
  SignalingLabState state;
  state.url = "ws://127.0.0.1:8080/ws";
  state.name = "alice";
  recordSocketState(state, "connecting", 0);
  recordSocketState(state, "open", 10);
  recordWire(state, true, R"({"type":"join","room":"demo","name":"alice","version":1})", 11);
  const std::string joinedText =
      R"({"type":"joined","version":1,"room":"demo","peer":"p1","name":"alice",)"
      R"("peers":[{"id":"p2","name":"bob"}]})";
  recordWire(state, false, joinedText, 12);
  recordJoined(state, std::get<protocol::Joined>(protocol::parse(joinedText).message()), 12);
  recordWire(state, false, R"({"type":"offer","to":"p1","from":"p2","sdp":"v=0\r\n"})", 20);
  state.reconnects = {1, 1, std::nullopt, "the socket closed (code 1006)"};
  state.lastRttMs = 2.5;
  return state;
}

} // namespace

TEST_CASE("a joined lab shows the socket, the peers, the messages and the heartbeat") {
  rtclab::testing::usePanelTexts("03-signaling");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = joinedState();
  auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.errors.empty());
  CHECK(report.vertexCount > 0);
  CHECK(report.showsText("open"));
  CHECK(report.showsText("you are p1 (alice) in room 'demo'"));
  CHECK(report.showsLine({"p2", "bob", "offer", "candidate"})); // a row, with send buttons
  CHECK(report.showsText("heartbeat RTT: 2.5 ms"));
  CHECK(report.showsText("reconnects: 1 attempted, 1 successful"));
  CHECK(report.showsLine({"in", "offer -> p1 from p2"}));
  CHECK(report.showsLine({"out", "join"}));
  CHECK(ran.empty()); // drawing alone runs no action
}

TEST_CASE("the explanation names each kind of information and the message that carries it") {
  rtclab::testing::usePanelTexts("03-signaling");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  SignalingLabState state;
  auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.errors.empty());
  CHECK(report.showsLine({"Session control", "start and end", "join, joined, peer-joined,"}));
  CHECK(report.showsLine({"Error messages", "error"}));
  CHECK(report.showsLine({"Media metadata", "offer, answer"}));
  CHECK(report.showsLine({"Network data", "candidate"}));
  CHECK(report.showsText("closed"));
  REQUIRE(informationKinds().size() == 4);
}

TEST_CASE("a reconnecting socket shows why and when the next attempt comes") {
  rtclab::testing::usePanelTexts("03-signaling");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = joinedState();
  state.reconnects = {3, 1, 2000.0, "the socket closed (code 1006)"};
  recordSocketState(state, "reconnecting", 100);
  CHECK(state.roster.empty()); // the server forgot us with the socket
  CHECK(state.roster.self().empty());
  auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("reconnecting"));
  CHECK(report.showsText("next attempt after 2.00 s"));
  CHECK(report.showsText("code 1006"));
  CHECK(state.stateTimeline.toString() == "connecting => open => reconnecting");
}

TEST_CASE("server errors and unreadable server messages are both shown, never fatal") {
  rtclab::testing::usePanelTexts("03-signaling");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  SignalingLabState state;
  recordServerError(state,
                    protocol::Error{.code = protocol::ErrorCode::unknownPeer,
                                    .message = "no peer 'p9' in your room"},
                    5);
  const auto garbage = protocol::parse("{oops");
  REQUIRE_FALSE(garbage.ok());
  recordMalformed(state, "{oops", garbage.error(), 6);
  REQUIRE(state.errors.size() == 2);
  CHECK(state.errors[0].code == "unknown-peer");
  CHECK(state.errors[0].source == "server");
  CHECK(state.errors[1].code == "not-json");
  CHECK(state.errors[1].source == "client");
  auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("unknown-peer"));
  CHECK(report.showsText("no peer 'p9' in your room"));
  auto json = toJson(state);
  CHECK(json["errors"][0]["code"] == "unknown-peer");
}

TEST_CASE("peers come and go; the addressee is dropped with its peer") {
  auto state = joinedState();
  recordPeerJoined(state, protocol::PeerJoined{.peer = "p3", .name = "carol"}, 30);
  recordPeerJoined(state, protocol::PeerJoined{.peer = "p3", .name = "carol"}, 31);
  REQUIRE(state.roster.peers().size() == 2); // a repeated peer-joined does not duplicate
  state.compose.to = "p2";
  state.compose.text = messageTemplate("offer", "p2");
  recordPeerLeft(
      state, protocol::PeerLeft{.peer = "p2", .reason = protocol::LeaveReason::disconnected}, 40);
  REQUIRE(state.roster.peers().size() == 1);
  CHECK(state.roster.peers()[0] == rtclab::RosterEntry{"p3", "carol", "", 31});
  CHECK(state.compose.to == "p3"); // the addressee moves to a peer still there
  CHECK(state.compose.text == messageTemplate("offer", "p3"));
}

TEST_CASE("after a reconnect the compose form names the other peer's new id, never a stale one") {
  auto state = joinedState(); // we are p1, p2 is there
  state.compose.to = "p2";
  state.compose.text = messageTemplate("offer", "p2");
  recordSocketState(state, "reconnecting", 50); // the server is gone: so is every id
  CHECK(state.compose.to.empty());
  CHECK(nlohmann::json::parse(state.compose.text)["to"] == "p?");
  recordSocketState(state, "open", 60);
  // Rejoined: the ids changed places; p2 is now our own.
  recordJoined(state, protocol::Joined{.room = "demo", .peer = "p2", .peers = {{"p1", "bob", ""}}},
               61);
  CHECK(state.compose.to == "p1");
  CHECK(nlohmann::json::parse(state.compose.text)["to"] == "p1");
  CHECK(toJson(state)["compose"]["to"] == "p1");

  // A learner's own edit is kept as typed: only the addressee picker moves.
  state.compose.text = R"({"type":"offer","to":"p1","sdp":"mine"})";
  recordPeerLeft(state, protocol::PeerLeft{.peer = "p1", .reason = protocol::LeaveReason::left},
                 70);
  CHECK(state.compose.to.empty());
  CHECK(state.compose.text == R"({"type":"offer","to":"p1","sdp":"mine"})");
}

TEST_CASE("the snapshot carries what a test and a learner need") {
  auto state = joinedState();
  auto json = toJson(state);
  CHECK(json["socketState"] == "open");
  CHECK(json["stateTimeline"] == nlohmann::json{"connecting", "open"});
  CHECK(json["room"] == "demo");
  CHECK(json["you"] == "p1");
  CHECK(json["peers"] == nlohmann::json::parse(R"([{"id":"p2","name":"bob"}])"));
  CHECK(json["sent"] == 1);
  REQUIRE(json["received"].size() == 2);
  CHECK(json["received"][1]["type"] == "offer");
  CHECK(json["received"][1]["from"] == "p2");
  CHECK(json["reconnects"]["attempts"] == 1);
  CHECK(json["reconnects"]["nextDelayMs"].is_null());
  CHECK(json["heartbeat"]["lastRttMs"] == 2.5);
}

TEST_CASE("message logs stay bounded") {
  SignalingLabState state;
  for (int i = 0; i < 500; ++i) {
    recordWire(state, i % 2 == 0, R"({"type":"offer","to":"p2","sdp":""})", i);
  }
  CHECK(state.wire.size() == SignalingLabState::kMaxWire);
  CHECK(state.received.size() == SignalingLabState::kMaxReceived);
  CHECK(state.sent == 250);
}

TEST_CASE("templates are valid protocol messages for the chosen type and addressee") {
  for (const char* type : {"offer", "answer", "candidate"}) {
    CAPTURE(type);
    const auto parsed = protocol::parse(messageTemplate(type, "p2"));
    REQUIRE(parsed.ok());
    CHECK(protocol::typeName(parsed.message()) == type);
  }
  CHECK(prettyJson("{oops") == "{oops"); // invalid frames are shown as they were
  CHECK(prettyJson(R"({"a":1})") == "{\n  \"a\": 1\n}");
}

TEST_CASE("the panel reads Korean with the Korean tables and English with the English ones") {
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = joinedState();
  auto korean = rtclab::testing::inKorean("03-signaling");
  const auto inKorean = drawFrames(
      3, [&] { drawPanel(state, actions); }, korean);
  INFO(inKorean.text);
  CHECK(inKorean.showsText("1. 소켓을 열고 방에 참가합니다"));
  CHECK(inKorean.showsText("5. 연결이 끊기면"));
  CHECK(inKorean.showsText("연결 끊기"));      // the Disconnect button
  CHECK(inKorean.showsText("통신 시작/종료")); // the guide's own words for session control
  CHECK(inKorean.showsText("재연결: 1번 시도, 1번 성공"));
  CHECK(inKorean.showsLine({"p2", "bob", "offer", "candidate"})); // message types stay
  CHECK_FALSE(inKorean.showsText("Disconnect"));

  rtclab::testing::usePanelTexts("03-signaling");
  const auto inEnglish = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(inEnglish.showsText("1. Open the socket and join a room"));
  CHECK(inEnglish.showsText("Disconnect"));
  CHECK(inEnglish.showsText("start and end of a session"));
  CHECK_FALSE(inEnglish.showsText("연결 끊기"));
  CHECK(ran.empty());
}

TEST_CASE("the checklist ticks each step from what the tab has seen, across reconnects") {
  rtclab::testing::usePanelTexts("03-signaling");
  const auto steps = [](const SignalingLabState& state) { return toJson(state)["steps"]; };
  SignalingLabState state;
  CHECK(steps(state)["current"] == 0);
  CHECK(steps(state)["list"].size() == 5);

  // Joined with Bob there, an offer received (joinedState), after one successful reconnect.
  state = joinedState();
  CHECK(steps(state)["list"][0]["done"] == true);
  CHECK(steps(state)["list"][1]["done"] == true);
  CHECK(steps(state)["list"][2]["done"] == false); // no candidate yet
  CHECK(steps(state)["list"][4]["done"] == true);
  CHECK(steps(state)["current"] == 2);
  recordWire(state, true, R"({"type":"candidate","to":"p2","candidate":"c","sdpMid":"0"})", 30);
  CHECK(steps(state)["current"] == 3);
  recordServerError(state, protocol::Error{.code = protocol::ErrorCode::notJson, .message = "x"},
                    31);
  CHECK(steps(state)["current"] == 5);

  // A lost socket forgets the room, not what the learner did.
  recordSocketState(state, "reconnecting", 40);
  CHECK(state.roster.self().empty());
  CHECK(steps(state)["current"] == 5);
}

TEST_CASE("a step opens the section it needs when it becomes current") {
  rtclab::testing::usePanelTexts("03-signaling");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = joinedState();
  state.seen.otherPeer = false; // step 2 is current; step 3 needs "Send a raw message"
  const auto composeOpen = [] {
    ImGui::Begin(rtclab::trLabel("lab03.title"));
    const ImGuiID header = ImGui::GetID(rtclab::trLabel("lab03.section.compose"));
    const bool open = ImGui::GetStateStorage()->GetInt(header, 1) != 0;
    ImGui::End();
    return open;
  };
  int frame = 0;
  bool openWhileStep2 = true;
  const auto report = drawFrames(4, [&] {
    ++frame;
    if (frame == 3)
      state.seen.otherPeer = true; // step 3 becomes current
    drawPanel(state, actions);
    if (frame == 1) { // the learner closes the section
      ImGui::Begin(rtclab::trLabel("lab03.title"));
      ImGui::GetStateStorage()->SetInt(ImGui::GetID(rtclab::trLabel("lab03.section.compose")), 0);
      ImGui::End();
    }
    if (frame == 2)
      openWhileStep2 = composeOpen();
  });
  CHECK_FALSE(openWhileStep2);
  CHECK(report.showsText("Reset text"));
}
