// rtclab-server: accepts TCP connections on one port, serves static files over HTTP and
// signaling over WebSocket at /ws, and stops cleanly on SIGINT/SIGTERM.
#pragma once

#include <memory>
#include <string_view>

#include "log.hpp"
#include "net.hpp"
#include "options.hpp"
#include "server_context.hpp"

namespace boost::asio::ssl {
class context;
}

namespace rtclab::server {

class Server {
public:
  // Binds and listens at once (throws boost::system::system_error if it cannot), so
  // localEndpoint() reports the real port when --port 0 was asked for. With options.tls, loads
  // options.certFile and options.keyFile (which must exist: see tls_certificate.hpp).
  Server(asio::io_context& io, const ServerOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  tcp::endpoint localEndpoint() const { return acceptor_.local_endpoint(); }

  // Starts accepting and watching for SIGINT/SIGTERM; io.run() returns after stop().
  void start();

  // Stops accepting and closes every connection (WebSocket peers get close code 1001).
  void stop();

private:
  asio::awaitable<void> acceptLoop();
  void refuseWaitingClientsWithoutDescriptors();
  void logRefused(std::string_view reason);
  void scheduleMemoryTrim();
  void trimMemoryIfConnectionsLeft();

  asio::io_context& io_;
  ServerContext context_;
  std::unique_ptr<asio::ssl::context> tls_; // set with --tls
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer shutdownDeadline_;
  asio::steady_timer acceptBackoff_;   // after running out of file descriptors
  asio::steady_timer memoryTrimTimer_; // see trimMemoryIfConnectionsLeft()
  LogThrottle refusedLog_;
  LogThrottle acceptErrorLog_;
  std::size_t connectionsAtLastTrimCheck_ = 0;
  int spareDescriptor_; // held in reserve, given up to refuse a client when none is left
};

} // namespace rtclab::server
