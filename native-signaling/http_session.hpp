// One HTTP/1.1 connection: keep-alive GET/HEAD of static files; an upgrade request to /ws is
// handed to a WebSocket session (same port). The same over TLS with --tls: https and wss.
#pragma once

#include "net.hpp"
#include "server_context.hpp"
#include "tls_stream.hpp"

namespace rtclab::server {

asio::awaitable<void> runHttpSession(tcp::socket socket, ServerContext& context);
// TLS handshake first (bounded in time), then the same session over the encrypted stream.
asio::awaitable<void> runHttpsSession(tcp::socket socket, ssl::context& tls,
                                      ServerContext& context);

} // namespace rtclab::server
