// parseStats(): getStats() JSON -> typed records. Browsers differ in which members they fill
// (and old ones used other names), so every member is read defensively: a missing or
// wrongly-typed member keeps its default instead of throwing.
#include "rtclab/stats.hpp"

#include <limits>

namespace rtclab {
namespace {

using Json = nlohmann::json;

const Json* member(const Json& object, const char* key) {
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

std::string stringOr(const Json& object, const char* key, std::string fallback = {}) {
  const Json* value = member(object, key);
  return value && value->is_string() ? value->get<std::string>() : fallback;
}

std::optional<std::string> optionalString(const Json& object, const char* key) {
  const Json* value = member(object, key);
  return value && value->is_string() ? std::optional(value->get<std::string>()) : std::nullopt;
}

bool boolOr(const Json& object, const char* key, bool fallback) {
  const Json* value = member(object, key);
  return value && value->is_boolean() ? value->get<bool>() : fallback;
}

std::optional<double> optionalDouble(const Json& object, const char* key) {
  const Json* value = member(object, key);
  if (!value || !value->is_number()) {
    return std::nullopt;
  }
  return value->get<double>();
}

// A non-negative whole number that fits Unsigned; JSON from JavaScript may write it as 12.0.
template <typename Unsigned>
std::optional<Unsigned> optionalUnsigned(const Json& object, const char* key) {
  const std::optional<double> number = optionalDouble(object, key);
  if (!number || *number < 0 ||
      *number > static_cast<double>(std::numeric_limits<Unsigned>::max())) {
    return std::nullopt;
  }
  return static_cast<Unsigned>(*number);
}

template <typename Unsigned> Unsigned unsignedOr0(const Json& object, const char* key) {
  return optionalUnsigned<Unsigned>(object, key).value_or(0);
}

CandidatePairStats readCandidatePair(const Json& stats) {
  return CandidatePairStats{
      stringOr(stats, "id"),
      stringOr(stats, "state"),
      boolOr(stats, "nominated", false),
      stringOr(stats, "localCandidateId"),
      stringOr(stats, "remoteCandidateId"),
      optionalDouble(stats, "currentRoundTripTime"),
      optionalDouble(stats, "availableOutgoingBitrate"),
      unsignedOr0<std::uint64_t>(stats, "bytesSent"),
      unsignedOr0<std::uint64_t>(stats, "bytesReceived"),
      optionalDouble(stats, "timestamp").value_or(0),
  };
}

CandidateStats readCandidate(const Json& stats, bool isRemote) {
  return CandidateStats{
      stringOr(stats, "id"),
      isRemote,
      stringOr(stats, "address", stringOr(stats, "ip")), // "ip" before the spec renamed it
      unsignedOr0<std::uint16_t>(stats, "port"),
      stringOr(stats, "protocol"),
      stringOr(stats, "candidateType"),
      unsignedOr0<std::uint32_t>(stats, "priority"),
      stringOr(stats, "relayProtocol"),
      stringOr(stats, "url"),
  };
}

RtpStreamStats readRtpStream(const Json& stats, RtpDirection direction) {
  const bool inbound = direction == RtpDirection::Inbound;
  RtpStreamStats stream;
  stream.id = stringOr(stats, "id");
  stream.kind = stringOr(stats, "kind", stringOr(stats, "mediaType")); // older name
  stream.direction = direction;
  stream.ssrc = unsignedOr0<std::uint32_t>(stats, "ssrc");
  stream.bytes = unsignedOr0<std::uint64_t>(stats, inbound ? "bytesReceived" : "bytesSent");
  stream.packets = unsignedOr0<std::uint64_t>(stats, inbound ? "packetsReceived" : "packetsSent");
  stream.packetsLost =
      static_cast<std::int64_t>(optionalDouble(stats, "packetsLost").value_or(0)); // can be < 0
  stream.jitter = optionalDouble(stats, "jitter");
  stream.framesPerSecond = optionalDouble(stats, "framesPerSecond");
  stream.frameWidth = optionalUnsigned<std::uint32_t>(stats, "frameWidth");
  stream.frameHeight = optionalUnsigned<std::uint32_t>(stats, "frameHeight");
  stream.framesDecoded = optionalUnsigned<std::uint64_t>(stats, "framesDecoded");
  stream.framesEncoded = optionalUnsigned<std::uint64_t>(stats, "framesEncoded");
  stream.codecId = stringOr(stats, "codecId");
  stream.timestamp = optionalDouble(stats, "timestamp").value_or(0);
  stream.qualityLimitationReason = optionalString(stats, "qualityLimitationReason");
  return stream;
}

CodecStats readCodec(const Json& stats) {
  return CodecStats{
      stringOr(stats, "id"),
      stringOr(stats, "mimeType"),
      unsignedOr0<std::uint32_t>(stats, "clockRate"),
      static_cast<int>(unsignedOr0<std::uint8_t>(stats, "payloadType")),
  };
}

DataChannelStats readDataChannel(const Json& stats) {
  return DataChannelStats{
      stringOr(stats, "id"),
      stringOr(stats, "label"),
      stringOr(stats, "state"),
      unsignedOr0<std::uint64_t>(stats, "messagesSent"),
      unsignedOr0<std::uint64_t>(stats, "bytesSent"),
      unsignedOr0<std::uint64_t>(stats, "messagesReceived"),
      unsignedOr0<std::uint64_t>(stats, "bytesReceived"),
      optionalDouble(stats, "timestamp").value_or(0),
  };
}

TransportStats readTransport(const Json& stats) {
  return TransportStats{
      stringOr(stats, "id"),
      stringOr(stats, "dtlsState"),
      stringOr(stats, "selectedCandidatePairId"),
      stringOr(stats, "dtlsRole"),
      stringOr(stats, "tlsVersion"),
      stringOr(stats, "dtlsCipher"),
      stringOr(stats, "srtpCipher"),
      stringOr(stats, "localCertificateId"),
      stringOr(stats, "remoteCertificateId"),
  };
}

CertificateStats readCertificate(const Json& stats) {
  return CertificateStats{
      stringOr(stats, "id"),
      stringOr(stats, "fingerprint"),
      stringOr(stats, "fingerprintAlgorithm"),
  };
}

void addToReport(const Json& stats, StatsReport& report) {
  if (!stats.is_object()) {
    return;
  }
  const std::string type = stringOr(stats, "type");
  if (type == "candidate-pair") {
    report.candidatePairs.push_back(readCandidatePair(stats));
  } else if (type == "local-candidate" || type == "remote-candidate") {
    report.candidates.push_back(readCandidate(stats, type == "remote-candidate"));
  } else if (type == "inbound-rtp") {
    report.rtpStreams.push_back(readRtpStream(stats, RtpDirection::Inbound));
  } else if (type == "outbound-rtp") {
    report.rtpStreams.push_back(readRtpStream(stats, RtpDirection::Outbound));
  } else if (type == "codec") {
    report.codecs.push_back(readCodec(stats));
  } else if (type == "data-channel") {
    report.dataChannels.push_back(readDataChannel(stats));
  } else if (type == "transport") {
    report.transports.push_back(readTransport(stats));
  } else if (type == "certificate") {
    report.certificates.push_back(readCertificate(stats));
  }
}

template <typename Record>
std::optional<Record> findById(const std::vector<Record>& records, std::string_view id) {
  for (const Record& record : records) {
    if (record.id == id) {
      return record;
    }
  }
  return std::nullopt;
}

} // namespace

std::string_view toString(RtpDirection direction) {
  return direction == RtpDirection::Inbound ? "inbound" : "outbound";
}

StatsReport parseStats(const nlohmann::json& arrayOfStats) {
  StatsReport report;
  if (arrayOfStats.is_array() || arrayOfStats.is_object()) {
    for (const Json& stats : arrayOfStats) { // for an object: its values
      addToReport(stats, report);
    }
  }
  return report;
}

std::optional<CandidatePairStats> StatsReport::selectedPair() const {
  for (const TransportStats& transport : transports) {
    if (!transport.selectedCandidatePairId.empty()) {
      if (auto pair = findById(candidatePairs, transport.selectedCandidatePairId)) {
        return pair;
      }
    }
  }
  for (const CandidatePairStats& pair : candidatePairs) {
    if (pair.nominated && pair.state == "succeeded") {
      return pair;
    }
  }
  return std::nullopt;
}

std::optional<CandidateStats> StatsReport::candidate(std::string_view id) const {
  return findById(candidates, id);
}

std::optional<CodecStats> StatsReport::codec(std::string_view id) const {
  return findById(codecs, id);
}

std::optional<CertificateStats> StatsReport::certificate(std::string_view id) const {
  return findById(certificates, id);
}

} // namespace rtclab
