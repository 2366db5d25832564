// One HTTP/1.1 connection: keep-alive GET/HEAD of static files; an upgrade request to /ws is
// handed to a WebSocket session (same port).
#pragma once

#include "net.hpp"
#include "server_context.hpp"

namespace rtclab::server {

asio::awaitable<void> runHttpSession(tcp::socket socket, ServerContext& context);

} // namespace rtclab::server
