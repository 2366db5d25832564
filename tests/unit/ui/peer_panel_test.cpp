#include "panel_texts.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include "rtclab/ui/headless.hpp"
#include "rtclab/ui/peer_panel.hpp"
#include "rtclab/ui/step_guide.hpp"

#include <array>

using rtclab::ui::PeerPanelState;
using rtclab::ui::testing::drawFrames;

namespace {

PeerPanelState connectedPeer() {
  PeerPanelState peer;
  peer.signaling.record("stable", 0);
  peer.signaling.record("have-local-offer", 10);
  peer.signaling.record("stable", 60);
  peer.iceGathering.record("new", 0);
  peer.iceGathering.record("gathering", 12);
  peer.iceGathering.record("complete", 40);
  peer.connection.record("new", 0);
  peer.connection.record("connecting", 61);
  peer.connection.record("connected", 300);
  peer.localCandidates.push_back(
      rtclab::parseCandidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host").candidate);
  peer.localSdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  peer.log.add(300, rtclab::ui::LogLevel::Info, "connectionState => connected");
  return peer;
}

} // namespace

TEST_CASE("a peer panel shows its title, states and log") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const PeerPanelState peer = connectedPeer();
  const auto report = drawFrames(3, [&] { rtclab::ui::drawPeerPanel("Caller", peer); });
  CHECK(report.errors.empty());
  CHECK(report.vertexCount > 0);
  CHECK(report.showsText("Caller"));
  CHECK(report.showsText("connectionState (?) new (61 ms) => connecting (239 ms) => connected"));
  CHECK(report.showsText("info  connectionState => connected"));
}

TEST_CASE("a fresh peer panel draws without any state") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const PeerPanelState fresh;
  const auto report = drawFrames(3, [&] { rtclab::ui::drawPeerPanel("Callee", fresh); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("signalingState (?) (no state yet)"));
  CHECK(report.showsText("(no events yet)"));
}

TEST_CASE("two peer panels side by side share one window") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const PeerPanelState caller = connectedPeer();
  const PeerPanelState callee;
  const auto report = drawFrames(3, [&] {
    if (ImGui::BeginTable("##peers", 2)) {
      ImGui::TableNextColumn();
      rtclab::ui::drawPeerPanel("Caller", caller);
      ImGui::TableNextColumn();
      rtclab::ui::drawPeerPanel("Callee", callee);
      ImGui::EndTable();
    }
  });
  CHECK(report.errors.empty());
  CHECK(report.showsText("Caller"));
  CHECK(report.showsText("Callee"));
}

TEST_CASE("the peer panel speaks the page's language: Korean labels and help, English states") {
  const PeerPanelState peer = connectedPeer();
  const auto draw = [&] { rtclab::ui::drawPeerPanel("Caller", peer); };
  auto korean = rtclab::testing::inKorean("");
  const auto report = drawFrames(3, draw, korean);
  CHECK(report.errors.empty());
  CHECK(report.showsText("상태"));
  CHECK(report.showsText("ICE Candidate"));
  CHECK(report.showsText("이벤트 로그"));
  CHECK_FALSE(report.showsText("Event log"));
  // The W3C names and states, and the log lines, stay as the browser says them.
  CHECK(report.showsText("connectionState (?) new (61 ms) => connecting (239 ms) => connected"));
  CHECK(report.showsText("info  connectionState => connected"));
  // The first help marker, signalingState's, explains in Korean.
  const auto marker = report.textPosition("(?)");
  REQUIRE(marker);
  korean.mousePosition = *marker;
  CHECK(drawFrames(4, draw, korean).showsText("Offer/Answer 교환이 어디까지"));

  rtclab::testing::usePanelTexts("", rtclab::Language::English);
  const auto english = drawFrames(3, draw);
  CHECK(english.showsText("States"));
  CHECK(english.showsText("Event log"));
  CHECK_FALSE(english.showsText("이벤트"));
}

TEST_CASE("a section a step opened stays open when the learner switches language") {
  auto korean = rtclab::testing::inKorean("");
  const PeerPanelState peer = connectedPeer();
  rtclab::ui::StepGuide guide;
  const std::array steps{rtclab::ui::Step{"ui.steps", false, "ui.peer.candidates"}};
  int frame = 0;
  // The first frame in English opens "ICE candidates" for the step; then the page turns Korean.
  const auto report = drawFrames(
      3,
      [&] {
        rtclab::setLanguage(frame++ == 0 ? rtclab::Language::English : rtclab::Language::Korean);
        guide.update(steps);
        rtclab::ui::drawPeerPanel("Caller", peer, &guide);
      },
      korean);
  CHECK(report.errors.empty());
  CHECK(report.showsText("ICE Candidate: 로컬 1개, 원격 0개"));
}
