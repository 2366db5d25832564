// Lab 04's panel, drawn headless against a recorded call: what a learner sees, and the JSON
// behind Module.labState().
#include "call_panel.hpp"

#include "rtclab/ui/headless.hpp"

#include "panel_clicks.hpp"
#include "panel_texts.hpp"
#include "recording_actions.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace lab04;
using rtclab::ui::testing::drawFrames;

namespace {

rtclab::LabActions recordingActions(std::vector<std::string>& ran) {
  return rtclab::testing::recordingActions(
      ran, {"start", "join", "hangup", "mute-audio", "mute-video", "restart-ice", "send-chat"});
}

CallLabState inCall() {
  CallLabState state;
  state.call.url = "ws://127.0.0.1:8080/ws";
  state.call.room = "demo";
  state.call.name = "alice";
  state.call.you = "u-0123456789abcdef0123";
  state.call.signalingState = "open";
  state.call.phase = "in-call";
  state.call.capturing = true;
  state.remoteAudio = state.remoteVideo = true;
  state.call.sessionsOpened = 1;
  return state;
}

rtclab::PeerSessionView bobView() {
  rtclab::PeerSessionView view;
  view.remote = {"u-b0b00000000000000000", "bob", "s1"};
  view.role = rtclab::NegotiationRole::Polite;
  view.panel.connection.record("new", 0);
  view.panel.connection.record("connected", 900);
  view.signals.push_back({100, false, "offer", "set-remote-offer"});
  view.signals.push_back({140, true, "answer", "ufrag AbCd"});
  view.chatState = "open";
  view.chatReceived = {"hi alice"};
  view.negotiation.answersMade = 1;
  return view;
}

} // namespace

TEST_CASE("in a call the panel shows who we are, the call, the chat and the sequence chart") {
  rtclab::testing::usePanelTexts("04-one-to-one"); // English, as the page starts
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = inCall();
  const auto peer = bobView();
  rtclab::ui::testing::HeadlessOptions tall;
  tall.displayHeight = 3000; // the whole panel, the checklist above it
  auto report = drawFrames(
      3, [&] { drawPanel(state, &peer, actions); }, tall);
  CHECK(report.errors.empty());
  CHECK(report.showsText("you: u-0123456789abcdef0123 (alice)"));
  CHECK(report.showsText("in-call"));
  CHECK(report.showsText("Hang up"));
  CHECK(report.showsText("u-b0b00000000000000000: hi alice"));
  CHECK(report.showsText("offers 0  answers 1  ignored (glare) 0  rolled back 0  ICE restarts 0"));
  CHECK(report.showsText("Connection process (sequence chart)"));
  CHECK(report.showsText("Transport: DTLS / SRTP"));
  CHECK(ran.empty());
}

TEST_CASE("the buttons run the lab's actions; a refused join shows the server's error") {
  rtclab::testing::usePanelTexts("04-one-to-one"); // English, as the page starts
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = inCall();
  const auto peer = bobView();
  const auto draw = [&] { drawPanel(state, &peer, actions); };
  CHECK(rtclab::testing::clickButton(draw, "Mute video"));
  CHECK(rtclab::testing::clickButton(draw, "Restart ICE"));
  CHECK(rtclab::testing::clickButton(draw, "Hang up"));
  CHECK(ran == std::vector<std::string>{"mute-video", "restart-ice", "hangup"});

  CallLabState refused;
  refused.call.phase = "refused";
  refused.call.serverError = "room-full: room 'demo' is full (2 of 2 participants)";
  auto report = drawFrames(3, [&] { drawPanel(refused, nullptr, actions); });
  CHECK(report.showsText("room-full: room 'demo' is full (2 of 2 participants)"));
  CHECK(report.showsLine({"Start camera", "Join", "Mute audio"})); // the buttons' row
}

TEST_CASE("labState: the lab's own fields, and the call when there is one") {
  auto state = inCall();
  state.call.audioMuted = true;
  const auto peer = bobView();
  const auto json = toJson(state, &peer);
  CHECK(json["phase"] == "in-call");
  CHECK(json["you"] == "u-0123456789abcdef0123");
  CHECK(json["local"]["audioMuted"] == true);
  CHECK(json["remote"]["video"] == true);
  CHECK(json["call"]["peer"] == "u-b0b00000000000000000");
  CHECK(json["call"]["role"] == "polite");
  CHECK(json["call"]["connectionState"] == "connected");
  CHECK(json["call"]["chat"]["received"][0] == "hi alice");
  CHECK(json["call"]["signals"][1]["direction"] == "out");
  CHECK(json["call"]["signals"][1]["type"] == "answer");
  const CallLabState idle;
  CHECK(toJson(idle, nullptr)["call"].is_null());
}

