// configuration.hpp: RTCConfiguration, the argument of `new RTCPeerConnection(configuration)`.
//
// toJson() gives exactly the JavaScript object, so the browser binding can build the JS value
// from it and a learner can compare it with the guide:
//   {"iceServers":[{"urls":["stun:stun.example.org"]}],"iceTransportPolicy":"all",
//    "bundlePolicy":"balanced"}
// Spec: https://www.w3.org/TR/webrtc/#rtcconfiguration-dictionary
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rtclab/peer_connection_states.hpp"

namespace rtclab {

// One STUN or TURN server. TURN servers need username and credential; STUN servers leave them
// empty (and toJson() then leaves them out, as JavaScript code would).
struct IceServer {
  std::vector<std::string> urls; // "stun:host:3478", "turn:host:3478?transport=tcp", ...
  std::string username;
  std::string credential;

  bool operator==(const IceServer&) const = default;
  nlohmann::json toJson() const;
};

struct Configuration {
  std::vector<IceServer> iceServers;
  IceTransportPolicy iceTransportPolicy = IceTransportPolicy::All;
  BundlePolicy bundlePolicy = BundlePolicy::Balanced;

  bool operator==(const Configuration&) const = default;
  nlohmann::json toJson() const;
};

} // namespace rtclab
