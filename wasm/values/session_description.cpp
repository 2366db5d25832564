#include "rtclab/session_description.hpp"

namespace rtclab {

nlohmann::json SessionDescription::toJson() const {
  return {{"type", toString(type)}, {"sdp", sdp}};
}

std::optional<SessionDescription> SessionDescription::fromJson(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("type") || !json["type"].is_string() ||
      !json.contains("sdp") || !json["sdp"].is_string()) {
    return std::nullopt;
  }
  const std::optional<SdpType> type = parseSdpType(json["type"].get<std::string>());
  if (!type) {
    return std::nullopt;
  }
  return SessionDescription{*type, json["sdp"].get<std::string>()};
}

std::string_view toString(MediaDirection direction) {
  switch (direction) {
  case MediaDirection::SendRecv:
    return "sendrecv";
  case MediaDirection::SendOnly:
    return "sendonly";
  case MediaDirection::RecvOnly:
    return "recvonly";
  case MediaDirection::Inactive:
    return "inactive";
  }
  return "unknown";
}

} // namespace rtclab
