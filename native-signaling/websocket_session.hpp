// One WebSocket signaling connection at /ws. The session owns the socket, feeds each text
// message to Signaling, and sends what Signaling delivers through a bounded write queue with
// one write in flight. Heartbeat: Beast's keep-alive pings; a peer from which no whole frame
// (message, ping or pong) arrives for --idle-timeout is dropped and its room told peer-left
// reason "timeout". A peer that does not read (its oldest unsent message older than
// --slow-consumer-timeout, or over --max-queued-bytes waiting) is dropped too.
#pragma once

#include <string>

#include "net.hpp"
#include "server_context.hpp"
#include "static_files.hpp"
#include "tls_stream.hpp"

namespace rtclab::server {

// Takes over a socket whose HTTP request asked for a WebSocket upgrade. `urlToken`: the room
// token of the URL's query (`/ws?token=...`), "" if none.
void startWebSocketSession(tcp::socket socket, Request upgradeRequest, std::string urlToken,
                           ServerContext& context);
// The same over TLS (--tls): the stream has done its handshake and read the upgrade request.
void startWebSocketSession(TlsStream stream, Request upgradeRequest, std::string urlToken,
                           ServerContext& context);

} // namespace rtclab::server
