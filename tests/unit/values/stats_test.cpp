// parseStats() on a getStats() report recorded from Chromium (receiving video, sending audio,
// one data channel), and rates() between two samples.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "rtclab/stats.hpp"

using namespace rtclab;
using nlohmann::json;

namespace {

// The RTCStatsReport as the binding hands it over: [...report.values()].
const char* const kRecordedReport = R"json([
  {"id":"T01","timestamp":1732441234567.123,"type":"transport","bytesSent":48211,
   "bytesReceived":1532208,"dtlsState":"connected","dtlsRole":"server","iceRole":"controlling",
   "iceState":"connected","selectedCandidatePairId":"CPx6V5yQ2w_m4Hq1ZpR",
   "selectedCandidatePairChanges":1,"tlsVersion":"FEFD","srtpCipher":"AES_CM_128_HMAC_SHA1_80",
   "dtlsCipher":"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256","localCertificateId":"CFAB:CD",
   "remoteCertificateId":"CF12:34"},
  {"id":"CFAB:CD","timestamp":1732441234567.123,"type":"certificate","fingerprint":"AB:CD",
   "fingerprintAlgorithm":"sha-256","base64Certificate":"MIIB..."},
  {"id":"CPx6V5yQ2w_m4Hq1ZpR","timestamp":1732441234567.123,"type":"candidate-pair",
   "transportId":"T01","localCandidateId":"Ix6V5yQ2w","remoteCandidateId":"Im4Hq1ZpR",
   "state":"succeeded","priority":9114475305376972286,"nominated":true,"writable":true,
   "packetsSent":1204,"packetsReceived":1671,"bytesSent":48211,"bytesReceived":1532208,
   "totalRoundTripTime":0.012,"currentRoundTripTime":0.001,
   "availableOutgoingBitrate":2654620,"requestsReceived":12,"requestsSent":1,
   "responsesReceived":13,"responsesSent":12,"consentRequestsSent":12},
  {"id":"CPaaaa_bbbb","timestamp":1732441234567.123,"type":"candidate-pair","transportId":"T01",
   "localCandidateId":"Iaaaa","remoteCandidateId":"Ibbbb","state":"failed","nominated":false,
   "bytesSent":0,"bytesReceived":0},
  {"id":"Ix6V5yQ2w","timestamp":1732441234567.123,"type":"local-candidate","transportId":"T01",
   "address":"192.168.0.196","port":46243,"protocol":"udp","candidateType":"host",
   "priority":2122260223,"networkType":"ethernet","foundation":"1467250027",
   "usernameFragment":"EsAw"},
  {"id":"Im4Hq1ZpR","timestamp":1732441234567.123,"type":"remote-candidate","transportId":"T01",
   "ip":"203.0.113.7","port":51000,"protocol":"udp","candidateType":"srflx",
   "priority":1686052607},
  {"id":"CIT01_96_","timestamp":1732441234567.123,"type":"codec","transportId":"T01",
   "payloadType":96,"mimeType":"video/VP8","clockRate":90000},
  {"id":"COT01_111_minptime=10;useinbandfec=1","timestamp":1732441234567.123,"type":"codec",
   "transportId":"T01","payloadType":111,"mimeType":"audio/opus","clockRate":48000,
   "channels":2,"sdpFmtpLine":"minptime=10;useinbandfec=1"},
  {"id":"IT01V2803912473","timestamp":1732441234567.123,"type":"inbound-rtp","ssrc":2803912473,
   "kind":"video","transportId":"T01","codecId":"CIT01_96_","jitter":0.004,"packetsLost":-2,
   "packetsReceived":1380,"bytesReceived":1447016,"framesReceived":295,"frameWidth":640,
   "frameHeight":480,"framesPerSecond":30,"framesDecoded":294,"keyFramesDecoded":2,
   "framesDropped":0,"mid":"1","trackIdentifier":"5e8b2c41-0d8e-4c64-93c0-5a9d3a1b2f77"},
  {"id":"OT01A1001","timestamp":1732441234567.123,"type":"outbound-rtp","ssrc":1001,
   "kind":"audio","transportId":"T01","codecId":"COT01_111_minptime=10;useinbandfec=1",
   "packetsSent":497,"bytesSent":29820,"headerBytesSent":11928,"retransmittedPacketsSent":0,
   "targetBitrate":32000,"qualityLimitationReason":"bandwidth","mid":"0","mediaSourceId":"SA1","active":true},
  {"id":"RIA1001","timestamp":1732441234567.123,"type":"remote-inbound-rtp","ssrc":1001,
   "kind":"audio","packetsLost":0,"jitter":0.0008,"roundTripTime":0.001},
  {"id":"D3","timestamp":1732441234567.123,"type":"data-channel","label":"chat","protocol":"",
   "dataChannelIdentifier":1,"state":"open","messagesSent":3,"bytesSent":42,
   "messagesReceived":2,"bytesReceived":17},
  {"id":"SA1","timestamp":1732441234567.123,"type":"media-source","kind":"audio",
   "trackIdentifier":"0c3c3a2e","audioLevel":0.03},
  {"id":"P","timestamp":1732441234567.123,"type":"peer-connection","dataChannelsOpened":1,
   "dataChannelsClosed":0},
  {"id":"CF7B:8B","timestamp":1732441234567.123,"type":"certificate",
   "fingerprint":"7B:8B:F0","fingerprintAlgorithm":"sha-256","base64Certificate":"MIIB..."}
])json";

