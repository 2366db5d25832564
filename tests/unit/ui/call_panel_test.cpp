// The call panel's facts from stats and SDP, and the panel drawn headless.
#include "panel_texts.hpp"

#include <doctest/doctest.h>

#include "rtclab/ui/call_panel.hpp"
#include "rtclab/ui/headless.hpp"

#include <imgui.h>

using namespace rtclab;
using rtclab::ui::testing::drawFrames;

namespace {

StatsReport securedReport() {
  StatsReport report;
  TransportStats transport;
  transport.id = "T01";
  transport.dtlsState = "connected";
  transport.dtlsRole = "client";
  transport.tlsVersion = "FEFD";
  transport.dtlsCipher = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
  transport.srtpCipher = "AES_CM_128_HMAC_SHA1_80";
  transport.localCertificateId = "CF-local";
  transport.remoteCertificateId = "CF-remote";
  report.transports.push_back(transport);
  report.certificates.push_back({"CF-local", "AA:BB", "sha-256"});
  report.certificates.push_back({"CF-remote", "CC:DD", "sha-256"});
  RtpStreamStats video;
  video.kind = "video";
  video.direction = RtpDirection::Inbound;
  video.codecId = "C96";
  video.bytes = 5000;
  video.framesDecoded = 42;
  video.jitter = 0.004;
  video.packetsLost = 3;
  report.rtpStreams.push_back(video);
  report.codecs.push_back({"C96", "video/VP8", 90000, 96});
  return report;
}

const char* const kSdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                         "a=fingerprint:sha-256 AA:BB\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";

} // namespace

TEST_CASE("the fingerprint line of an SDP, by its 1-based line number") {
  CHECK(ui::fingerprintLineOf(kSdp) == "line 5: a=fingerprint:sha-256 AA:BB");
  CHECK(ui::fingerprintLineOf("v=0\na=fingerprint:sha-1 01\n") == "line 2: a=fingerprint:sha-1 01");
  CHECK(ui::fingerprintLineOf("v=0\r\n").empty());
  CHECK(ui::fingerprintLineOf("").empty());
}

TEST_CASE("transport security: the DTLS facts and both fingerprints, next to the SDP lines") {
  const auto security = ui::transportSecurityOf(securedReport(), kSdp, "");
  CHECK(security.dtlsState == "connected");
  CHECK(security.dtlsRole == "client");
  CHECK(security.srtpCipher == "AES_CM_128_HMAC_SHA1_80");
  CHECK(security.localFingerprint == "sha-256 AA:BB");
  CHECK(security.remoteFingerprint == "sha-256 CC:DD");
  CHECK(security.localSdpFingerprintLine == "line 5: a=fingerprint:sha-256 AA:BB");
  CHECK(security.remoteSdpFingerprintLine.empty());
  CHECK(ui::transportSecurityOf(std::nullopt, "", "") == ui::TransportSecurity{});
}

TEST_CASE("transport security: the connected transport, not an unbundled one still new") {
  // Before BUNDLE settles, Chromium can report a transport per media section; the unused ones
  // stay "new", without certificates, and may come first in the report.
  StatsReport report = securedReport();
  TransportStats unused;
  unused.id = "T02";
  unused.dtlsState = "new";
  report.transports.insert(report.transports.begin(), unused);
  const auto security = ui::transportSecurityOf(report, kSdp, "");
  CHECK(security.dtlsState == "connected");
  CHECK(security.localFingerprint == "sha-256 AA:BB");
  CHECK(security.remoteFingerprint == "sha-256 CC:DD");

  report.transports.erase(report.transports.begin() + 1); // only the new one: shown as it is
  CHECK(ui::transportSecurityOf(report, kSdp, "").dtlsState == "new");
}

TEST_CASE("media quality: codec, frames, losses and jitter per direction and kind") {
  const auto quality = ui::mediaQualityOf(securedReport());
  REQUIRE(quality.inbound.size() == 1);
  CHECK(quality.outbound.empty());
  const auto& video = quality.inbound[0];
  CHECK(video.codec == "video/VP8");
  CHECK(video.frames == 42u);
  CHECK(video.packetsLost == 3);
  REQUIRE(video.jitterMs);
  CHECK(*video.jitterMs == doctest::Approx(4));
}

TEST_CASE("a call's panel draws without ImGui errors and its JSON carries the transport") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  PeerSessionView view;
  view.remote = {"u-b0b", "bob", "s1"};
  view.panel.latestStats = securedReport();
  view.panel.localSdp = kSdp;
  view.signals.push_back({10, true, "offer", "ufrag X"});
  view.signals.push_back({20, false, "answer", "set-remote-answer"});
  auto report = drawFrames(3, [&] {
    ImGui::Begin("call");
    ui::drawPeerSession("call", view);
    ImGui::End();
  });
  CHECK(report.errors.empty());
  CHECK(report.showsText("srtpCipher: AES_CM_128_HMAC_SHA1_80"));
  CHECK(report.showsText("DTLS role: client   version: DTLS 1.2 (FEFD)"));
  CHECK(report.showsText("2 messages (newest last)"));
  const auto json = ui::toJson(view);
  CHECK(json["transport"]["dtlsState"] == "connected");
  CHECK(json["stats"]["inbound"]["video"]["framesDecoded"] == 42);
  CHECK(json["stats"]["inbound"]["video"]["codec"] == "video/VP8");
  CHECK(json["stats"]["inbound"]["video"]["jitterMs"] == doctest::Approx(4));
  CHECK(json["signals"].size() == 2);
}

TEST_CASE("without certificate stats (Firefox) the fingerprints read as not reported") {
  rtclab::testing::usePanelTexts();
  StatsReport report = securedReport();
  report.certificates.clear();
  for (TransportStats& transport : report.transports) {
    transport.localCertificateId.clear();
    transport.remoteCertificateId.clear();
    transport.tlsVersion = "FEFC"; // Firefox negotiates DTLS 1.3
  }
  const auto security = ui::transportSecurityOf(report, kSdp, "");
  CHECK(security.dtlsState == "connected");
  CHECK_FALSE(security.localFingerprint.has_value());
  CHECK_FALSE(security.remoteFingerprint.has_value());

  PeerSessionView view;
  view.remote = {"u-b0b", "bob", "s1"};
  view.panel.latestStats = report;
  view.panel.localSdp = kSdp;
  auto drawn = drawFrames(3, [&] {
    ImGui::Begin("call");
    ui::drawPeerSession("call", view);
    ImGui::End();
  });
  CHECK(drawn.showsText("local fingerprint: not reported by this browser"));
  CHECK(drawn.showsText("DTLS role: client   version: DTLS 1.3 (FEFC)"));
  CHECK(drawn.showsText("line 5: a=fingerprint:sha-256 AA:BB")); // the SDP still says it
  const auto json = ui::toJson(view);
  CHECK(json["transport"]["localFingerprint"].is_null());
  CHECK(json["transport"]["remoteFingerprint"].is_null());
}
