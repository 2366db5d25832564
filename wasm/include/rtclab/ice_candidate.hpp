// ice_candidate.hpp: RTCIceCandidateInit and a reader for the candidate line inside it.
//
// IceCandidate is what `pc.onicecandidate` hands you and `pc.addIceCandidate()` takes.
// parseCandidate() splits its `candidate` string into fields for the candidate table:
//   candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154
//   generation 0 ufrag EsAw network-cost 999
//   = foundation, component, protocol, priority, address, port, type, then optional pairs.
// Spec: https://www.w3.org/TR/webrtc/#rtcicecandidate-interface, grammar: RFC 8839 section 5.1
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace rtclab {

// RTCIceCandidateInit. An empty `candidate` is the "end of candidates" marker.
struct IceCandidate {
  std::string candidate;             // "candidate:842163049 1 udp ..."
  std::optional<std::string> sdpMid; // the a=mid of the media section it belongs to
  std::optional<int> sdpMLineIndex;  // or the index of that m= line
  // The ICE generation (a=ice-ufrag) it belongs to. Chromium also writes it into the line
  // ("... ufrag EsAw"), Firefox only here; an ICE restart changes it.
  std::optional<std::string> usernameFragment;

  bool operator==(const IceCandidate&) const = default;
  nlohmann::json toJson() const; // absent optionals become null, as in JavaScript
  // Reads {"candidate", "sdpMid", "sdpMLineIndex", "usernameFragment"}; std::nullopt when
  // "candidate" is missing or a member has the wrong type.
  static std::optional<IceCandidate> fromJson(const nlohmann::json& json);
};

// RTCIceCandidateType: how the address was learned.
enum class CandidateType {
  Host,  // "host": an address of this machine (or an mDNS name hiding it)
  Srflx, // "srflx": server reflexive, the public address a STUN server saw
  Prflx, // "prflx": peer reflexive, learned from the peer's connectivity checks
  Relay, // "relay": an address on a TURN server that relays the traffic
};
std::string_view toString(CandidateType type);
std::optional<CandidateType> parseCandidateType(std::string_view text);

struct CandidateInfo {
  std::string foundation;
  int component = 1;          // 1 = RTP, 2 = RTCP
  std::string protocol;       // "udp" or "tcp", lower-cased
  std::uint32_t priority = 0; // higher wins; host > prflx > srflx > relay by default
  std::string address;        // IPv4, IPv6 or an mDNS name like "4f1c...-9a.local"
  std::uint16_t port = 0;
  CandidateType type = CandidateType::Host;
  std::optional<std::string> relatedAddress; // raddr: the base of a srflx/relay candidate
  std::optional<std::uint16_t> relatedPort;  // rport
  std::optional<std::string> tcpType;        // "active", "passive" or "so" for TCP candidates
  // The remaining name/value pairs in order: generation, ufrag, network-id, network-cost, ...
  std::vector<std::pair<std::string, std::string>> extensions;

  bool operator==(const CandidateInfo&) const = default;
  bool isMdns() const; // the address is a ".local" name, not an IP
  // The value of one extension, e.g. extension("ufrag"); std::nullopt when absent.
  std::optional<std::string> extension(std::string_view name) const;
};

// The three parts of a candidate's priority (RFC 8445 section 5.1.2.1):
//   priority = 2^24 * typePreference + 2^8 * localPreference + (256 - component)
// typePreference ranks how the address was learned (Chromium: host 126 (TCP 90), prflx 110,
// srflx 100, relay 2 over UDP to the TURN server, 1 over TCP, 0 over TLS); localPreference ranks
// this machine's interfaces and address families; component is 1 for RTP (2 for RTCP unbundled).
struct CandidatePriority {
  int typePreference = 0;  // 0..126
  int localPreference = 0; // 0..65535
  int component = 1;       // 1..256
  bool operator==(const CandidatePriority&) const = default;
};
CandidatePriority decodePriority(std::uint32_t priority);
std::uint32_t encodePriority(const CandidatePriority& parts);

// RTCPeerConnectionIceErrorEvent (pc.onicecandidateerror): a STUN or TURN server could not be
// used while gathering. errorCode is the STUN error (RFC 8489/8656: 401 Unauthorized, 438 Stale
// Nonce, 486 Allocation Quota Reached, ...) or 701, the browser's own "no answer from the server".
struct IceCandidateError {
  std::string address; // the local address the request left from ("" when hidden)
  std::optional<int> port;
  std::string url; // the iceServers URL it was for: "turn:127.0.0.1:3478?transport=udp"
  int errorCode = 0;
  std::string errorText; // the server's reason phrase, or the browser's
  bool operator==(const IceCandidateError&) const = default;
};
// What the error means for a learner, in one line: 401 is a wrong or expired TURN credential.
std::string_view meaningOf(const IceCandidateError& error);

// Either a candidate (ok()) or why the line could not be read.
struct CandidateParseResult {
  CandidateInfo candidate;          // meaningful only when ok()
  std::optional<std::string> error; // "bad port 'x': expected 0..65535"
  bool ok() const { return !error.has_value(); }
};

// Accepts "a=candidate:...", "candidate:..." or the bare fields. Never throws.
CandidateParseResult parseCandidate(std::string_view line);

} // namespace rtclab