RtpStreamStats inboundSample(double timestamp, std::uint64_t bytes, std::uint64_t packets,
                             std::optional<std::uint64_t> framesDecoded) {
  RtpStreamStats stream;
  stream.kind = "video";
  stream.direction = RtpDirection::Inbound;
  stream.ssrc = 42;
  stream.timestamp = timestamp;
  stream.bytes = bytes;
  stream.packets = packets;
  stream.framesDecoded = framesDecoded;
  return stream;
}

} // namespace

TEST_CASE("parseStats reads a recorded Chromium report") {
  const StatsReport report = parseStats(json::parse(kRecordedReport));

  CHECK(report.transports.size() == 1);
  CHECK(report.candidatePairs.size() == 2);
  CHECK(report.candidates.size() == 2);
  CHECK(report.codecs.size() == 2);
  CHECK(report.rtpStreams.size() == 2); // remote-inbound-rtp is not one of ours
  CHECK(report.dataChannels.size() == 1);

  CHECK(report.transports[0] == TransportStats{"T01", "connected", "CPx6V5yQ2w_m4Hq1ZpR", "server",
                                               "FEFD", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                                               "AES_CM_128_HMAC_SHA1_80", "CFAB:CD", "CF12:34"});
  CHECK(report.certificates.size() == 2);
  CHECK(report.certificate("CFAB:CD") == CertificateStats{"CFAB:CD", "AB:CD", "sha-256"});
  CHECK(report.certificate("CF7B:8B")->fingerprint == "7B:8B:F0");
  CHECK_FALSE(report.certificate("CF12:34")); // the remote one is not in this recording

  const auto pair = report.selectedPair();
  REQUIRE(pair.has_value());
  CHECK(pair->id == "CPx6V5yQ2w_m4Hq1ZpR");
  CHECK(pair->state == "succeeded");
  CHECK(pair->nominated);
  CHECK(pair->currentRoundTripTime == doctest::Approx(0.001));
  CHECK(pair->availableOutgoingBitrate == doctest::Approx(2654620));
  CHECK(pair->bytesSent == 48211);
  CHECK(pair->bytesReceived == 1532208);
  CHECK(pair->timestamp == doctest::Approx(1732441234567.123));

  const auto local = report.candidate(pair->localCandidateId);
  REQUIRE(local.has_value());
  CHECK(*local == CandidateStats{"Ix6V5yQ2w", false, "192.168.0.196", 46243, "udp", "host",
                                 2122260223u, "", ""});
  const auto remote = report.candidate(pair->remoteCandidateId);
  REQUIRE(remote.has_value());
  CHECK(remote->isRemote);
  CHECK(remote->address == "203.0.113.7"); // from the older "ip" member
  CHECK(remote->candidateType == "srflx");

  const RtpStreamStats& video = report.rtpStreams[0];
  CHECK(video.kind == "video");
  CHECK(video.direction == RtpDirection::Inbound);
  CHECK(video.ssrc == 2803912473u);
  CHECK(video.bytes == 1447016);
  CHECK(video.packets == 1380);
  CHECK(video.packetsLost == -2);
  CHECK(video.jitter == doctest::Approx(0.004));
  CHECK(video.framesPerSecond == doctest::Approx(30));
  CHECK(video.frameWidth == 640u);
  CHECK(video.frameHeight == 480u);
  CHECK(video.framesDecoded == 294u);
  CHECK_FALSE(video.framesEncoded.has_value());
  REQUIRE(report.codec(video.codecId).has_value());
  CHECK(*report.codec(video.codecId) == CodecStats{"CIT01_96_", "video/VP8", 90000, 96});

  const RtpStreamStats& audio = report.rtpStreams[1];
  CHECK(audio.direction == RtpDirection::Outbound);
  CHECK(audio.kind == "audio");
  CHECK(audio.bytes == 29820);
  CHECK(audio.packets == 497);
  CHECK_FALSE(audio.jitter.has_value());
  CHECK_FALSE(audio.frameWidth.has_value());
  CHECK(report.codec(audio.codecId)->mimeType == "audio/opus");
  CHECK(audio.qualityLimitationReason == "bandwidth");
  CHECK_FALSE(video.qualityLimitationReason.has_value()); // inbound: not reported

  CHECK(report.dataChannels[0] ==
        DataChannelStats{"D3", "chat", "open", 3, 42, 2, 17, 1732441234567.123});
  CHECK_FALSE(report.candidate("nope").has_value());
}

