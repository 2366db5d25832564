// Lab 02's panel drawn headless against recorded states: connected, failed, hung up.
#include "loopback_panel.hpp"

#include "rtclab/ui/headless.hpp"

#include "../ui/stats_fixtures.hpp"
#include "panel_clicks.hpp"
#include "panel_texts.hpp"
#include "recording_actions.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace lab02;
using rtclab::ui::testing::drawFrames;

namespace {

rtclab::LabActions recordingActions(std::vector<std::string>& ran) {
  return rtclab::testing::recordingActions(
      ran, {"start", "call", "hangup", "send-text", "reply-text", "send-binary", "destroy-probe"});
}

void recordSequence(rtclab::StateTimeline& timeline, std::initializer_list<const char*> states) {
  double at = 0;
  for (const char* state : states) {
    timeline.record(state, at += 40);
  }
}

rtclab::CandidateInfo hostCandidate(std::uint16_t port) {
  auto parsed = rtclab::parseCandidate("candidate:1 1 udp 2122260223 127.0.0.1 " +
                                       std::to_string(port) + " typ host generation 0");
  REQUIRE(parsed.ok());
  return parsed.candidate;
}

// What a learner sees once the call is up: recorded from a real run of the lab.
void connect(PeerState& peer, bool caller) {
  auto& p = peer.panel;
  if (caller) {
    recordSequence(p.signaling, {"stable", "have-local-offer", "stable"});
  } else {
    recordSequence(p.signaling, {"stable", "have-remote-offer", "stable"});
  }
  recordSequence(p.iceGathering, {"new", "gathering", "complete"});
  recordSequence(p.iceConnection, {"new", "checking", "connected"});
  recordSequence(p.connection, {"new", "connecting", "connected"});
  p.localCandidates = {hostCandidate(caller ? 50001 : 50002)};
  p.remoteCandidates = {hostCandidate(caller ? 50002 : 50001)};
  p.log.add(10, rtclab::ui::LogLevel::Info, "connectionState -> connected");
  peer.dataChannelState = "open";
}

// A line split into the columns it shows (runs of 3 or more spaces separate them).
std::vector<std::string> columns(const std::string& line) {
  std::vector<std::string> found;
  std::size_t from = 0;
  while (from < line.size()) {
    auto gap = line.find("   ", from);
    found.push_back(line.substr(from, gap == std::string::npos ? std::string::npos : gap - from));
    if (gap == std::string::npos) {
      break;
    }
    from = line.find_first_not_of(' ', gap);
  }
  return found;
}

// The current state each peer's timeline of `attribute` shows, A then B. The peer panels sit
// side by side, so one line reads "connectionState (?) new => ... => connected      connectionState
// (?) ...", and a long timeline goes on in the next line ("=> closed       => closed"). Each
// timeline ends with its current state (the only one without a duration).
std::vector<std::string> currentStates(const rtclab::ui::testing::FrameReport& report,
                                       const std::string& attribute) {
  std::vector<std::string> lines;
  std::stringstream text(report.text);
  for (std::string line; std::getline(text, line);) {
    lines.push_back(line);
  }
  std::vector<std::string> states;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind(attribute + " ", 0) != 0) {
      continue;
    }
    auto timelines = columns(lines[i]);
    for (std::size_t next = i + 1; next < lines.size() && lines[next].rfind("=>", 0) == 0; ++next) {
      const auto more = columns(lines[next]);
      for (std::size_t c = 0; c < more.size() && c < timelines.size(); ++c) {
        timelines[c] += " " + more[c];
      }
    }
    for (const auto& timeline : timelines) {
      states.push_back(timeline.substr(timeline.find_last_of(' ') + 1));
    }
  }
  return states;
}

// The actions a click on the button labelled `label` runs: none when it is disabled.
std::vector<std::string> click(LoopbackState& state, const char* label) {
  rtclab::testing::usePanelTexts("02-loopback");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  REQUIRE_MESSAGE(rtclab::testing::clickButton([&] { drawPanel(state, actions); }, label),
                  "no button labelled " << label);
  return ran;
}

using Ran = std::vector<std::string>;

LoopbackState connectedState() {
  LoopbackState state;
  state.phase = LabPhase::InCall;
  state.callCount = 1;
  connect(state.a, true);
  connect(state.b, false);
  state.b.chatReceived = {"hello from A"};
  state.binary = {.total = 1048576, .sent = 1048576, .received = 524288};
  state.remoteVideoWidth = 640;
  state.remoteVideoHeight = 480;
  return state;
}

} // namespace

