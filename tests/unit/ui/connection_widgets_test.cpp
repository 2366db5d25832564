#include <string>

#include "panel_texts.hpp"

#include <doctest/doctest.h>

#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/headless.hpp"

#include "stats_fixtures.hpp"

using rtclab::CandidateInfo;
using rtclab::CandidateStats;
using rtclab::CandidateType;
using rtclab::StateTimeline;
using rtclab::testing::candidateStats;
using rtclab::ui::testing::drawFrames;

namespace {

CandidateInfo candidate(const std::string& line) {
  const auto parsed = rtclab::parseCandidate(line);
  REQUIRE_MESSAGE(parsed.ok(), line);
  return parsed.candidate;
}

// A typical Chromium offer with one audio section and a data channel.
const std::string kOffer = "v=0\r\n"
                           "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
                           "s=-\r\n"
                           "t=0 0\r\n"
                           "a=group:BUNDLE 0 1\r\n"
                           "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                           "c=IN IP4 0.0.0.0\r\n"
                           "a=ice-ufrag:F7gI\r\n"
                           "a=ice-pwd:x9cmlyhr6dh6wfq0k9wuxxg3\r\n"
                           "a=mid:0\r\n"
                           "a=sendrecv\r\n"
                           "a=rtpmap:111 opus/48000/2\r\n"
                           "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
                           "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
                           "c=IN IP4 0.0.0.0\r\n"
                           "a=mid:1\r\n"
                           "a=sctp-port:5000\r\n";

} // namespace

TEST_CASE("a state timeline reads as a sequence with durations, current state last") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  StateTimeline timeline;
  timeline.record("new", 0);
  timeline.record("checking", 100);
  timeline.record("connected", 350);
  const auto report =
      drawFrames(3, [&] { rtclab::ui::drawStateTimeline("iceConnectionState", timeline); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("iceConnectionState (?) new (100 ms) => checking (250 ms) => connected"));
}

TEST_CASE("an empty timeline says there is no state yet") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const auto report =
      drawFrames(2, [] { rtclab::ui::drawStateTimeline("connectionState", StateTimeline{}); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("connectionState (?) (no state yet)"));
}

TEST_CASE("a flapping timeline wraps onto more lines instead of running off the panel") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  StateTimeline timeline;
  for (int i = 0; i < 64; ++i) {
    timeline.record(i % 2 ? "disconnected" : "connected", i * 1000.0);
  }
  timeline.record("failed", 64000);
  const auto report =
      drawFrames(3, [&] { rtclab::ui::drawStateTimeline("iceConnectionState", timeline); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("=> failed"));
  CHECK(report.text.find('\n') < report.text.find("failed")); // wrapped before the end
}

TEST_CASE("every W3C state machine has an explanation; others have none") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  for (const char* name : {"signalingState", "iceGatheringState", "iceConnectionState",
                           "connectionState", "readyState"}) {
    CHECK_MESSAGE(!rtclab::ui::explainStateMachine(name).empty(), name);
  }
  CHECK(rtclab::ui::explainStateMachine("connectionstate").empty());
}

TEST_CASE("candidate types are explained in the guide's words") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  CHECK(rtclab::ui::explainCandidateType(CandidateType::Host).find("fastest") !=
        std::string_view::npos);
  CHECK(rtclab::ui::explainCandidateType(CandidateType::Srflx).find("STUN") !=
        std::string_view::npos);
  CHECK(rtclab::ui::explainCandidateType(CandidateType::Relay).find("most reliable") !=
        std::string_view::npos);
}

TEST_CASE("a signaled candidate is matched to its stats record") {
  const auto host = candidate("candidate:1 1 udp 2122260223 192.168.1.2 50000 typ host");
  CHECK(rtclab::ui::isSameCandidate(host, candidateStats("L1", "host", "192.168.1.2", 50000)));
  CHECK_FALSE(rtclab::ui::isSameCandidate(host, candidateStats("L1", "host", "10.0.0.9", 50000)));
  CHECK_FALSE(
      rtclab::ui::isSameCandidate(host, candidateStats("L1", "host", "192.168.1.2", 50001)));
  CHECK_FALSE(
      rtclab::ui::isSameCandidate(host, candidateStats("L1", "srflx", "192.168.1.2", 50000)));
  // Chromium hides host addresses behind mDNS names in signaling, not always in getStats().
  const auto mdns = candidate("candidate:2 1 udp 2122260223 4f1c9a.local 50000 typ host");
  CHECK(rtclab::ui::isSameCandidate(mdns, candidateStats("L1", "host", "192.168.1.2", 50000)));
}