TEST_CASE("a relay candidate says how it reaches its TURN server, and which one") {
  const json stats = json::parse(R"([
    {"id":"I1","type":"local-candidate","candidateType":"relay","address":"127.0.0.1",
     "port":49160,"protocol":"udp","relayProtocol":"tcp",
     "url":"turn:127.0.0.1:3478?transport=tcp"}
  ])");
  const auto relay = parseStats(stats).candidate("I1");
  REQUIRE(relay.has_value());
  CHECK(relay->relayProtocol == "tcp");
  CHECK(relay->url == "turn:127.0.0.1:3478?transport=tcp");
}

TEST_CASE("selectedPair without transport stats falls back to the nominated succeeded pair") {
  // Firefox reports no "transport" record.
  const json stats = json::parse(R"([
    {"id":"a","type":"candidate-pair","state":"succeeded","nominated":false},
    {"id":"b","type":"candidate-pair","state":"in-progress","nominated":true},
    {"id":"c","type":"candidate-pair","state":"succeeded","nominated":true}
  ])");
  REQUIRE(parseStats(stats).selectedPair().has_value());
  CHECK(parseStats(stats).selectedPair()->id == "c");

  const json noneYet = json::parse(R"([
    {"id":"t","type":"transport","dtlsState":"new"},
    {"id":"a","type":"candidate-pair","state":"in-progress","nominated":false}
  ])");
  CHECK_FALSE(parseStats(noneYet).selectedPair().has_value());

  const json danglingId = json::parse(R"([
    {"id":"t","type":"transport","selectedCandidatePairId":"gone"},
    {"id":"c","type":"candidate-pair","state":"succeeded","nominated":true}
  ])");
  CHECK(parseStats(danglingId).selectedPair()->id == "c");
}

TEST_CASE("parseStats tolerates missing, wrong-typed and out-of-range members") {
  const json stats = json::parse(R"([
    {"type":"inbound-rtp"},
    {"type":"outbound-rtp","ssrc":"1001","bytesSent":-5,"packetsSent":1.5e3,"framesEncoded":null},
    {"type":"local-candidate","port":70000,"priority":true},
    {"type":"candidate-pair","nominated":"yes","currentRoundTripTime":"fast"},
    {"id":"no type"},
    42, null, "text", []
  ])");
  const StatsReport report = parseStats(stats);
  REQUIRE(report.rtpStreams.size() == 2);
  CHECK(report.rtpStreams[0] == RtpStreamStats{});
  const RtpStreamStats& outbound = report.rtpStreams[1];
  CHECK(outbound.ssrc == 0);
  CHECK(outbound.bytes == 0);
  CHECK(outbound.packets == 1500);
  CHECK_FALSE(outbound.framesEncoded.has_value());
  REQUIRE(report.candidates.size() == 1);
  CHECK(report.candidates[0].port == 0);
  CHECK(report.candidates[0].priority == 0);
  REQUIRE(report.candidatePairs.size() == 1);
  CHECK_FALSE(report.candidatePairs[0].nominated);
  CHECK_FALSE(report.candidatePairs[0].currentRoundTripTime.has_value());

  for (const char* notAnArray : {"null", "42", "\"report\"", "{}", "[]"}) {
    CAPTURE(notAnArray);
    CHECK(parseStats(json::parse(notAnArray)) == StatsReport{});
  }
}