TEST_CASE("a connected call shows both peers' states, the chat and the transfer progress") {
  rtclab::testing::usePanelTexts("02-loopback");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = connectedState();
  auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.errors.empty());
  CHECK(report.vertexCount > 0);
  CHECK(report.showsText("Peer A (caller)"));
  CHECK(report.showsText("Peer B (callee)"));
  INFO(report.text); // shown when a check fails
  CHECK(report.wordAfter("lab") == "in-call");
  CHECK(currentStates(report, "signalingState") == Ran{"stable", "stable"});
  CHECK(currentStates(report, "connectionState") == Ran{"connected", "connected"});
  CHECK(currentStates(report, "iceConnectionState") == Ran{"connected", "connected"});
  CHECK(report.wordAfter("chat readyState (A)") == "open");
  CHECK(report.wordAfter("(B)") == "open");
  CHECK(report.showsText("have-local-offer"));
  CHECK(report.showsText("have-remote-offer"));
  CHECK(report.showsText("hello from A"));
  CHECK(report.showsText("524288 / 1048576"));
  CHECK(report.showsText("640x480"));
  CHECK(ran.empty()); // drawing alone runs no action
}

TEST_CASE("a failed connection shows 'failed' and the error naming its state") {
  rtclab::testing::usePanelTexts("02-loopback");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  LoopbackState state;
  state.phase = LabPhase::InCall;
  state.callCount = 1;
  recordSequence(state.a.panel.signaling, {"stable", "have-local-offer"});
  recordSequence(state.a.panel.iceConnection, {"new", "checking", "failed"});
  recordSequence(state.a.panel.connection, {"new", "connecting", "failed"});
  rtclab::PeerConnectionError error{"InvalidStateError", "Called in wrong state: stable",
                                    "setRemoteDescription(answer)", rtclab::SignalingState::Stable};
  state.errors.push_back(labErrorOf("A", error));
  auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.errors.empty());
  CHECK(currentStates(report, "connectionState").at(0) == "failed");
  CHECK(currentStates(report, "iceConnectionState").at(0) == "failed");
  CHECK(report.showsText("setRemoteDescription(answer) failed in state stable"));
  CHECK(report.showsText("InvalidStateError"));
}

TEST_CASE("after hang up both peers read closed and Call is offered again") {
  rtclab::testing::usePanelTexts("02-loopback");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = connectedState();
  state.phase = LabPhase::HungUp;
  for (auto* peer : {&state.a, &state.b}) {
    peer->panel.signaling.record("closed", 1000);
    peer->panel.connection.record("closed", 1000);
    peer->panel.iceConnection.record("closed", 1000);
    peer->dataChannelState = "closed";
  }
  auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.errors.empty());
  INFO(report.text);
  CHECK(report.wordAfter("lab") == "hung-up");
  CHECK(currentStates(report, "signalingState") == Ran{"closed", "closed"});
  CHECK(currentStates(report, "connectionState") == Ran{"closed", "closed"});
  CHECK(report.wordAfter("chat readyState (A)") == "closed");
  CHECK(report.wordAfter("(B)") == "closed");
  CHECK(ran.empty());
  // Call is enabled again; Start, Hang up and the probe (it needs a call) are not.
  CHECK(click(state, "Call") == Ran{"call"});
  CHECK(click(state, "Start").empty());
  CHECK(click(state, "Hang") == Ran{});
  CHECK(click(state, "Destroy") == Ran{});
}

TEST_CASE("in a call only Hang up and the destroy probe are enabled; idle offers only Start") {
  auto state = connectedState();
  CHECK(click(state, "Hang") == Ran{"hangup"});
  CHECK(click(state, "Destroy") == Ran{"destroy-probe"});
  CHECK(click(state, "Call").empty());
  CHECK(click(state, "Start").empty());
  LoopbackState idle;
  CHECK(click(idle, "Start") == Ran{"start"});
  CHECK(click(idle, "Call").empty());
}

TEST_CASE("the snapshot carries each peer's states, timelines, candidates and the transfer") {
  auto state = connectedState();
  auto json = toJson(state);
  CHECK(json["phase"] == "in-call");
  const auto& a = json["peers"]["a"];
  CHECK(a["connectionState"] == "connected");
  CHECK(a["timelines"]["signaling"] == nlohmann::json{"stable", "have-local-offer", "stable"});
  CHECK(a["timelines"]["connection"] == nlohmann::json{"new", "connecting", "connected"});
  CHECK(a["candidates"]["local"][0]["type"] == "host");
  CHECK(a["candidates"]["local"][0]["port"] == 50001);
  CHECK(a["dataChannel"]["state"] == "open");
  CHECK(a["selectedPair"].is_null());
  CHECK(json["chat"]["receivedByB"] == nlohmann::json{"hello from A"});
  CHECK(json["binary"]["received"] == 524288);
  CHECK(json["remoteVideo"]["width"] == 640);
  CHECK(json["destroyProbe"]["phase"] == "idle");
  CHECK(json["errors"].empty());
}

