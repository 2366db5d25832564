// What every session of one rtclab-server shares. Single-threaded: all of it is used from the
// one thread that runs the io_context, so nothing here needs a lock.
#pragma once

#include "connection_registry.hpp"
#include "options.hpp"
#include "signaling.hpp"
#include "web_root.hpp"

namespace rtclab::server {

struct ServerContext {
  explicit ServerContext(const ServerOptions& serverOptions)
      : options(serverOptions), webRoot(serverOptions.webRoot),
        connections(serverOptions.maxConnections),
        signaling(SignalingLimits{serverOptions.maxRooms, serverOptions.maxPeersPerRoom}) {}

  ServerOptions options;
  WebRoot webRoot;
  ConnectionRegistry connections;
  Signaling signaling;
  bool stopping = false;
};

} // namespace rtclab::server
