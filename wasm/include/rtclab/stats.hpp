// stats.hpp: typed records from `await pc.getStats()`, and rates derived from two samples.
//
// The browser binding turns the RTCStatsReport (a Map of id -> stats object) into a JSON array of
// the stats objects and calls parseStats(). Each object's "type" picks its record:
//   "candidate-pair" -> CandidatePairStats   "local-candidate"/"remote-candidate" -> CandidateStats
//   "inbound-rtp"/"outbound-rtp" -> RtpStreamStats   "codec" -> CodecStats
//   "data-channel" -> DataChannelStats       "transport" -> TransportStats
//   "certificate" -> CertificateStats
// Other types are skipped; nothing throws. A member that one of the browsers rtclab supports does
// not report (docs/browsers.md) is a std::optional, std::nullopt when absent, so a panel can say
// "not reported" instead of showing a zero; members every browser reports keep a plain value
// (0 / empty when missing). tests/unit/values/stats_test.cpp parses a real report of each.
// Counters are totals since the start; rates() turns two samples into per-second values.
// Spec: https://www.w3.org/TR/webrtc-stats/
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace rtclab {

// "candidate-pair": one local/remote candidate pair that ICE checks.
struct CandidatePairStats {
  std::string id;
  std::string state; // "frozen", "waiting", "in-progress", "succeeded", "failed"
  bool nominated = false;
  std::string localCandidateId;
  std::string remoteCandidateId;
  std::optional<double> currentRoundTripTime;     // seconds
  std::optional<double> availableOutgoingBitrate; // bits/s, the sender's bandwidth estimate
  std::uint64_t bytesSent = 0;
  std::uint64_t bytesReceived = 0;
  double timestamp = 0; // ms since the epoch
  bool operator==(const CandidatePairStats&) const = default;
};

// "local-candidate" / "remote-candidate"
struct CandidateStats {
  std::string id;
  bool isRemote = false;
  std::string address; // "address" (or the older "ip")
  std::uint16_t port = 0;
  std::string protocol;      // "udp" / "tcp"
  std::string candidateType; // "host", "srflx", "prflx", "relay"
  std::uint32_t priority = 0;
  std::string relayProtocol; // a local relay candidate: how we reach the TURN server ("udp", ...)
  std::string url;           // a local srflx/relay candidate: the STUN/TURN server it came from
  bool operator==(const CandidateStats&) const = default;
};

enum class RtpDirection { Inbound, Outbound };
std::string_view toString(RtpDirection direction); // "inbound", "outbound"

// "inbound-rtp" (what we receive) and "outbound-rtp" (what we send), one per SSRC.
struct RtpStreamStats {
  std::string id;
  std::string kind; // "audio" or "video"
  RtpDirection direction = RtpDirection::Inbound;
  std::uint32_t ssrc = 0;
  std::uint64_t bytes = 0;      // bytesReceived (inbound) or bytesSent (outbound)
  std::uint64_t packets = 0;    // packetsReceived or packetsSent
  std::int64_t packetsLost = 0; // inbound only; may be negative when duplicates arrive
  std::optional<double> jitter; // seconds, inbound only
  std::optional<double> framesPerSecond;
  std::optional<std::uint32_t> frameWidth;
  std::optional<std::uint32_t> frameHeight;
  std::optional<std::uint64_t> framesDecoded; // inbound video
  std::optional<std::uint64_t> framesEncoded; // outbound video
  std::string codecId;                        // id of a CodecStats record
  double timestamp = 0;                       // ms since the epoch
  // Outbound video: what holds the encoder back: "none", "cpu", "bandwidth" or "other";
  // std::nullopt when not reported (inbound, and Firefox reports it for no stream).
  std::optional<std::string> qualityLimitationReason = {};
  bool operator==(const RtpStreamStats&) const = default;
};

// "codec"
struct CodecStats {
  std::string id;
  std::string mimeType; // "audio/opus", "video/VP8"
  std::uint32_t clockRate = 0;
  int payloadType = 0;
  bool operator==(const CodecStats&) const = default;
};

// "data-channel"
struct DataChannelStats {
  std::string id;
  std::string label;
  std::string state; // "connecting", "open", "closing", "closed"
  std::uint64_t messagesSent = 0;
  std::uint64_t bytesSent = 0;
  std::uint64_t messagesReceived = 0;
  std::uint64_t bytesReceived = 0;
  double timestamp = 0;
  bool operator==(const DataChannelStats&) const = default;
};

// "transport": one DTLS/ICE transport (one when everything is bundled).
struct TransportStats {
  std::string id;
  std::string dtlsState;               // "new", "connecting", "connected", "closed", "failed"
  std::string selectedCandidatePairId; // empty until ICE has picked a pair
  // The security the guide's 보안 section promises, once DTLS is up (empty before):
  std::string dtlsRole;   // "client" or "server": who started the DTLS handshake
  std::string tlsVersion; // "FEFD" = DTLS 1.2 (hex of the protocol version)
  std::string dtlsCipher; // "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
  std::string srtpCipher; // "AEAD_AES_128_GCM": what encrypts the media packets
  // CertificateStats ids: the two certificates' fingerprints are the a=fingerprint lines of the
  // two SDPs. Empty when not reported: Firefox reports no certificate stats.
  std::string localCertificateId;
  std::string remoteCertificateId;
  bool operator==(const TransportStats&) const = default;
};

// "certificate": a DTLS certificate; its fingerprint is what a=fingerprint carries in the SDP.
struct CertificateStats {
  std::string id;
  std::string fingerprint;          // "AB:CD:..."
  std::string fingerprintAlgorithm; // "sha-256"
  bool operator==(const CertificateStats&) const = default;
};

struct StatsReport {
  std::vector<CandidatePairStats> candidatePairs;
  std::vector<CandidateStats> candidates; // local and remote
  std::vector<RtpStreamStats> rtpStreams; // inbound and outbound
  std::vector<CodecStats> codecs;
  std::vector<DataChannelStats> dataChannels;
  std::vector<TransportStats> transports;
  std::vector<CertificateStats> certificates;

  // The pair carrying the traffic: the transport's selectedCandidatePairId, else (Firefox
  // has no transport stats) a nominated pair in state "succeeded". std::nullopt before then.
  std::optional<CandidatePairStats> selectedPair() const;
  std::optional<CandidateStats> candidate(std::string_view id) const;
  std::optional<CodecStats> codec(std::string_view id) const;
  std::optional<CertificateStats> certificate(std::string_view id) const;
  bool operator==(const StatsReport&) const = default;
};

// Accepts a JSON array of stats objects (or an object whose values are stats objects).
// Anything else gives an empty report.
StatsReport parseStats(const nlohmann::json& arrayOfStats);

// Per-second rates of one stream between two getStats() samples.
struct StreamRates {
  double bitsPerSecond = 0;
  double packetsPerSecond = 0;
  std::optional<double> framesPerSecond; // when both samples count frames
  bool operator==(const StreamRates&) const = default;
};

// std::nullopt when no rate can be told: the later sample is not later (zero or negative time
// delta), the samples are of different streams (ssrc or direction), or a counter went
// backwards (the stream was restarted and its counters reset).
std::optional<StreamRates> rates(const RtpStreamStats& earlier, const RtpStreamStats& later);

} // namespace rtclab
