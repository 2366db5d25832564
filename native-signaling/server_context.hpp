// What every session of one rtclab-server shares. Single-threaded: all of it is used from the
// one thread that runs the io_context, so nothing here needs a lock.
#pragma once

#include <chrono>

#include "connection_registry.hpp"
#include "options.hpp"
#include "room_authorizer.hpp"
#include "signaling.hpp"
#include "web_root.hpp"

namespace rtclab::server {

struct ServerContext {
  explicit ServerContext(const ServerOptions& serverOptions)
      : options(serverOptions), webRoot(serverOptions.webRoot),
        connections(serverOptions.maxConnections, serverOptions.maxConnectionsPerAddress),
        signaling(SignalingLimits{serverOptions.maxRooms, serverOptions.maxPeersPerRoom,
                                  serverOptions.maxMessageBytes},
                  roomTokenAuthorizer(serverOptions.tokenSecret), iceServersIssuer(serverOptions)) {
  }

  ServerOptions options;
  WebRoot webRoot;
  ConnectionRegistry connections;
  Signaling signaling;
  bool stopping = false;
  // Time spent handling messages, all connections together: while it grows, no connection is
  // read, which the rate limiter must not blame on the clients (rate_limiter.hpp).
  std::chrono::steady_clock::duration messageProcessingTime{};

private:
  // --turn-url given: each join gets the STUN/TURN servers, with TURN credentials valid from now.
  static IceServersIssuer iceServersIssuer(const ServerOptions& serverOptions) {
    if (serverOptions.turnUrls.empty())
      return {};
    TurnSettings settings{serverOptions.turnUrls, serverOptions.turnSecret,
                          serverOptions.turnCredentialLifetimeSeconds};
    return [settings = std::move(settings)](std::string_view peer) {
      const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
      return grantIceServers(settings, peer, now);
    };
  }
};

} // namespace rtclab::server
