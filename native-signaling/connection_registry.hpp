// Every open connection (HTTP or WebSocket) registers here, so the server can refuse new ones
// above --max-connections and close all of them on SIGINT/SIGTERM.
#pragma once

#include <cstddef>
#include <functional>
#include <unordered_set>

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
  explicit ConnectionRegistry(std::size_t maxConnections) : max_(maxConnections) {}

  bool full() const { return connections_.size() >= max_; }
  std::size_t size() const { return connections_.size(); }

  void add(Connection& connection) { connections_.insert(&connection); }
  void remove(Connection& connection);

  // Calls `callback` once, as soon as no connection is left (now, if none is).
  void whenEmpty(std::function<void()> callback);

  // Calls shutdown() on each; a connection may remove itself while this runs.
  void shutdownAll();
  void abortAll();

private:
  std::size_t max_;
  std::unordered_set<Connection*> connections_;
  std::function<void()> onEmpty_;
};

// Registers a connection for the lifetime of this object.
class ConnectionRegistration {
public:
  ConnectionRegistration(ConnectionRegistry& registry, Connection& connection)
      : registry_(registry), connection_(connection) {
    registry_.add(connection_);
  }
  ~ConnectionRegistration() { registry_.remove(connection_); }
  ConnectionRegistration(const ConnectionRegistration&) = delete;
  ConnectionRegistration& operator=(const ConnectionRegistration&) = delete;

private:
  ConnectionRegistry& registry_;
  Connection& connection_;
};

} // namespace rtclab::server
