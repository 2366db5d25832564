// What a lab records into a PeerPanelState, and toJson(PeerPanelState), one peer's part of a
// lab's Module.labState() (pure, no ImGui).
#include "rtclab/ui/peer_panel.hpp"

#include "rtclab/json_text.hpp"

#include <cmath>

namespace rtclab::ui {
namespace {

using nlohmann::json;

json rtpStreamJson(const RtpStreamStats& stream, const StatsReport& report) {
  json out = {{"bytes", stream.bytes}, {"packets", stream.packets}};
  if (const auto codec = report.codec(stream.codecId))
    out["codec"] = codec->mimeType;
  if (stream.jitter)
    out["jitterMs"] = *stream.jitter * 1000.0;
  if (stream.framesDecoded)
    out["framesDecoded"] = *stream.framesDecoded;
  if (stream.framesEncoded)
    out["framesEncoded"] = *stream.framesEncoded;
  if (stream.framesPerSecond)
    out["framesPerSecond"] = *stream.framesPerSecond;
  if (stream.frameWidth)
    out["frameWidth"] = *stream.frameWidth;
  if (stream.frameHeight)
    out["frameHeight"] = *stream.frameHeight;
  if (stream.direction == RtpDirection::Inbound)
    out["packetsLost"] = stream.packetsLost;
  return out;
}

// {"inbound": {"video": {...}, "audio": {...}}, "outbound": {...}, "rates": {...}}
json statsJson(const PeerPanelState& peer) {
  json out = {{"inbound", json::object()}, {"outbound", json::object()}, {"rates", nullptr}};
  if (peer.latestStats) {
    for (const auto& stream : peer.latestStats->rtpStreams) {
      out[std::string(toString(stream.direction))][stream.kind] =
          rtpStreamJson(stream, *peer.latestStats);
    }
  }
  if (auto sample = peer.stats.latest()) {
    out["rates"] = {{"kbpsIn", sample->kbpsIn},
                    {"kbpsOut", sample->kbpsOut},
                    {"packetsPerSecondIn", sample->packetsPerSecondIn},
                    {"roundTripTimeMs", orNull(sample->roundTripTimeMs)},
                    {"framesPerSecondIn", orNull(sample->framesPerSecondIn)},
                    {"packetsLostPerSecondIn", sample->packetsLostPerSecondIn},
                    {"jitterMs", orNull(sample->jitterMs)}};
  }
  return out;
}

json candidatesJson(const std::vector<CandidateInfo>& candidates) {
  json out = json::array();
  for (const auto& c : candidates) {
    out.push_back({{"type", toString(c.type)},
                   {"protocol", c.protocol},
                   {"address", c.address},
                   {"port", c.port}});
  }
  return out;
}

json candidateStatsJson(const CandidateStats& c) {
  return {{"type", c.candidateType}, {"protocol", c.protocol},           {"address", c.address},
          {"port", c.port},          {"relayProtocol", c.relayProtocol}, {"url", c.url}};
}

} // namespace

bool recordState(PeerPanelState& peer, std::string_view attribute, std::string_view state,
                 double nowMs) {
  StateTimeline* timeline = attribute == "signalingState"       ? &peer.signaling
                            : attribute == "iceGatheringState"  ? &peer.iceGathering
                            : attribute == "iceConnectionState" ? &peer.iceConnection
                            : attribute == "connectionState"    ? &peer.connection
                                                                : nullptr;
  if (timeline == nullptr || !timeline->record(state, nowMs)) {
    return false;
  }
  peer.log.add(nowMs, LogLevel::Info, std::string(attribute) + " -> " + std::string(state));
  return true;
}

json toJson(const PeerPanelState& peer) {
  json selected = nullptr;
  if (peer.selectedPair) {
    selected = {{"local", candidateStatsJson(peer.selectedPair->local)},
                {"remote", candidateStatsJson(peer.selectedPair->remote)}};
  }
  return {{"signalingState", peer.signaling.current()},
          {"iceGatheringState", peer.iceGathering.current()},
          {"iceConnectionState", peer.iceConnection.current()},
          {"connectionState", peer.connection.current()},
          {"timelines",
           {{"signaling", peer.signaling.sequence()},
            {"iceGathering", peer.iceGathering.sequence()},
            {"iceConnection", peer.iceConnection.sequence()},
            {"connection", peer.connection.sequence()}}},
          {"candidates",
           {{"local", candidatesJson(peer.localCandidates)},
            {"remote", candidatesJson(peer.remoteCandidates)}}},
          {"selectedPair", selected},
          {"stats", statsJson(peer)},
          {"hasLocalDescription", !peer.localSdp.empty()},
          {"hasRemoteDescription", !peer.remoteSdp.empty()},
          {"maxMessageSize", peer.maxMessageSize && std::isfinite(*peer.maxMessageSize)
                                 ? json(*peer.maxMessageSize)
                                 : json(nullptr)},
          {"log", toJson(peer.log)}};
}

} // namespace rtclab::ui