TEST_CASE("stats in the snapshot are grouped by direction and kind") {
  auto state = connectedState();
  rtclab::StatsReport report;
  auto video = rtclab::testing::rtpStream("video", rtclab::RtpDirection::Inbound, 5000, 10);
  video.framesDecoded = 30;
  video.frameWidth = 640;
  report.rtpStreams.push_back(video);
  state.b.panel.latestStats = report;
  state.b.panel.stats.add({.kbpsIn = 400,
                           .kbpsOut = 2,
                           .packetsPerSecondIn = 50,
                           .roundTripTimeMs = 1.5,
                           .framesPerSecondIn = 30,
                           .packetsLostPerSecondIn = 0,
                           .jitterMs = 2.5});
  auto stats = toJson(state)["peers"]["b"]["stats"];
  CHECK(stats["inbound"]["video"]["bytes"] == 5000);
  CHECK(stats["inbound"]["video"]["framesDecoded"] == 30);
  CHECK(stats["inbound"]["video"]["frameWidth"] == 640);
  CHECK(stats["rates"]["kbpsIn"] == 400.0);
  CHECK(stats["rates"]["roundTripTimeMs"] == 1.5);
  CHECK(toJson(state)["peers"]["a"]["stats"]["rates"].is_null());
}

TEST_CASE("the panel reads Korean with the Korean tables and English with the English ones") {
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = connectedState();
  rtclab::testing::usePanelTexts("02-loopback", rtclab::Language::Korean);
  rtclab::ui::testing::HeadlessOptions korean;
  korean.buildFonts = rtclab::testing::koreanPanelFont("hello from A");
  const auto inKorean = drawFrames(
      3, [&] { drawPanel(state, actions); }, korean);
  INFO(inKorean.text);
  CHECK(inKorean.showsText("4. A가 Offer를 만듭니다 (SDP)"));
  CHECK(inKorean.showsText("통화 끊기: 양쪽에서 pc.close()를 호출합니다"));
  CHECK(inKorean.showsText("텍스트 보내기")); // the Send text button
  CHECK(inKorean.showsText("피어 A (caller)"));
  CHECK(inKorean.showsText("connected")); // W3C states stay as they are
  CHECK_FALSE(inKorean.showsText("Send text"));

  rtclab::testing::usePanelTexts("02-loopback");
  const auto inEnglish = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(inEnglish.showsText("4. A creates the Offer (SDP)"));
  CHECK(inEnglish.showsText("Send text"));
  CHECK(inEnglish.showsText("Peer A (caller)"));
  CHECK_FALSE(inEnglish.showsText("텍스트 보내기"));
  CHECK(ran.empty());
}

TEST_CASE("the checklist ticks each step from the call's state; a step opens its peer section") {
  rtclab::testing::usePanelTexts("02-loopback");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  const auto current = [](const LoopbackState& state) {
    return toJson(state)["steps"]["current"].get<int>();
  };
  LoopbackState state;
  state.phase = LabPhase::InCall;
  state.callCount = 1;
  state.a.tracksAdded = 2;
  CHECK(current(state) == 2); // the offer is next

  // Step 4 needs the SDP section (closed until then): it opens in both peers.
  const auto atOffer = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(atOffer.showsLine({"local description", "local description"}));
  CHECK_FALSE(atOffer.showsText("ICE candidates: 0 local"));

  // Step 6 needs the ICE candidates section.
  recordSequence(state.a.panel.signaling, {"stable", "have-local-offer", "stable"});
  state.a.panel.remoteSdp = "v=0";
  CHECK(current(state) == 4);
  const auto atCandidates = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(atCandidates.showsLine({"ICE candidates: 0 local", "ICE candidates: 0 local"}));

  state.a.panel.remoteSdp.clear();
  connect(state.a, true);
  connect(state.b, false);
  CHECK(current(state) == 3); // A has no remote description yet
  state.a.panel.remoteSdp = "v=0";
  CHECK(current(state) == 5); // candidates both ways and connected: B's ontrack is next
  state.b.tracksReceived = 2;
  CHECK(current(state) == 6);
  state.phase = LabPhase::HungUp;
  CHECK(current(state) == 7);
  const auto json = toJson(state)["steps"];
  REQUIRE(json["list"].size() == 7);
  for (const auto& step : json["list"])
    CHECK(step["done"] == true);
  CHECK(json["list"][6]["text"] == "Hanging up: pc.close() on both sides");
}
