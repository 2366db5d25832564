#include "rtclab/room_roster.hpp"

#include <algorithm>

namespace rtclab {

void RoomRoster::recordJoined(const protocol::Joined& joined, double atMs) {
  self_ = joined.peer;
  room_ = joined.room;
  peers_.clear();
  for (const auto& peer : joined.peers) {
    std::erase_if(peers_, [&](const RosterEntry& known) { return known.id == peer.id; });
    peers_.push_back({peer.id, peer.name, peer.session, atMs});
  }
}

const RosterEntry& RoomRoster::recordPeerJoined(const protocol::PeerJoined& joined, double atMs) {
  std::erase_if(peers_, [&](const RosterEntry& known) { return known.id == joined.peer; });
  return peers_.emplace_back(RosterEntry{joined.peer, joined.name, joined.session, atMs});
}

std::optional<RosterEntry> RoomRoster::recordPeerLeft(const protocol::PeerLeft& left) {
  const auto found = std::find_if(peers_.begin(), peers_.end(),
                                  [&](const RosterEntry& known) { return known.id == left.peer; });
  if (found == peers_.end()) {
    return std::nullopt;
  }
  RosterEntry gone = std::move(*found);
  peers_.erase(found);
  return gone;
}

void RoomRoster::clear() {
  self_.clear();
  room_.clear();
  peers_.clear();
}

const RosterEntry* RoomRoster::find(std::string_view id) const {
  const auto found = std::find_if(peers_.begin(), peers_.end(),
                                  [&](const RosterEntry& known) { return known.id == id; });
  return found == peers_.end() ? nullptr : &*found;
}

nlohmann::json toJson(const RosterEntry& entry) {
  return {{"id", entry.id},
          {"name", entry.name},
          {"session", entry.session},
          {"joinedAtMs", entry.joinedAtMs}};
}

nlohmann::json toJson(const RoomRoster& roster) {
  auto peers = nlohmann::json::array();
  for (const auto& entry : roster.peers()) {
    peers.push_back(toJson(entry));
  }
  return {{"room", roster.room()}, {"you", roster.self()}, {"peers", peers}};
}

} // namespace rtclab
