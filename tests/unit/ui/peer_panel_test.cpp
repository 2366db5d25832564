#include <doctest/doctest.h>
#include <imgui.h>

#include "rtclab/ui/headless.hpp"
#include "rtclab/ui/peer_panel.hpp"

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
  const PeerPanelState peer = connectedPeer();
  const auto report = drawFrames(3, [&] { rtclab::ui::drawPeerPanel("Caller", peer); });
  CHECK(report.errors.empty());
  CHECK(report.vertexCount > 0);
  CHECK(report.showsText("Caller"));
  CHECK(report.showsText("connectionState (?) new (61 ms) => connecting (239 ms) => connected"));
  CHECK(report.showsText("info  connectionState => connected"));
}

TEST_CASE("a fresh peer panel draws without any state") {
  const PeerPanelState fresh;
  const auto report = drawFrames(3, [&] { rtclab::ui::drawPeerPanel("Callee", fresh); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("signalingState (?) (no state yet)"));
  CHECK(report.showsText("(no events yet)"));
}

TEST_CASE("two peer panels side by side share one window") {
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
