// A Chromium offer (pc.localDescription after ICE gathering) for audio + video + a data channel,
// bundled. Recorded shape, with documentation addresses (RFC 5737) and made-up ids.
// SDP lines end in CRLF, so the raw string is assembled from CRLF-terminated lines.
#pragma once

#include <string>
#include <string_view>
#include <vector>

inline const std::vector<std::string_view> kChromiumOfferLines = {
    "v=0",
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
    "s=-",
    "t=0 0",
    "a=group:BUNDLE 0 1 2",
    "a=extmap-allow-mixed",
    "a=msid-semantic: WMS 6dbd5a8f-6e4b-4b8c-9d3a-0b1b6f0b7c11",
    "m=audio 46243 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
    "c=IN IP4 203.0.113.7",
    "a=rtcp:9 IN IP4 0.0.0.0",
    "a=candidate:1467250027 1 udp 2122260223 192.168.0.196 46243 typ host generation 0 "
    "network-id 1",
    "a=candidate:2914426441 1 udp 1686052607 203.0.113.7 46243 typ srflx raddr 192.168.0.196 "
    "rport 46243 generation 0 network-id 1",
    "a=ice-ufrag:Ez3Y",
    "a=ice-pwd:9jDx4x2V1o0YRrwwNp5VYtmN",
    "a=ice-options:trickle",
    "a=fingerprint:sha-256 "
    "7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:"
    "19:08",
    "a=setup:actpass",
    "a=mid:0",
    "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
    "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
    "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
    "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
    "a=sendrecv",
    "a=msid:6dbd5a8f-6e4b-4b8c-9d3a-0b1b6f0b7c11 0c3c3a2e-2f0e-4d5b-8f67-2c1c5b8d0a91",
    "a=rtcp-mux",
    "a=rtcp-rsize",
    "a=rtpmap:111 opus/48000/2",
    "a=rtcp-fb:111 transport-cc",
    "a=fmtp:111 minptime=10;useinbandfec=1",
    "a=rtpmap:63 red/48000/2",
    "a=fmtp:63 111/111",
    "a=rtpmap:9 G722/8000",
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:8 PCMA/8000",
    "a=rtpmap:13 CN/8000",
    "a=rtpmap:110 telephone-event/48000",
    "a=rtpmap:126 telephone-event/8000",
    "a=ssrc:1001 cname:dAs7eAHgo3G0p2Ph",
    "a=ssrc:1001 msid:6dbd5a8f-6e4b-4b8c-9d3a-0b1b6f0b7c11 0c3c3a2e-2f0e-4d5b-8f67-2c1c5b8d0a91",
    "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103",
    "c=IN IP4 0.0.0.0",
    "a=rtcp:9 IN IP4 0.0.0.0",
    "a=ice-ufrag:Ez3Y",
    "a=ice-pwd:9jDx4x2V1o0YRrwwNp5VYtmN",
    "a=ice-options:trickle",
    "a=fingerprint:sha-256 "
    "7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:"
    "19:08",
    "a=setup:actpass",
    "a=mid:1",
    "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
    "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
    "a=extmap:13 urn:3gpp:video-orientation",
    "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
    "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
    "a=sendonly",
    "a=msid:6dbd5a8f-6e4b-4b8c-9d3a-0b1b6f0b7c11 5e8b2c41-0d8e-4c64-93c0-5a9d3a1b2f77",
    "a=rtcp-mux",
    "a=rtcp-rsize",
    "a=rtpmap:96 VP8/90000",
    "a=rtcp-fb:96 goog-remb",
    "a=rtcp-fb:96 transport-cc",
    "a=rtcp-fb:96 ccm fir",
    "a=rtcp-fb:96 nack",
    "a=rtcp-fb:96 nack pli",
    "a=rtpmap:97 rtx/90000",
    "a=fmtp:97 apt=96",
    "a=rtpmap:102 H264/90000",
    "a=rtcp-fb:102 nack pli",
    "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
    "a=rtpmap:103 rtx/90000",
    "a=fmtp:103 apt=102",
    "a=ssrc-group:FID 2002 2003",
    "a=ssrc:2002 cname:dAs7eAHgo3G0p2Ph",
    "a=ssrc:2003 cname:dAs7eAHgo3G0p2Ph",
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
    "c=IN IP4 0.0.0.0",
    "a=ice-ufrag:Ez3Y",
    "a=ice-pwd:9jDx4x2V1o0YRrwwNp5VYtmN",
    "a=ice-options:trickle",
    "a=fingerprint:sha-256 "
    "7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:"
    "19:08",
    "a=setup:actpass",
    "a=mid:2",
    "a=sctp-port:5000",
    "a=max-message-size:262144",
};

inline std::string joinSdpLines(const std::vector<std::string_view>& lines) {
  std::string sdp;
  for (std::string_view line : lines) {
    sdp += line;
    sdp += "\r\n";
  }
  return sdp;
}
