// room_roster.hpp: who else is in the signaling room, kept from the server's messages.
//
//   client.onJoined([&](const protocol::Joined& m) { roster.recordJoined(m, nowMs()); });
//   client.onPeerJoined([&](const auto& m) { roster.recordPeerJoined(m, nowMs()); });
//   client.onPeerLeft([&](const protocol::PeerLeft& m) { roster.recordPeerLeft(m); });
//
// `joined` gives our own id and the peers already there, `peer-joined` adds one, `peer-left`
// removes one. A call (Lab 04) or a mesh (Lab 05) keeps one RTCPeerConnection per entry: the
// entry's `session` (the page load it joined from) tells a reloaded tab from the one it replaced.
// Pure C++ over rtclab::protocol: tested natively and under node.
#pragma once

#include "rtclab/protocol/messages.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtclab {

struct RosterEntry {
  std::string id;        // the server's peer id, the `to` of a relayed message
  std::string name;      // the display name it joined with; may be ""
  std::string session;   // the page load it joined from; "" when not told
  double joinedAtMs = 0; // when we learned of it (our clock: `joined` or `peer-joined`)
  bool operator==(const RosterEntry&) const = default;
};

class RoomRoster {
public:
  // We are in `joined.room` as `joined.peer`; its peers replace whatever the roster held.
  void recordJoined(const protocol::Joined& joined, double atMs);
  // One more peer, at the end; a peer already known under that id is replaced (a repeated
  // peer-joined never duplicates). Returns the entry.
  const RosterEntry& recordPeerJoined(const protocol::PeerJoined& joined, double atMs);
  // The peer is gone: its entry, or std::nullopt when it was not in the roster.
  std::optional<RosterEntry> recordPeerLeft(const protocol::PeerLeft& left);
  // We left the room (or lost the socket: the server forgets us with it).
  void clear();

  const std::string& self() const { return self_; }                // our peer id; "" until joined
  const std::string& room() const { return room_; }                // "" until joined
  const std::vector<RosterEntry>& peers() const { return peers_; } // in order of arrival
  const RosterEntry* find(std::string_view id) const;              // nullptr: not in the room
  bool empty() const { return peers_.empty(); }

private:
  std::string self_;
  std::string room_;
  std::vector<RosterEntry> peers_;
};

// {"id", "name", "session", "joinedAtMs"}; the roster: {"room", "you", "peers": [...]}.
nlohmann::json toJson(const RosterEntry& entry);
nlohmann::json toJson(const RoomRoster& roster);

} // namespace rtclab
