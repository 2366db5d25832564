// stats_fixtures.hpp: getStats() records for tests, filled in the way the browser reports them.
#pragma once

#include "rtclab/stats.hpp"

#include <cstdint>
#include <string>
#include <utility>

namespace rtclab::testing {

// A "local-candidate" (or, with isRemote, "remote-candidate") over UDP.
inline CandidateStats candidateStats(std::string id, std::string type, std::string address,
                                     std::uint16_t port, bool isRemote = false) {
  CandidateStats stats;
  stats.id = std::move(id);
  stats.isRemote = isRemote;
  stats.candidateType = std::move(type);
  stats.address = std::move(address);
  stats.port = port;
  stats.protocol = "udp";
  return stats;
}

// The pair ICE chose: "CP1", nominated and succeeded, between the two candidates named.
inline CandidatePairStats succeededPair(std::string localId, std::string remoteId) {
  CandidatePairStats pair;
  pair.id = "CP1";
  pair.state = "succeeded";
  pair.nominated = true;
  pair.localCandidateId = std::move(localId);
  pair.remoteCandidateId = std::move(remoteId);
  return pair;
}

// An "inbound-rtp" or "outbound-rtp" record of `kind` ("audio", "video") with its totals.
inline RtpStreamStats rtpStream(std::string kind, RtpDirection direction, std::uint64_t bytes,
                                std::uint64_t packets) {
  RtpStreamStats stream;
  stream.kind = std::move(kind);
  stream.direction = direction;
  stream.bytes = bytes;
  stream.packets = packets;
  return stream;
}

} // namespace rtclab::testing
