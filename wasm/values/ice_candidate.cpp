#include "rtclab/ice_candidate.hpp"

namespace rtclab {

nlohmann::json IceCandidate::toJson() const {
  nlohmann::json json = {{"candidate", candidate}, {"sdpMid", nullptr}, {"sdpMLineIndex", nullptr}};
  if (sdpMid) {
    json["sdpMid"] = *sdpMid;
  }
  if (sdpMLineIndex) {
    json["sdpMLineIndex"] = *sdpMLineIndex;
  }
  if (usernameFragment) {
    json["usernameFragment"] = *usernameFragment; // absent, not null: older browsers reject null
  }
  return json;
}

std::optional<IceCandidate> IceCandidate::fromJson(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("candidate") || !json["candidate"].is_string()) {
    return std::nullopt;
  }
  IceCandidate result{json["candidate"].get<std::string>(), std::nullopt, std::nullopt,
                      std::nullopt};
  // null and a missing member both mean "not given", as in JavaScript.
  if (const auto mid = json.find("sdpMid"); mid != json.end() && !mid->is_null()) {
    if (!mid->is_string()) {
      return std::nullopt;
    }
    result.sdpMid = mid->get<std::string>();
  }
  if (const auto index = json.find("sdpMLineIndex"); index != json.end() && !index->is_null()) {
    if (!index->is_number_integer() || index->get<long long>() < 0) {
      return std::nullopt;
    }
    result.sdpMLineIndex = index->get<int>();
  }
  if (const auto ufrag = json.find("usernameFragment"); ufrag != json.end() && !ufrag->is_null()) {
    if (!ufrag->is_string()) {
      return std::nullopt;
    }
    result.usernameFragment = ufrag->get<std::string>();
  }
  return result;
}

std::string_view toString(CandidateType type) {
  switch (type) {
  case CandidateType::Host:
    return "host";
  case CandidateType::Srflx:
    return "srflx";
  case CandidateType::Prflx:
    return "prflx";
  case CandidateType::Relay:
    return "relay";
  }
  return "unknown";
}

std::optional<CandidateType> parseCandidateType(std::string_view text) {
  for (const CandidateType type :
       {CandidateType::Host, CandidateType::Srflx, CandidateType::Prflx, CandidateType::Relay}) {
    if (toString(type) == text) {
      return type;
    }
  }
  return std::nullopt;
}

bool CandidateInfo::isMdns() const { return address.ends_with(".local"); }

std::optional<std::string> CandidateInfo::extension(std::string_view name) const {
  for (const auto& [key, value] : extensions) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

CandidatePriority decodePriority(std::uint32_t priority) {
  return {.typePreference = static_cast<int>(priority >> 24),
          .localPreference = static_cast<int>((priority >> 8) & 0xFFFFu),
          .component = 256 - static_cast<int>(priority & 0xFFu)};
}

std::uint32_t encodePriority(const CandidatePriority& parts) {
  return (static_cast<std::uint32_t>(parts.typePreference) << 24) +
         (static_cast<std::uint32_t>(parts.localPreference) << 8) +
         static_cast<std::uint32_t>(256 - parts.component);
}

std::string_view meaningOf(const IceCandidateError& error) {
  switch (error.errorCode) {
  case 401:
    return "the TURN server refused the username or credential: wrong, or expired (time-limited "
           "credentials carry their expiry in the username)";
  case 438:
    return "the TURN server's nonce went stale; the browser retries with a fresh one";
  case 403:
    return "the TURN server forbids this request (a peer address it does not relay to)";
  case 486:
    return "this username already holds as many relay allocations as the TURN server allows";
  case 508:
    return "the TURN server has no relay ports left";
  case 701:
    return "no answer from the STUN/TURN server: not running, wrong host or port, or blocked";
  default:
    break;
  }
  return error.errorCode >= 300 && error.errorCode < 700
             ? "the STUN/TURN server answered with an error (see its text)"
             : "the browser could not use this STUN/TURN server";
}

} // namespace rtclab
