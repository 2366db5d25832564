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

} // namespace rtclab
