// parseSdp() on a real Chromium offer, a Firefox-style session-level offer, and broken input.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "chromium_offer_sdp.hpp"
#include "firefox_offer_sdp.hpp"
#include "rtclab/session_description.hpp"

using namespace rtclab;

TEST_CASE("SessionDescription is a value with the JavaScript JSON shape") {
  const SessionDescription offer{SdpType::Offer, "v=0\r\n"};
  CHECK(offer.toJson() == nlohmann::json{{"type", "offer"}, {"sdp", "v=0\r\n"}});
  CHECK(SessionDescription::fromJson(offer.toJson()) == offer);
  CHECK(SessionDescription::fromJson(nlohmann::json::parse(R"({"type":"answer","sdp":""})")) ==
        SessionDescription{SdpType::Answer, ""});
  CHECK_FALSE(SessionDescription::fromJson(nlohmann::json::parse(R"({"type":"hello","sdp":""})")));
  CHECK_FALSE(SessionDescription::fromJson(nlohmann::json::parse(R"({"type":"offer"})")));
  CHECK_FALSE(SessionDescription::fromJson(nlohmann::json::parse(R"({"type":1,"sdp":""})")));
  CHECK_FALSE(SessionDescription::fromJson(nlohmann::json::parse("[]")));
  CHECK_FALSE(offer == SessionDescription{SdpType::Answer, "v=0\r\n"});
}

TEST_CASE("parseSdp reads a Chromium offer with audio, video and a data channel") {
  const std::string sdp = joinSdpLines(kChromiumOfferLines);
  const SdpParseResult result = parseSdp(sdp);
  REQUIRE_MESSAGE(result.ok(), result.error->message);
  const SdpSummary& summary = result.summary;

  SUBCASE("session level") {
    CHECK(summary.origin == SdpOrigin{"-", "4611731400430051336", "2", "IN", "IP4", "127.0.0.1"});
    CHECK(summary.sessionName == "-");
    REQUIRE(summary.groups.size() == 1);
    CHECK(summary.groups[0] == SdpGroup{"BUNDLE", {"0", "1", "2"}});
    CHECK(summary.iceUfrag.empty()); // Chromium writes ICE credentials per section
    CHECK_FALSE(summary.fingerprint.has_value());
    CHECK(summary.sessionLines.size() == 7);
    CHECK(summary.sessionLines.front() == "v=0");
    REQUIRE(summary.media.size() == 3);
  }

  SUBCASE("audio section") {
    REQUIRE(summary.media.size() == 3);
    const MediaSection& audio = summary.media[0];
    CHECK(audio.kind == "audio");
    CHECK(audio.port == 46243);
    CHECK(audio.protocol == "UDP/TLS/RTP/SAVPF");
    CHECK(audio.payloadTypes == std::vector<int>{111, 63, 9, 0, 8, 13, 110, 126});
    CHECK(audio.mid == "0");
    CHECK(audio.direction == MediaDirection::SendRecv);
    CHECK(audio.iceUfrag == "Ez3Y");
    CHECK(audio.icePwd == "9jDx4x2V1o0YRrwwNp5VYtmN");
    REQUIRE(audio.fingerprint.has_value());
    CHECK(audio.fingerprint->algorithm == "sha-256");
    CHECK(audio.fingerprint->value.starts_with("7B:8B:F0"));
    CHECK(audio.setup == "actpass");
    CHECK(audio.rtcpMux);
    REQUIRE(audio.codecs.size() == 8);
    CHECK(audio.codecs[0] == Codec{111, "opus", 48000, 2, "minptime=10;useinbandfec=1"});
    CHECK(audio.codecs[1] == Codec{63, "red", 48000, 2, "111/111"});
    CHECK(audio.codecs[2] == Codec{9, "G722", 8000, std::nullopt, ""});
    REQUIRE(audio.candidates.size() == 2);
    CHECK(audio.candidates[0].starts_with("candidate:1467250027 1 udp"));
    CHECK(audio.lines.front() == "m=audio 46243 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126");
    CHECK(audio.lines.back() == "a=ssrc:1001 msid:6dbd5a8f-6e4b-4b8c-9d3a-0b1b6f0b7c11 "
                                "0c3c3a2e-2f0e-4d5b-8f67-2c1c5b8d0a91");
  }

  SUBCASE("video section") {
    REQUIRE(summary.media.size() == 3);
    const MediaSection& video = summary.media[1];
    CHECK(video.kind == "video");
    CHECK(video.port == 9);
    CHECK(video.mid == "1");
    CHECK(video.direction == MediaDirection::SendOnly);
    REQUIRE(video.codecs.size() == 4);
    CHECK(video.codecs[0] == Codec{96, "VP8", 90000, std::nullopt, ""});
    CHECK(video.codecs[1].fmtp == "apt=96");
    CHECK(video.codecs[2].fmtp ==
          "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f");
    CHECK(video.candidates.empty());
  }

  SUBCASE("data channel section") {
    REQUIRE(summary.media.size() == 3);
    const MediaSection& data = summary.media[2];
    CHECK(data.kind == "application");
    CHECK(data.protocol == "UDP/DTLS/SCTP");
    CHECK(data.formats == std::vector<std::string>{"webrtc-datachannel"});
    CHECK(data.payloadTypes.empty());
    CHECK(data.codecs.empty());
    CHECK(data.mid == "2");
    CHECK(data.sctpPort == 5000);
    CHECK(data.lines.size() == 10);
  }

  SUBCASE("every line lands in exactly one place") {
    std::size_t lines = summary.sessionLines.size();
    for (const MediaSection& section : summary.media) {
      lines += section.lines.size();
    }
    CHECK(lines == kChromiumOfferLines.size());
  }
}

