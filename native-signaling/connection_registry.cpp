#include "connection_registry.hpp"

#include <utility>
#include <vector>

namespace rtclab::server {

namespace {

template <typename Action>
void forEachStillRegistered(const std::unordered_set<Connection*>& connections, Action action) {
  // Copy first: an action may end a connection synchronously, and it unregisters itself.
  std::vector<Connection*> snapshot(connections.begin(), connections.end());
  for (Connection* connection : snapshot) {
    if (connections.contains(connection))
      action(*connection);
  }
}

} // namespace

void ConnectionRegistry::remove(Connection& connection) {
  connections_.erase(&connection);
  if (connections_.empty() && onEmpty_)
    std::exchange(onEmpty_, nullptr)();
}

void ConnectionRegistry::whenEmpty(std::function<void()> callback) {
  onEmpty_ = std::move(callback);
  if (connections_.empty())
    std::exchange(onEmpty_, nullptr)();
}

void ConnectionRegistry::shutdownAll() {
  forEachStillRegistered(connections_, [](Connection& connection) { connection.shutdown(); });
}

void ConnectionRegistry::abortAll() {
  forEachStillRegistered(connections_, [](Connection& connection) { connection.abort(); });
}

} // namespace rtclab::server