TEST_CASE("the selected pair is read from a stats report") {
  rtclab::StatsReport report;
  CHECK_FALSE(rtclab::ui::selectedCandidatePair(report));
  report.candidatePairs.push_back(rtclab::testing::succeededPair("L1", "R1"));
  report.candidates.push_back(candidateStats("L1", "host", "192.168.1.2", 50000));
  CHECK_FALSE(rtclab::ui::selectedCandidatePair(report)); // the remote record is missing
  auto remote = candidateStats("R1", "srflx", "203.0.113.7", 46154);
  remote.isRemote = true;
  report.candidates.push_back(remote);
  const auto selected = rtclab::ui::selectedCandidatePair(report);
  REQUIRE(selected);
  CHECK(selected->local.id == "L1");
  CHECK(selected->remote.id == "R1");
}

TEST_CASE("the candidate table lists both sides and marks the selected pair") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const std::vector local{candidate("candidate:1 1 udp 2122260223 192.168.1.2 50000 typ host"),
                          candidate("candidate:2 1 udp 1686052607 203.0.113.9 40000 typ srflx "
                                    "raddr 192.168.1.2 rport 50000")};
  const std::vector remote{candidate("candidate:3 1 udp 41885439 198.51.100.4 3478 typ relay "
                                     "raddr 0.0.0.0 rport 0")};
  const rtclab::ui::SelectedCandidatePair selected{
      candidateStats("L2", "srflx", "203.0.113.9", 40000),
      candidateStats("R1", "relay", "198.51.100.4", 3478)};
  const auto report = drawFrames(
      3, [&] { rtclab::ui::drawCandidateTable("##candidates", local, remote, selected); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("ICE candidates: 2 local, 1 remote"));
  CHECK(report.showsLine({"local", "host", "udp", "192.168.1.2", "50000", "2122260223"}));
  CHECK_FALSE(report.showsLine({"192.168.1.2", "selected"}));
  CHECK(report.showsLine({"local", "srflx", "udp", "203.0.113.9", "40000", "selected"}));
  CHECK(
      report.showsLine({"remote", "relay", "udp", "198.51.100.4", "3478", "41885439", "selected"}));
  CHECK(report.showsText("selected pair: srflx 203.0.113.9:40000 <=> relay 198.51.100.4:3478"));
}

TEST_CASE("the candidate table copes with none and with a hundred") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const auto empty =
      drawFrames(2, [] { rtclab::ui::drawCandidateTable("##candidates", {}, {}, std::nullopt); });
  CHECK(empty.errors.empty());
  CHECK(empty.showsText("(no candidates yet)"));

  std::vector<CandidateInfo> many;
  for (int i = 0; i < 100; ++i) {
    many.push_back(candidate("candidate:" + std::to_string(i) + " 1 udp 2122260223 10.0.0." +
                             std::to_string(i) + " " + std::to_string(50000 + i) + " typ host"));
  }
  const auto full = drawFrames(
      3, [&] { rtclab::ui::drawCandidateTable("##candidates", many, many, std::nullopt); });
  CHECK(full.errors.empty());
  CHECK(full.showsText("ICE candidates: 100 local, 100 remote"));
  CHECK(full.showsText("10.0.0.0"));        // the first rows are visible...
  CHECK_FALSE(full.showsText("10.0.0.99")); // ...and the table scrolls instead of growing
}

TEST_CASE("the SDP view folds by media section") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const auto report = drawFrames(3, [] { rtclab::ui::drawSdpView("##offer", kOffer); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("session (5 lines)"));
  CHECK(report.showsText("o=- 4611731400430051336 2 IN IP4 127.0.0.1")); // session open
  CHECK(report.showsText("m=audio  mid 0  sendrecv  opus"));
  CHECK(report.showsText("m=application  mid 1"));
  CHECK_FALSE(report.showsText("a=rtpmap:111")); // media sections start folded
}

