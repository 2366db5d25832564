// Every open connection (HTTP or WebSocket) registers here, so the server can refuse new ones
// above --max-connections (in total, and per client address) and close all of them on
// SIGINT/SIGTERM.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>

namespace rtclab::server {

class Connection {
public:
  virtual ~Connection() = default;
  // Ends the connection as the server stops: WebSocket sessions send close 1001 (going away).
  virtual void shutdown() = 0;
  // Closes the socket at once: for connections that did not finish shutting down in time.
  virtual void abort() = 0;
};

class ConnectionRegistry {
public:
  // `maxPerAddress` 0: no per-address limit.
  explicit ConnectionRegistry(std::size_t maxConnections, std::size_t maxPerAddress = 0)
      : max_(maxConnections), maxPerAddress_(maxPerAddress) {}

  bool full() const { return connections_.size() >= max_; }
  // `address` "" is never limited (loopback clients, see limitKeyFor()).
  bool fullFor(const std::string& address) const;
  std::size_t size() const { return connections_.size(); }
  // The most connections open at once since resetPeak() (or since the start).
  std::size_t peak() const { return peak_; }
  void resetPeak() { peak_ = connections_.size(); }

  void add(Connection& connection, std::string address = {});
  void remove(Connection& connection);

  // Calls `callback` once, as soon as no connection is left (now, if none is).
  void whenEmpty(std::function<void()> callback);

  // Calls shutdown() on each; a connection may remove itself while this runs.
  void shutdownAll();
  void abortAll();

private:
  std::size_t max_;
  std::size_t maxPerAddress_;
  std::unordered_map<Connection*, std::string> connections_; // -> its client address or ""
  std::unordered_map<std::string, std::size_t> perAddress_;
  std::size_t peak_ = 0;
  std::function<void()> onEmpty_;
};

// Registers a connection for the lifetime of this object.
class ConnectionRegistration {
public:
  ConnectionRegistration(ConnectionRegistry& registry, Connection& connection,
                         std::string address = {})
      : registry_(registry), connection_(connection) {
    registry_.add(connection_, std::move(address));
  }
  ~ConnectionRegistration() { registry_.remove(connection_); }
  ConnectionRegistration(const ConnectionRegistration&) = delete;
  ConnectionRegistration& operator=(const ConnectionRegistration&) = delete;

private:
  ConnectionRegistry& registry_;
  Connection& connection_;
};

} // namespace rtclab::server
