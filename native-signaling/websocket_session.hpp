// One WebSocket signaling connection at /ws. The session owns the socket, feeds each text
// message to Signaling, and sends what Signaling delivers through a bounded write queue with
// one write in flight. Heartbeat: Beast's keep-alive pings; a peer silent for --idle-timeout
// is dropped and its room told peer-left reason "timeout".
#pragma once

#include "net.hpp"
#include "server_context.hpp"
#include "static_files.hpp"

namespace rtclab::server {

// Takes over a socket whose HTTP request asked for a WebSocket upgrade.
void startWebSocketSession(tcp::socket socket, Request upgradeRequest, ServerContext& context);

} // namespace rtclab::server
