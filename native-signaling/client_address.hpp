// The key under which a connection counts against --max-connections-per-address.
#pragma once

#include <string>

#include "net.hpp"
#include "options.hpp"

namespace rtclab::server {

// The client's IP address, or "" when the connection is not limited per address: no limit set,
// or a loopback client (this machine's own user, the tests and the benchmarks) without
// --limit-loopback.
inline std::string limitKeyFor(const tcp::socket& socket, const ServerOptions& options) {
  if (options.maxConnectionsPerAddress == 0)
    return {};
  error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec || (peer.address().is_loopback() && !options.limitLoopback))
    return {};
  return peer.address().to_string();
}

} // namespace rtclab::server