TEST_CASE("parseStats also accepts the report as an object keyed by id") {
  const json stats = json::parse(R"({"D1":{"id":"D1","type":"data-channel","label":"x"}})");
  REQUIRE(parseStats(stats).dataChannels.size() == 1);
  CHECK(parseStats(stats).dataChannels[0].label == "x");
}

TEST_CASE("rates between two samples") {
  // One second apart: 125000 bytes = 1 Mbit/s, 100 packets/s, 30 frames/s.
  const auto earlier = inboundSample(1000, 500000, 400, 60);
  const auto later = inboundSample(2000, 625000, 500, 90);
  const auto result = rates(earlier, later);
  REQUIRE(result.has_value());
  CHECK(result->bitsPerSecond == doctest::Approx(1'000'000));
  CHECK(result->packetsPerSecond == doctest::Approx(100));
  CHECK(result->framesPerSecond == doctest::Approx(30));

  // Half a second apart doubles the per-second values.
  const auto half = rates(earlier, inboundSample(1500, 562500, 450, 75));
  REQUIRE(half.has_value());
  CHECK(half->bitsPerSecond == doctest::Approx(1'000'000));
  CHECK(half->framesPerSecond == doctest::Approx(30));

  // Nothing sent in between is a real zero rate, not "unknown".
  const auto idle = rates(earlier, inboundSample(2000, 500000, 400, 60));
  REQUIRE(idle.has_value());
  CHECK(idle->bitsPerSecond == 0);
}

TEST_CASE("rates refuses samples it cannot compare") {
  const auto earlier = inboundSample(1000, 500000, 400, 60);
  struct Row {
    const char* name;
    RtpStreamStats later;
  };
  auto otherSsrc = inboundSample(2000, 625000, 500, 90);
  otherSsrc.ssrc = 7;
  auto otherDirection = inboundSample(2000, 625000, 500, 90);
  otherDirection.direction = RtpDirection::Outbound;
  const Row rows[] = {
      {"same timestamp", inboundSample(1000, 625000, 500, 90)},
      {"time went backwards", inboundSample(900, 625000, 500, 90)},
      {"bytes counter reset", inboundSample(2000, 1000, 500, 90)},
      {"packets counter reset", inboundSample(2000, 625000, 3, 90)},
      {"different stream", otherSsrc},
      {"different direction", otherDirection},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    CHECK_FALSE(rates(earlier, row.later).has_value());
  }
}

TEST_CASE("rates leaves framesPerSecond empty when frames are not comparable") {
  const auto earlier = inboundSample(1000, 0, 0, 60);
  CHECK_FALSE(rates(earlier, inboundSample(2000, 1000, 10, std::nullopt))->framesPerSecond);
  CHECK_FALSE(rates(inboundSample(1000, 0, 0, std::nullopt), inboundSample(2000, 1000, 10, 5))
                  ->framesPerSecond);
  CHECK_FALSE(rates(earlier, inboundSample(2000, 1000, 10, 3))->framesPerSecond); // reset

  // Outbound streams count encoded frames.
  RtpStreamStats sentBefore;
  sentBefore.direction = RtpDirection::Outbound;
  sentBefore.timestamp = 0;
  sentBefore.framesEncoded = 0;
  RtpStreamStats sentAfter = sentBefore;
  sentAfter.timestamp = 2000;
  sentAfter.framesEncoded = 50;
  CHECK(rates(sentBefore, sentAfter)->framesPerSecond == doctest::Approx(25));
}
