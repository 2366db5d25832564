#include "rtclab/lab_error.hpp"

#include <utility>

namespace rtclab {

LabError labErrorOf(std::string where, const PeerConnectionError& error) {
  return {std::move(where), error.name, error.operation,
          std::string(toString(error.signalingState)), error.describe()};
}

LabError labErrorOf(std::string where, const DataChannelError& error) {
  return {std::move(where), error.name, error.operation, std::string(toString(error.readyState)),
          error.describe()};
}

LabError labErrorOf(std::string where, const MediaError& error) {
  return {std::move(where), error.name, "getUserMedia", "", error.name + ": " + error.message};
}

nlohmann::json toJson(const LabError& error) {
  return {{"where", error.where},
          {"name", error.name},
          {"operation", error.operation},
          {"state", error.state},
          {"text", error.text}};
}

nlohmann::json toJson(const std::vector<LabError>& errors) {
  auto out = nlohmann::json::array();
  for (const auto& error : errors) {
    out.push_back(toJson(error));
  }
  return out;
}

} // namespace rtclab
