// explainSdpLine(): the SDP viewer's hover text. One sentence per kind of line, filled with the
// line's own values where that makes the sentence clearer.
#include "rtclab/ice_candidate.hpp"
#include "rtclab/session_description.hpp"

#include "text.hpp"

namespace rtclab {
namespace {

std::string str(std::string_view text) { return std::string(text); }

// The word at `index` of `value`, or "?" when the line is too short to have it.
std::string wordAt(std::string_view value, std::size_t index) {
  const auto words = text::splitWords(value);
  return index < words.size() ? str(words[index]) : "?";
}

// Everything after the first word: "111 minptime=10" -> "minptime=10".
std::string afterFirstWord(std::string_view value) {
  const std::size_t space = value.find(' ');
  return space == std::string_view::npos ? std::string{} : str(value.substr(space + 1));
}

std::string explainMediaLine(std::string_view value) {
  const std::string kind = wordAt(value, 0);
  if (kind == "application") {
    return "Starts the data channel section: RTCDataChannel messages travel over SCTP inside "
           "the DTLS connection (protocol " +
           wordAt(value, 2) + ").";
  }
  return "Starts a new " + kind + " section using " + wordAt(value, 2) +
         "; the numbers that follow are the RTP payload types it offers, best first.";
}

std::string explainRtpmap(std::string_view value) {
  const std::string payloadType = wordAt(value, 0);
  const std::string encoding = wordAt(value, 1);
  const std::size_t slash = encoding.find('/');
  if (slash == std::string::npos) {
    return "Maps payload type " + payloadType + " to a codec (this line lacks '/<clock rate>').";
  }
  const std::string name = encoding.substr(0, slash);
  const std::string rates = encoding.substr(slash + 1);
  const std::size_t channelSlash = rates.find('/');
  std::string sentence = "Payload type " + payloadType + " is the codec " + name + " at " +
                         rates.substr(0, channelSlash) + " Hz";
  if (channelSlash != std::string::npos) {
    sentence += " with " + rates.substr(channelSlash + 1) + " channels";
  }
  if (name == "rtx") {
    sentence += " (retransmission of lost packets)";
  }
  return sentence + ".";
}

std::string explainSetup(std::string_view value) {
  if (value == "actpass") {
    return "DTLS role 'actpass': the offerer lets the answerer choose who starts the handshake.";
  }
  if (value == "active") {
    return "DTLS role 'active': this peer starts the DTLS handshake (the DTLS client).";
  }
  if (value == "passive") {
    return "DTLS role 'passive': this peer waits for the other to start the DTLS handshake.";
  }
  return "DTLS role '" + str(value) + "': which peer starts the DTLS handshake.";
}

std::string explainCandidate(std::string_view fields) {
  const CandidateParseResult parsed = parseCandidate(fields);
  if (!parsed.ok()) {
    return "An ICE candidate that cannot be read: " + *parsed.error + ".";
  }
  const CandidateInfo& c = parsed.candidate;
  if (c.tcpType == "active") {
    // Firefox writes these; Chromium gathers TCP candidates only where it has an interface
    // other than loopback.
    return "ICE candidate: an active TCP " + str(toString(c.type)) + " address " + c.address +
           " that only opens connections to the other peer's passive TCP candidates, so it has "
           "no listening port (port 9 is a placeholder) (priority " +
           std::to_string(c.priority) + ").";
  }
  return "ICE candidate: a " + str(toString(c.type)) + " address " + c.address + " port " +
         std::to_string(c.port) + " over " + c.protocol +
         " that the other peer may try to reach (priority " + std::to_string(c.priority) + ").";
}

std::string explainDirection(std::string_view name) {
  if (name == "sendrecv") {
    return "Direction 'sendrecv': this peer both sends and receives this media.";
  }
  if (name == "sendonly") {
    return "Direction 'sendonly': this peer sends this media but does not want to receive it.";
  }
  if (name == "recvonly") {
    return "Direction 'recvonly': this peer receives this media but sends none.";
  }
  return "Direction 'inactive': no media flows in either direction in this section.";
}

std::string explainAttribute(std::string_view name, std::string_view value) {
  if (name == "rtpmap") {
    return explainRtpmap(value);
  }
  if (name == "fmtp") {
    return "Codec parameters for payload type " + wordAt(value, 0) + ": " + afterFirstWord(value) +
           ".";
  }
  if (name == "rtcp-fb") {
    return "Payload type " + wordAt(value, 0) + " supports the RTCP feedback '" +
           afterFirstWord(value) + "' (the receiver reports back to the sender).";
  }
  if (name == "ice-ufrag") {
    return "ICE username fragment '" + str(value) +
           "': with the password it authenticates the STUN connectivity checks.";
  }
  if (name == "ice-pwd") {
    return "ICE password: it authenticates the STUN connectivity checks between the peers.";
  }
  if (name == "ice-options") {
    return "ICE options '" + str(value) +
           "': 'trickle' means candidates may arrive one by one after the description.";
  }
  if (name == "fingerprint") {
    return "The " + wordAt(value, 0) +
           " hash of this peer's DTLS certificate; the other peer "
           "checks the certificate against it during the DTLS handshake.";
  }
  if (name == "setup") {
    return explainSetup(value);
  }
  if (name == "mid") {
    return "Media ID '" + str(value) +
           "': names this section for BUNDLE groups and for the "
           "sdpMid of candidates.";
  }
  if (name == "group") {
    return "Group " + wordAt(value, 0) + ": the sections " + afterFirstWord(value) +
           " share one ICE and DTLS transport.";
  }
  if (name == "msid-semantic") {
    return "Media streams are identified by a=msid lines (WMS: WebRTC MediaStream).";
  }
  if (name == "msid") {
    return "Links this section's track to a MediaStream: stream id " + wordAt(value, 0) +
           ", track id " + wordAt(value, 1) + ".";
  }
  if (name == "ssrc") {
    return "RTP source " + wordAt(value, 0) +
           " (SSRC, the id in every RTP packet) has the "
           "property " +
           afterFirstWord(value) + ".";
  }
  if (name == "ssrc-group") {
    return "RTP sources " + afterFirstWord(value) + " belong together (" + wordAt(value, 0) +
           ": FID pairs a stream with its retransmission stream).";
  }
  if (name == "rtcp-mux") {
    return "RTP and RTCP share one port (RTCP multiplexing).";
  }
  if (name == "rtcp-rsize") {
    return "Reduced-size RTCP packets are allowed, so feedback can be sent more often.";
  }
  if (name == "rtcp") {
    return "The port for RTCP (control packets); unused when a=rtcp-mux is present.";
  }
  if (name == "candidate") {
    return explainCandidate(value); // the fields after "candidate:"
  }
  if (name == "end-of-candidates") {
    return "No more ICE candidates will follow for this section.";
  }
  if (name == "sendrecv" || name == "sendonly" || name == "recvonly" || name == "inactive") {
    return explainDirection(name);
  }
  if (name == "extmap") {
    // "2/recvonly": Firefox marks an extension it only wants to receive.
    const std::string id = wordAt(value, 0);
    const std::size_t slash = id.find('/');
    std::string sentence = "RTP header extension " + id.substr(0, slash) + " is " +
                           wordAt(value, 1) + ": extra data carried in each RTP packet header";
    if (slash != std::string::npos) {
      sentence += id.substr(slash + 1) == "recvonly"
                      ? "; this peer only receives it and will not send it"
                      : " (direction " + id.substr(slash + 1) + ")";
    }
    return sentence + ".";
  }
  if (name == "rtcp-xr") {
    return "RTCP extended reports '" + str(value) +
           "' (Chromium writes this): 'rcvr-rtt' lets a receiver measure the round-trip time "
           "too.";
  }
  if (name == "extmap-allow-mixed") {
    return "One-byte and two-byte RTP header extensions may be mixed in one stream.";
  }
  if (name == "sctp-port") {
    return "Data channels use SCTP port " + str(value) + " inside the DTLS connection.";
  }
  if (name == "max-message-size") {
    return "The largest data channel message this peer accepts: " + str(value) + " bytes.";
  }
  return "Attribute '" + str(name) + "'; this viewer has no explanation for it yet.";
}

} // namespace

std::string explainSdpLine(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
    line.remove_suffix(1);
  }
  if (line.size() < 2 || line[1] != '=') {
    return "Not an SDP line: every SDP line looks like '<letter>=<value>'.";
  }
  const std::string_view value = line.substr(2);
  switch (line[0]) {
  case 'v':
    return "Protocol version; always 0.";
  case 'o': {
    // Chromium's user name is "-"; Firefox's names its SDP engine ("mozilla...THIS_IS_SDPARTA").
    std::string sentence = "Origin: session id " + wordAt(value, 1) + ", version " +
                           wordAt(value, 2) +
                           "; the version grows each time this peer changes its description";
    if (value.starts_with("mozilla")) {
      sentence += " (written by Firefox, whose SDP code is called SDPARTA)";
    }
    return sentence + ".";
  }
  case 's':
    return "Session name; browsers write '-' because WebRTC does not use it.";
  case 't':
    return "Timing: '0 0' means the session has no fixed start or end.";
  case 'c':
    return "Connection address; WebRTC ignores it and uses the ICE candidates instead.";
  case 'b':
    return "Bandwidth limit " + str(value) + " (kbps for AS, bps for TIAS).";
  case 'm':
    return explainMediaLine(value);
  case 'a': {
    const std::size_t colon = value.find(':');
    const std::string_view name = value.substr(0, colon);
    const std::string_view attributeValue =
        colon == std::string_view::npos ? std::string_view{} : value.substr(colon + 1);
    return explainAttribute(name, attributeValue);
  }
  default:
    return "A '" + std::string(1, line[0]) + "=' line; WebRTC does not use it.";
  }
}

} // namespace rtclab