TEST_CASE("parseSdp reads session-level ICE and DTLS attributes and LF line endings") {
  // Firefox's style: credentials and fingerprint once, before the first m= line.
  const char* sdp = "v=0\n"
                    "o=mozilla...THIS_IS_SDPARTA-99.0 6196430542432526044 0 IN IP4 0.0.0.0\n"
                    "s=-\n"
                    "t=0 0\n"
                    "a=fingerprint:SHA-256 AA:BB:CC\n"
                    "a=group:BUNDLE 0\n"
                    "a=ice-options:trickle\n"
                    "a=ice-ufrag:8f2a\n"
                    "a=ice-pwd:1c7e9b7d2e0a4c0f\n"
                    "a=recvonly\n"
                    "m=audio 9 UDP/TLS/RTP/SAVPF 109\n"
                    "a=fmtp:109 maxplaybackrate=48000;stereo=1\n" // before its rtpmap
                    "a=rtpmap:109 opus/48000/2\n"
                    "a=mid:0\n";
  const SdpParseResult result = parseSdp(sdp);
  REQUIRE(result.ok());
  CHECK(result.summary.iceUfrag == "8f2a");
  CHECK(result.summary.icePwd == "1c7e9b7d2e0a4c0f");
  CHECK(result.summary.fingerprint == Fingerprint{"sha-256", "AA:BB:CC"});
  REQUIRE(result.summary.media.size() == 1);
  CHECK(result.summary.media[0].iceUfrag.empty());
  CHECK(result.summary.media[0].direction == MediaDirection::RecvOnly); // inherited
  CHECK(result.summary.media[0].codecs ==
        std::vector<Codec>{{109, "opus", 48000, 2, "maxplaybackrate=48000;stereo=1"}});
}

