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

// Either a candidate (ok()) or why the line could not be read.
struct CandidateParseResult {
  CandidateInfo candidate;          // meaningful only when ok()
  std::optional<std::string> error; // "bad port 'x': expected 0..65535"
  bool ok() const { return !error.has_value(); }
};

// Accepts "a=candidate:...", "candidate:..." or the bare fields. Never throws.
CandidateParseResult parseCandidate(std::string_view line);

} // namespace rtclab
