// Lab 04's panel, drawn headless against a recorded call: what a learner sees, and the JSON
// behind Module.labState().
#include "call_panel.hpp"

#include "rtclab/ui/headless.hpp"

#include "panel_clicks.hpp"
#include "recording_actions.hpp"

#include <doctest/doctest.h>

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
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = inCall();
  const auto peer = bobView();
  auto report = drawFrames(3, [&] { drawPanel(state, &peer, actions); });
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
  CHECK(report.showsText("Join"));
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