TEST_CASE("parseSdp reports the first broken line and never throws") {
  const std::string header = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"; // lines 1-4
  struct Row {
    const char* name;
    std::string sdp;
    std::size_t lineNumber;
    const char* messagePart;
  };
  const std::vector<Row> rows = {
      {"empty", "", 0, "empty"},
      {"only a line break", "\r\n", 0, "empty"},
      {"garbage", "hello world", 1, "expected '<letter>=<value>'"},
      {"binary", std::string("\x00\x01\xff", 3), 1, "expected '<letter>=<value>'"},
      {"wrong version", "v=1\r\n", 1, "v=0"},
      {"blank line inside", "v=0\r\n\r\ns=-\r\n", 2, "expected '<letter>=<value>'"},
      {"line without '='", header + "m=audio 9 RTP/AVP 0\r\nrtcp-mux\r\n", 6, "rtcp-mux"},
      {"short origin", "v=0\r\no=- 1 2 IN IP4\r\n", 2, "o= needs 6 fields"},
      {"m= missing fields", header + "m=audio 9\r\n", 5, "m= needs at least 4 fields"},
      {"m= without formats", header + "m=audio 9 UDP/TLS/RTP/SAVPF\r\n", 5, "m= needs"},
      {"non-numeric port", header + "m=audio abc UDP/TLS/RTP/SAVPF 111\r\n", 5, "port 'abc'"},
      {"port too large", header + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n", 5, "port '70000'"},
      {"rtpmap without slash", header + "m=audio 9 RTP/AVP 111\r\na=rtpmap:111 opus\r\n", 6,
       "a=rtpmap needs"},
      {"rtpmap bad payload type", header + "m=audio 9 RTP/AVP 111\r\na=rtpmap:x opus/48000\r\n", 6,
       "a=rtpmap needs"},
      {"rtpmap bad clock rate", header + "m=audio 9 RTP/AVP 111\r\na=rtpmap:111 opus/fast\r\n", 6,
       "a=rtpmap needs"},
      {"rtpmap bad channels", header + "m=audio 9 RTP/AVP 111\r\na=rtpmap:111 opus/48000/x\r\n", 6,
       "a=rtpmap needs"},
      {"fmtp without parameters", header + "m=audio 9 RTP/AVP 111\r\na=fmtp:111\r\n", 6,
       "a=fmtp needs"},
      {"fingerprint without value", header + "a=fingerprint:sha-256\r\n", 5, "a=fingerprint"},
      {"empty group", header + "a=group:\r\n", 5, "a=group"},
      {"bad sctp port",
       header + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
                "a=sctp-port:many\r\n",
       6, "a=sctp-port"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const SdpParseResult result = parseSdp(row.sdp);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error->lineNumber == row.lineNumber);
    CHECK_MESSAGE(result.error->message.find(row.messagePart) != std::string::npos,
                  result.error->message);
    CHECK(result.summary == SdpSummary{}); // no half-read summary on failure
  }
}

TEST_CASE("parseSdp survives every truncation of a real offer") {
  const std::string sdp = joinSdpLines(kChromiumOfferLines);
  for (std::size_t length = 0; length <= sdp.size(); ++length) {
    const SdpParseResult result = parseSdp(std::string_view(sdp).substr(0, length));
    if (!result.ok()) {
      CAPTURE(length);
      CHECK(result.error->lineNumber <= kChromiumOfferLines.size());
      CHECK_FALSE(result.error->message.empty());
    }
  }
}

TEST_CASE("explainSdpLine gives a sentence with the line's own values") {
  struct Row {
    const char* line;
    const char* expectedPart;
  };
  const Row rows[] = {
      {"v=0", "version"},
      {"o=- 4611731400430051336 2 IN IP4 127.0.0.1", "session id 4611731400430051336, version 2"},
      {"s=-", "Session name"},
      {"t=0 0", "no fixed start or end"},
      {"c=IN IP4 0.0.0.0", "ICE candidates instead"},
      {"m=audio 9 UDP/TLS/RTP/SAVPF 111 63", "new audio section"},
      {"m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "data channel section"},
      {"a=rtpmap:111 opus/48000/2",
       "Payload type 111 is the codec opus at 48000 Hz with 2 channels."},
      {"a=rtpmap:97 rtx/90000", "retransmission"},
      {"a=rtpmap:111 opus", "lacks"},
      {"a=fmtp:111 minptime=10;useinbandfec=1", "payload type 111: minptime=10;useinbandfec=1"},
      {"a=rtcp-fb:96 nack pli", "'nack pli'"},
      {"a=ice-ufrag:Ez3Y", "'Ez3Y'"},
      {"a=ice-pwd:9jDx4x2V1o0YRrwwNp5VYtmN", "password"},
      {"a=ice-options:trickle", "one by one"},
      {"a=fingerprint:sha-256 7B:8B", "sha-256 hash of this peer's DTLS certificate"},
      {"a=setup:actpass", "answerer choose"},
      {"a=setup:active", "starts the DTLS handshake"},
      {"a=setup:passive", "waits"},
      {"a=mid:0", "Media ID '0'"},
      {"a=group:BUNDLE 0 1 2", "sections 0 1 2 share one"},
      {"a=msid-semantic: WMS abc", "a=msid"},
      {"a=msid:stream1 track1", "stream id stream1, track id track1"},
      {"a=ssrc:1001 cname:dAs7", "RTP source 1001"},
      {"a=ssrc-group:FID 2002 2003", "2002 2003 belong together"},
      {"a=rtcp-mux", "share one port"},
      {"a=rtcp-rsize", "Reduced-size"},
      {"a=rtcp:9 IN IP4 0.0.0.0", "unused when a=rtcp-mux"},
      {"a=candidate:1467250027 1 udp 2122260223 192.168.0.196 46243 typ host generation 0",
       "a host address 192.168.0.196 port 46243 over udp"},
      {"a=candidate:1 1 udp", "cannot be read"},
      {"a=end-of-candidates", "No more ICE candidates"},
      {"a=sendrecv", "both sends and receives"},
      {"a=sendonly", "sends this media but"},
      {"a=recvonly", "receives this media but"},
      {"a=inactive", "no media flows"},
      {"a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
       "extension 3 is http://www.ietf.org/id/draft-holmer"},
      {"a=extmap-allow-mixed", "mixed"},
      {"a=sctp-port:5000", "SCTP port 5000"},
      {"a=max-message-size:262144", "262144 bytes"},
      {"a=x-google-flag:conference", "'x-google-flag'; this viewer has no explanation"},
      {"z=whatever", "'z=' line"},
      {"a=mid:0\r\n", "Media ID '0'"},
      {"no equals sign", "Not an SDP line"},
      {"", "Not an SDP line"},
      {"m=", "new ? section"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.line);
    const std::string sentence = explainSdpLine(row.line);
    CHECK_MESSAGE(sentence.find(row.expectedPart) != std::string::npos, sentence);
    CHECK(sentence.ends_with("."));
  }
}

TEST_CASE("every line of the Chromium offer and of the Firefox offer has an explanation") {
  for (const auto* offer : {&kChromiumOfferLines, &kFirefoxOfferLines}) {
    for (std::string_view line : *offer) {
      CAPTURE(line);
      const std::string sentence = explainSdpLine(line);
      CHECK(sentence.find("no explanation") == std::string::npos);
      CHECK(sentence.find("Not an SDP line") == std::string::npos);
    }
  }
}

TEST_CASE("the lines one browser writes and the other does not are told as such") {
  struct Row {
    std::string_view line;
    std::string_view expectedPart;
  };
  const Row rows[] = {
      {"o=mozilla...THIS_IS_SDPARTA-99.0 528606229730955384 0 IN IP4 0.0.0.0", "Firefox"},
      {"a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level", "only receives"},
      {"a=rtcp-xr:rcvr-rtt=all", "Chromium"},
      {"a=candidate:2 1 TCP 2105458943 127.0.0.1 9 typ host tcptype active", "port 9"},
      {"a=msid-semantic:WMS *", "WMS"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.line);
    const std::string sentence = explainSdpLine(row.line);
    CHECK_MESSAGE(sentence.find(row.expectedPart) != std::string::npos, sentence);
  }
}
