// session_description.hpp: RTCSessionDescription and a reader for the SDP text inside it.
//
// SessionDescription is the value `pc.createOffer()` resolves with: a type and the SDP text.
// parseSdp() reads that text into an SdpSummary (one MediaSection per m= line) for the SDP
// viewer; explainSdpLine() gives the one-sentence explanation the viewer shows on hover.
// The reader never throws: malformed text gives an SdpError naming the line and the problem.
// Spec: https://www.w3.org/TR/webrtc/#rtcsessiondescription-class, SDP: RFC 8866, JSEP: RFC 8829
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rtclab/peer_connection_states.hpp"

namespace rtclab {

// --- The value type ------------------------------------------------------------------------

struct SessionDescription {
  SdpType type = SdpType::Offer;
  std::string sdp;

  bool operator==(const SessionDescription&) const = default;
  nlohmann::json toJson() const; // {"type":"offer","sdp":"v=0\r\n..."}
  // Reads {"type": ..., "sdp": ...}; std::nullopt when a member is missing or the type unknown.
  static std::optional<SessionDescription> fromJson(const nlohmann::json& json);
};

// --- What parseSdp() finds -----------------------------------------------------------------

// o=<username> <sess-id> <sess-version> IN IP4 <address>
struct SdpOrigin {
  std::string username;
  std::string sessionId;
  std::string sessionVersion; // grows by one each time the offerer changes its description
  std::string networkType;    // "IN"
  std::string addressType;    // "IP4" or "IP6"
  std::string address;
  bool operator==(const SdpOrigin&) const = default;
};

// a=fingerprint:sha-256 AB:CD:... : the hash of the DTLS certificate.
struct Fingerprint {
  std::string algorithm; // "sha-256"
  std::string value;     // "AB:CD:..."
  bool operator==(const Fingerprint&) const = default;
};

// a=group:BUNDLE 0 1 2 : these media sections share one transport.
struct SdpGroup {
  std::string semantics;         // "BUNDLE"
  std::vector<std::string> mids; // {"0", "1", "2"}
  bool operator==(const SdpGroup&) const = default;
};

// a=rtpmap:111 opus/48000/2 plus its a=fmtp:111 line, if any.
struct Codec {
  int payloadType = 0;
  std::string name;            // "opus", "VP8", "H264", "rtx", ...
  int clockRate = 0;           // Hz
  std::optional<int> channels; // audio only
  std::string fmtp;            // "minptime=10;useinbandfec=1", empty when there is no a=fmtp
  bool operator==(const Codec&) const = default;
};

enum class MediaDirection { SendRecv, SendOnly, RecvOnly, Inactive };
std::string_view toString(MediaDirection direction); // "sendrecv", "sendonly", ...

// One m= section and the lines that follow it up to the next m= line.
struct MediaSection {
  std::string kind;                 // "audio", "video" or "application" (data channels)
  int port = 0;                     // 9 = "discard": the real port is in the candidates
  std::string protocol;             // "UDP/TLS/RTP/SAVPF" or "UDP/DTLS/SCTP"
  std::vector<std::string> formats; // as written on the m= line: "111", "webrtc-datachannel"
  std::vector<int> payloadTypes;    // the numeric formats: RTP payload types
  std::vector<Codec> codecs;        // from a=rtpmap and a=fmtp, in a=rtpmap order
  MediaDirection direction = MediaDirection::SendRecv; // RFC default when no attribute says
  std::string mid;                                     // a=mid, matches the ids in a=group:BUNDLE
  std::string iceUfrag;                   // a=ice-ufrag in this section (empty: see SdpSummary)
  std::string icePwd;                     // a=ice-pwd in this section
  std::optional<Fingerprint> fingerprint; // in this section (std::nullopt: see SdpSummary)
  std::string setup;                      // a=setup: "actpass", "active" or "passive" (DTLS role)
  bool rtcpMux = false;                   // a=rtcp-mux: RTP and RTCP share one port
  std::optional<int> sctpPort;            // a=sctp-port, data channel sections only
  std::vector<std::string> candidates;    // "candidate:..." (a=candidate lines without "a=")
  std::vector<std::string> lines;         // every raw line of the section, the m= line first
  bool operator==(const MediaSection&) const = default;
};

// Session-level lines come before the first m= line. Chromium writes ICE and DTLS attributes
// per media section; other browsers may write them here once for all sections.
struct SdpSummary {
  SdpOrigin origin;
  std::string sessionName;                // s=, usually "-"
  std::string iceUfrag;                   // session-level a=ice-ufrag, if any
  std::string icePwd;                     // session-level a=ice-pwd, if any
  std::optional<Fingerprint> fingerprint; // session-level a=fingerprint, if any
  std::vector<SdpGroup> groups;           // a=group lines
  std::vector<std::string> sessionLines;  // the raw session-level lines
  std::vector<MediaSection> media;        // one per m= line, in order
  bool operator==(const SdpSummary&) const = default;
};

struct SdpError {
  std::size_t lineNumber = 0; // 1-based; 0 when the problem is the text as a whole
  std::string message;        // "m= line needs <media> <port> <proto> <fmt>..."
  bool operator==(const SdpError&) const = default;
};

// Either a summary (ok()) or the first problem found.
struct SdpParseResult {
  SdpSummary summary;            // meaningful only when ok()
  std::optional<SdpError> error; // set when the text could not be read
  bool ok() const { return !error.has_value(); }
};

// Accepts CRLF (what browsers write) and bare LF line endings.
SdpParseResult parseSdp(std::string_view sdp);

// One sentence for a learner, e.g. for "a=rtpmap:111 opus/48000/2":
// "Payload type 111 is the codec opus at 48000 Hz with 2 channels."
// Never fails: unknown or malformed lines get a sentence saying so.
std::string explainSdpLine(std::string_view line);

} // namespace rtclab