TEST_CASE("malformed SDP is shown with the parser's error") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const auto report = drawFrames(
      3, [] { rtclab::ui::drawSdpView("##bad", "v=0\r\nthis is not sdp\r\nm=audio\r\n"); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("SDP could not be read: line"));
  CHECK(report.showsText("this is not sdp"));
  CHECK(report.showsText("m=audio"));
}

TEST_CASE("an empty SDP says there is no description yet") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const auto report = drawFrames(2, [] { rtclab::ui::drawSdpView("##none", ""); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("(no description yet)"));
}

TEST_CASE("stats plots show the latest values") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  rtclab::ui::StatsHistory history;
  const auto empty = drawFrames(2, [&] { rtclab::ui::drawStatsPlots(history); });
  CHECK(empty.showsText("(no samples yet)"));

  for (int second = 0; second < 90; ++second) {
    rtclab::ui::StatsSample sample;
    sample.kbpsIn = 1000 + second;
    sample.roundTripTimeMs = 42;
    history.add(sample);
  }
  const auto report = drawFrames(3, [&] { rtclab::ui::drawStatsPlots(history); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("Stats: the last 60 s"));
  CHECK(report.showsText("1089.0 kbps"));
  CHECK(report.showsText("42.0 ms"));
  CHECK(report.showsText("- fps")); // no video: no value, not a fake 0
}

TEST_CASE("a gathering round: one row per candidate with its priority parts, then the errors") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  rtclab::CandidateGathering gathering;
  gathering.begin(0, "{}");
  gathering.candidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", 3);
  gathering.candidate("candidate:3 1 udp 41885439 127.0.0.1 49160 typ relay raddr 127.0.0.1 "
                      "rport 50000",
                      42);
  gathering.error({.address = "127.0.0.1",
                   .port = 50000,
                   .url = "turn:127.0.0.1:3478?transport=udp",
                   .errorCode = 401,
                   .errorText = "Unauthorized"},
                  60);
  const auto report = drawFrames(3, [&] { rtclab::ui::drawGathering("##gathering", gathering); });
  CHECK(report.errors.empty());
  CHECK(report.showsLine({"3", "host", "udp", "127.0.0.1:50000", "-", "126", "32542", "1"}));
  CHECK(report.showsLine({"42", "relay", "udp", "127.0.0.1:49160", "127.0.0.1:50000", "2"}));
  CHECK(report.showsText("error 401 Unauthorized (turn:127.0.0.1:3478?transport=udp)"));
  CHECK(report.showsText("wrong, or expired"));
}

TEST_CASE(
    "candidate pairs: every checked pair with its state and nomination, the selected marked") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  rtclab::StatsReport report;
  report.candidates.push_back(candidateStats("L1", "host", "127.0.0.1", 50000));
  report.candidates.push_back(candidateStats("L2", "relay", "127.0.0.1", 49160));
  report.candidates.push_back(candidateStats("R1", "host", "127.0.0.1", 50002, true));
  rtclab::CandidatePairStats direct;
  direct.id = "CP1";
  direct.state = "succeeded";
  direct.nominated = true;
  direct.localCandidateId = "L1";
  direct.remoteCandidateId = "R1";
  direct.currentRoundTripTime = 0.001;
  direct.bytesSent = 1200;
  direct.bytesReceived = 3400;
  rtclab::CandidatePairStats relayed = direct;
  relayed.id = "CP2";
  relayed.state = "in-progress";
  relayed.nominated = false;
  relayed.localCandidateId = "L2";
  relayed.currentRoundTripTime.reset();
  report.candidatePairs = {direct, relayed};
  const auto drawn = drawFrames(3, [&] { rtclab::ui::drawCandidatePairs("##pairs", report); });
  CHECK(drawn.errors.empty());
  CHECK(drawn.showsLine({"host 127.0.0.1:50000", "host 127.0.0.1:50002", "succeeded (selected)",
                         "yes", "1.0 ms", "1200 / 3400"}));
  CHECK(drawn.showsLine({"relay 127.0.0.1:49160", "host 127.0.0.1:50002", "in-progress", "no"}));
  const auto json = rtclab::ui::candidatePairsJson(report);
  REQUIRE(json.size() == 2);
  CHECK(json[0]["selected"] == true);
  CHECK(json[1]["localType"] == "relay");
  CHECK(json[1]["state"] == "in-progress");
  CHECK(json[1]["rttMs"].is_null());
}