TEST_CASE("the panel in Korean with the Korean tables, in English with the English ones") {
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = inCall();
  const auto peer = bobView();
  const auto draw = [&] { drawPanel(state, &peer, actions); };
  auto korean = rtclab::testing::inKorean("04-one-to-one");
  korean.displayHeight = 3000; // the whole panel, nothing scrolled away
  const auto report = drawFrames(3, draw, korean);
  CHECK(report.errors.empty());
  CHECK(report.showsText("단계"));
  CHECK(report.showsText("시그널링 서버를 통해 방에 참가합니다"));
  CHECK(report.showsLine({"카메라 켜짐", "통화 끊기", "오디오 끄기", "비디오 끄기", "ICE 재시작"}));
  CHECK(report.showsText("채팅 (데이터 채널)"));
  CHECK(report.showsText("나: u-0123456789abcdef0123 (alice)"));
  CHECK(report.showsText("연결 프로세스 (시퀀스 차트)"));
  CHECK(report.showsLine({"Offer 0", "Answer 1", "무시함(glare) 0", "롤백 0", "ICE 재시작 0"}));
  CHECK(report.showsText("u-b0b00000000000000000: hi alice")); // what people write stays
  CHECK_FALSE(report.showsText("Hang up"));
  // A Korean button runs the same action.
  const auto hangUp = report.textPosition("통화 끊기");
  REQUIRE(hangUp);
  korean.clickAt = *hangUp;
  drawFrames(4, draw, korean);
  CHECK(ran == std::vector<std::string>{"hangup"});

  rtclab::testing::usePanelTexts("04-one-to-one", rtclab::Language::English);
  rtclab::ui::testing::HeadlessOptions tall;
  tall.displayHeight = 3000;
  const auto english = drawFrames(3, draw, tall);
  CHECK(english.showsText("Steps"));
  CHECK(english.showsText("Join the room through the signaling server"));
  CHECK(english.showsText("Chat (data channel)"));
  CHECK_FALSE(english.showsText("채팅"));
}

TEST_CASE("the checklist ticks in the README's order as the call goes, and keeps its ticks") {
  rtclab::testing::usePanelTexts("04-one-to-one");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  CallLabState state;
  rtclab::PeerSessionView peer;
  const rtclab::PeerSessionView* call = nullptr;
  rtclab::ui::testing::HeadlessOptions tall;
  tall.displayHeight = 3000;
  rtclab::ui::testing::FrameReport shown;
  // Draws the panel (which notes the progress) and returns the steps done, as labState has them.
  const auto doneSteps = [&] {
    shown = drawFrames(
        2, [&] { drawPanel(state, call, actions); }, tall);
    CHECK(shown.errors.empty());
    const auto json = toJson(state, call);
    std::vector<bool> done;
    for (const auto& step : json["steps"]["list"])
      done.push_back(step["done"].get<bool>());
    return done;
  };
  const auto firstSteps = [](std::size_t count) {
    std::vector<bool> done(7, false);
    std::fill_n(done.begin(), count, true);
    return done;
  };
  CHECK(doneSteps() == firstSteps(0));
  CHECK(toJson(state, call)["steps"]["list"][0]["step"] == "lab04.step.camera");
  CHECK(toJson(state, call)["steps"]["list"][0]["text"] ==
        "Start your camera and microphone (getUserMedia, the guide's step 1).");

  state.call.capturing = true;
  CHECK(doneSteps() == firstSteps(1));
  state.call.phase = "waiting";
  CHECK(doneSteps() == firstSteps(2));

  state.call.phase = "in-call";
  call = &peer;
  peer.remote = {"u-b0b00000000000000000", "bob", "s1"};
  peer.panel.localSdp = "v=0\r\n";
  CHECK(doneSteps() == firstSteps(2)); // an offer sent, no answer yet
  peer.panel.remoteSdp = "v=0\r\n";
  peer.panel.connection.record("connecting", 100);
  CHECK(doneSteps() == firstSteps(3));
  CHECK(shown.showsText("(no candidates yet)")); // the current step opened "ICE candidates"

  peer.panel.connection.record("connected", 900);
  CHECK(doneSteps() == firstSteps(4));
  state.remoteAudio = state.remoteVideo = true;
  CHECK(doneSteps() == firstSteps(4)); // the tracks arrived; no frame rendered yet
  state.remoteVideoWidth = 640;
  CHECK(doneSteps() == firstSteps(5));
  state.chatSent = {"hi bob"};
  peer.chatReceived = {"hi alice"};
  CHECK(doneSteps() == firstSteps(6));

  // Bob hangs up: the call's view is gone, alice waits again; the steps before stay ticked.
  call = nullptr;
  state.call.phase = "waiting";
  state.remoteAudio = state.remoteVideo = false;
  state.remoteVideoWidth = 0;
  state.call.sessionsOpened = state.call.sessionsClosed = 1;
  CHECK(doneSteps() == firstSteps(7));
  CHECK(toJson(state, call)["steps"]["current"] == 7);
  state.call.phase = "idle"; // alice leaves too: out of the room, the join stays ticked
  CHECK(doneSteps() == firstSteps(7));
}
