#include "connection_registry.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace rtclab::server {

namespace {

template <typename Action>
void forEachStillRegistered(const std::unordered_map<Connection*, std::string>& connections,
                            Action action) {
  // Copy first: an action may end a connection synchronously, and it unregisters itself.
  std::vector<Connection*> snapshot;
  snapshot.reserve(connections.size());
  for (const auto& entry : connections)
    snapshot.push_back(entry.first);
  for (Connection* connection : snapshot) {
    if (connections.contains(connection))
      action(*connection);
  }
}

} // namespace

bool ConnectionRegistry::fullFor(const std::string& address) const {
  if (address.empty() || maxPerAddress_ == 0)
    return false;
  auto it = perAddress_.find(address);
  return it != perAddress_.end() && it->second >= maxPerAddress_;
}

void ConnectionRegistry::add(Connection& connection, std::string address) {
  if (!address.empty())
    ++perAddress_[address];
  connections_.emplace(&connection, std::move(address));
  peak_ = std::max(peak_, connections_.size());
}

void ConnectionRegistry::remove(Connection& connection) {
  auto it = connections_.find(&connection);
  if (it == connections_.end())
    return;
  if (!it->second.empty()) {
    auto count = perAddress_.find(it->second);
    if (--count->second == 0)
      perAddress_.erase(count);
  }
  connections_.erase(it);
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
