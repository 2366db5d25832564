// parseStats() on one real getStats() report of each browser rtclab supports (recorded with
// tests/e2e's harness: two peers in one page, audio, video and a data channel both ways). Every
// member the panels show is read from both; what one browser does not report is std::nullopt
// there, so no panel shows it as 0 (issue 14, docs/browsers.md).
#include <doctest/doctest.h>

#include <string>

#include "recorded_stats.hpp"
#include "rtclab/mesh_measurements.hpp"
#include "rtclab/stats.hpp"

using namespace rtclab;

namespace {

StatsReport recorded(const char* text) { return parseStats(nlohmann::json::parse(text)); }

const RtpStreamStats& stream(const StatsReport& report, RtpDirection direction,
                             const std::string& kind) {
  for (const RtpStreamStats& candidate : report.rtpStreams) {
    if (candidate.direction == direction && candidate.kind == kind) {
      return candidate;
    }
  }
  FAIL("no ", toString(direction), " ", kind, " stream");
  throw; // unreachable: FAIL throws
}

// What both browsers report, checked on each recording.
void checkReportedByBoth(const StatsReport& report) {
  const auto pair = report.selectedPair();
  REQUIRE(pair.has_value());
  CHECK(pair->state == "succeeded");
  CHECK(pair->bytesSent > 0);
  CHECK(pair->bytesReceived > 0);
  CHECK(pair->currentRoundTripTime.has_value());
  CHECK(report.candidate(pair->localCandidateId)->candidateType == "host");
  CHECK(report.candidate(pair->localCandidateId)->address == "127.0.0.1");

  REQUIRE(report.transports.size() == 1);
  const TransportStats& transport = report.transports[0];
  CHECK(transport.dtlsState == "connected");
  CHECK_FALSE(transport.dtlsRole.empty());
  CHECK_FALSE(transport.tlsVersion.empty());
  CHECK_FALSE(transport.dtlsCipher.empty());
  CHECK_FALSE(transport.srtpCipher.empty());

  for (const RtpDirection direction : {RtpDirection::Inbound, RtpDirection::Outbound}) {
    for (const std::string kind : {"audio", "video"}) {
      CAPTURE(toString(direction));
      CAPTURE(kind);
      const RtpStreamStats& s = stream(report, direction, kind);
      CHECK(s.ssrc != 0);
      CHECK(s.bytes > 0);
      CHECK(s.packets > 0);
      CHECK(report.codec(s.codecId).has_value());
    }
  }
  const RtpStreamStats& videoIn = stream(report, RtpDirection::Inbound, "video");
  CHECK(videoIn.framesDecoded.value_or(0) > 0);
  CHECK(videoIn.frameWidth.value_or(0) > 0);
  CHECK(videoIn.jitter.has_value());
  CHECK(stream(report, RtpDirection::Outbound, "video").framesEncoded.value_or(0) > 0);

  REQUIRE(report.dataChannels.size() == 1);
  CHECK(report.dataChannels[0].state == "open");
  CHECK(report.dataChannels[0].messagesSent == 1);
}

} // namespace

TEST_CASE("Chromium's report: every member the panels show") {
  const StatsReport report = recorded(testing::kChromiumStats);
  checkReportedByBoth(report);
  CHECK(report.selectedPair()->availableOutgoingBitrate.value_or(0) > 0);
  CHECK(stream(report, RtpDirection::Outbound, "video").qualityLimitationReason == "none");
  // The certificates whose fingerprints the SDPs announce.
  const TransportStats& transport = report.transports[0];
  REQUIRE(report.certificate(transport.localCertificateId).has_value());
  REQUIRE(report.certificate(transport.remoteCertificateId).has_value());
  CHECK(report.certificate(transport.localCertificateId)->fingerprintAlgorithm == "sha-256");
}

TEST_CASE("Firefox's report: what it does not report is absent, not zero") {
  const StatsReport report = recorded(testing::kFirefoxStats);
  checkReportedByBoth(report);
  // No bandwidth estimate, no quality limitation, no certificate stats.
  CHECK_FALSE(report.selectedPair()->availableOutgoingBitrate.has_value());
  for (const RtpStreamStats& s : report.rtpStreams) {
    CHECK_FALSE(s.qualityLimitationReason.has_value());
  }
  CHECK(report.certificates.empty());
  CHECK(report.transports[0].localCertificateId.empty());

  // Lab 05's measurements carry the absence through to the totals.
  const MeshLink link = meshLinkBetween(nullptr, report);
  CHECK_FALSE(link.qualityLimitationReason.has_value());
  CHECK_FALSE(meshTotalsOf({link}).qualityLimitation.has_value());
  MeshLink chromiumLink = meshLinkBetween(nullptr, recorded(testing::kChromiumStats));
  CHECK(meshTotalsOf({link, chromiumLink}).qualityLimitation == "none"); // one reports it
}
