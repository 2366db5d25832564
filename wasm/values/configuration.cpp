#include "rtclab/configuration.hpp"

namespace rtclab {

nlohmann::json IceServer::toJson() const {
  nlohmann::json server = {{"urls", urls}};
  // JavaScript code leaves these out for STUN servers; an empty string is not the same.
  if (!username.empty()) {
    server["username"] = username;
  }
  if (!credential.empty()) {
    server["credential"] = credential;
  }
  return server;
}

nlohmann::json Configuration::toJson() const {
  nlohmann::json servers = nlohmann::json::array();
  for (const IceServer& server : iceServers) {
    servers.push_back(server.toJson());
  }
  return {
      {"iceServers", servers},
      {"iceTransportPolicy", toString(iceTransportPolicy)},
      {"bundlePolicy", toString(bundlePolicy)},
  };
}

} // namespace rtclab
