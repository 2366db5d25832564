// What a lab records into a PeerPanelState, and toJson(PeerPanelState): one peer's snapshot.
#include <doctest/doctest.h>

#include <limits>

#include "rtclab/peer_connection_states.hpp"
#include "rtclab/session_description.hpp"
#include "rtclab/ui/peer_panel.hpp"

#include "stats_fixtures.hpp"

using nlohmann::json;
using rtclab::ui::PeerPanelState;

namespace {

// The getters recordStates() and recordDescriptions() read, as PeerConnection has them.
struct FakeConnection {
  rtclab::SignalingState signaling = rtclab::SignalingState::Stable;
  rtclab::PeerConnectionState connection = rtclab::PeerConnectionState::New;
  std::optional<rtclab::SessionDescription> local;
  rtclab::SignalingState signalingState() const { return signaling; }
  rtclab::IceGatheringState iceGatheringState() const { return rtclab::IceGatheringState::New; }
  rtclab::IceConnectionState iceConnectionState() const { return rtclab::IceConnectionState::New; }
  rtclab::PeerConnectionState connectionState() const { return connection; }
  std::optional<rtclab::SessionDescription> localDescription() const { return local; }
  std::optional<rtclab::SessionDescription> remoteDescription() const { return std::nullopt; }
  std::optional<double> maxMessageSize;
  std::optional<double> sctpMaxMessageSize() const { return maxMessageSize; }
};

} // namespace

TEST_CASE("a recorded state change lands on its timeline and in the peer's log, once") {
  PeerPanelState peer;
  CHECK(rtclab::ui::recordState(peer, "connectionState", "connecting", 10));
  CHECK_FALSE(rtclab::ui::recordState(peer, "connectionState", "connecting", 20));
  CHECK_FALSE(rtclab::ui::recordState(peer, "colour", "blue", 30));
  CHECK(peer.connection.current() == "connecting");
  REQUIRE(peer.log.size() == 1);
  CHECK(peer.log.entries()[0].text == "connectionState -> connecting");
  CHECK(peer.log.entries()[0].timeMs == 10);
}

TEST_CASE("recordStates reads all four states; recordDescriptions both SDPs") {
  PeerPanelState peer;
  FakeConnection pc;
  rtclab::ui::recordStates(peer, pc, 0);
  CHECK(peer.signaling.current() == "stable");
  CHECK(peer.iceGathering.current() == "new");
  CHECK(peer.iceConnection.current() == "new");
  CHECK(peer.connection.current() == "new");
  CHECK(peer.log.size() == 4);
  pc.signaling = rtclab::SignalingState::Closed;
  pc.connection = rtclab::PeerConnectionState::Closed;
  rtclab::ui::recordStates(peer, pc, 50); // after close(): only what changed is logged
  CHECK(peer.signaling.sequence() == std::vector<std::string>{"stable", "closed"});
  CHECK(peer.log.size() == 6);

  pc.local = rtclab::SessionDescription{rtclab::SdpType::Offer, "v=0\r\n"};
  rtclab::ui::recordDescriptions(peer, pc);
  CHECK(peer.localSdp == "v=0\r\n");
  CHECK(peer.remoteSdp.empty());
  CHECK_FALSE(peer.maxMessageSize.has_value()); // no SCTP transport yet
  CHECK(rtclab::ui::toJson(peer)["maxMessageSize"].is_null());

  pc.maxMessageSize = 262144; // Chromium's a=max-message-size
  rtclab::ui::recordDescriptions(peer, pc);
  CHECK(rtclab::ui::toJson(peer)["maxMessageSize"] == 262144);
  pc.maxMessageSize = std::numeric_limits<double>::infinity(); // the other side named no limit
  rtclab::ui::recordDescriptions(peer, pc);
  CHECK(rtclab::ui::toJson(peer)["maxMessageSize"].is_null());
}

TEST_CASE("a fresh peer reads as empty states, no candidates, no stats") {
  const auto out = rtclab::ui::toJson(PeerPanelState());
  CHECK(out["connectionState"] == "");
  CHECK(out["timelines"]["signaling"] == json::array());
  CHECK(out["candidates"]["local"] == json::array());
  CHECK(out["selectedPair"].is_null());
  CHECK(out["stats"] ==
        json{{"inbound", json::object()}, {"outbound", json::object()}, {"rates", nullptr}});
  CHECK(out["hasLocalDescription"] == false);
  CHECK(out["log"] == json::array());
}

TEST_CASE("states, candidates, the selected pair, stats and descriptions all show") {
  PeerPanelState peer;
  peer.connection.record("new", 0);
  peer.connection.record("connected", 40);
  auto parsed = rtclab::parseCandidate("candidate:1 1 udp 2122260223 10.0.0.1 50001 typ host");
  REQUIRE(parsed.ok());
  peer.remoteCandidates.push_back(parsed.candidate);
  using rtclab::testing::candidateStats;
  peer.selectedPair =
      rtclab::ui::SelectedCandidatePair{candidateStats("L1", "host", "10.0.0.2", 50002),
                                        candidateStats("R1", "host", "10.0.0.1", 50001, true)};
  peer.latestStats = rtclab::StatsReport{};
  peer.latestStats->rtpStreams.push_back(
      rtclab::testing::rtpStream("audio", rtclab::RtpDirection::Outbound, 800, 8));
  peer.stats.add({.kbpsIn = 0,
                  .kbpsOut = 32,
                  .packetsPerSecondIn = 0,
                  .roundTripTimeMs = std::nullopt,
                  .framesPerSecondIn = std::nullopt,
                  .packetsLostPerSecondIn = 1.5,
                  .jitterMs = std::nullopt});
  peer.localSdp = "v=0\r\n";

  const auto out = rtclab::ui::toJson(peer);
  CHECK(out["connectionState"] == "connected");
  CHECK(out["timelines"]["connection"] == json{"new", "connected"});
  CHECK(out["candidates"]["remote"][0] ==
        json{{"type", "host"}, {"protocol", "udp"}, {"address", "10.0.0.1"}, {"port", 50001}});
  CHECK(out["selectedPair"]["local"]["port"] == 50002);
  CHECK(out["stats"]["outbound"]["audio"] == json{{"bytes", 800}, {"packets", 8}});
  CHECK(out["stats"]["rates"]["kbpsOut"] == 32.0);
  CHECK(out["stats"]["rates"]["roundTripTimeMs"].is_null());
  CHECK(out["hasLocalDescription"] == true);
  CHECK(out["hasRemoteDescription"] == false);
}
