#include "server.hpp"

#include "fail.hpp"
#include "http_session.hpp"
#include "log.hpp"

namespace rtclab::server {

constexpr auto kShutdownGrace = std::chrono::seconds(2);

Server::Server(asio::io_context& io, const ServerOptions& options)
    : io_(io), context_(options), acceptor_(io), signals_(io, SIGINT, SIGTERM),
      shutdownDeadline_(io) {
  tcp::endpoint endpoint(asio::ip::make_address(options.host), options.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

void Server::start() {
  asio::co_spawn(io_, acceptLoop(), asio::detached);
  signals_.async_wait([this](const error_code& ec, int signalNumber) {
    if (ec)
      return;
    LogLine(LogLevel::info, "signal")
        .field("signal", signalNumber == SIGINT ? "SIGINT" : "SIGTERM");
    stop();
  });
}

void Server::stop() {
  if (context_.stopping)
    return;
  context_.stopping = true;
  error_code ignored;
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  LogLine(LogLevel::info, "stopping").field("connections", context_.connections.size());
  context_.connections.shutdownAll();
  // A peer that stopped reading would hold its close handshake (and io.run()) forever.
  shutdownDeadline_.expires_after(kShutdownGrace);
  shutdownDeadline_.async_wait([this](const error_code& ec) {
    if (!ec)
      context_.connections.abortAll();
  });
  context_.connections.whenEmpty([this] { shutdownDeadline_.cancel(); });
}

asio::awaitable<void> Server::acceptLoop() {
  while (!context_.stopping) {
    error_code ec;
    tcp::socket socket =
        co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted)
        break;
      // Out of file descriptors or similar: log and keep accepting rather than die.
      fail(ec, "accept");
      continue;
    }
    if (context_.connections.full()) {
      // Refusing early costs the least: no session, no buffers.
      LogLine(LogLevel::warn, "refused").field("reason", "max-connections");
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(io_, runHttpSession(std::move(socket), context_), asio::detached);
  }
}

} // namespace rtclab::server
