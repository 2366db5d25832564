// The signaling logic without I/O: rooms of participants, join/leave, relay of offer/answer/
// candidate to the one addressed peer, peer-left on leave, disconnect or timeout. A join with a
// secret gets a derived id (participant_id.hpp) and replaces a connection already holding that
// id in the room; a room's capacity is set by its first joiner.
// Single-threaded by design (the server runs one io_context thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <rtclab/protocol/protocol.hpp>

#include "participant.hpp"
#include "relay_route.hpp"
#include "turn_credentials.hpp"

namespace rtclab::server {

struct SignalingLimits {
  std::size_t maxRooms = 1000;
  std::size_t maxPeersPerRoom = 8;
  std::size_t maxMessageBytes = 65536; // the longest text receive() is given (the read limit)
};

// Whether a join may enter its room (set when the server requires room tokens).
struct JoinVerdict {
  bool allowed = true;
  std::string reason; // why not, for the client and the log; never the token itself
  std::string name;   // a display name the token grants ("" = keep the join's)
};
// `urlToken` is the token of the WebSocket URL (`/ws?token=...`), used when the join has none.
using JoinAuthorizer =
    std::function<JoinVerdict(const protocol::Join& join, std::string_view urlToken)>;

// The STUN/TURN servers for `joined`, with TURN credentials made for `peer` (set when the server
// has --turn-url; the clock lives in the function, so Signaling stays pure).
using IceServersIssuer = std::function<IceServersGrant(std::string_view peer)>;

class Signaling {
public:
  explicit Signaling(SignalingLimits limits, JoinAuthorizer authorizer = {},
                     IceServersIssuer iceServersIssuer = {})
      : limits_(limits), authorizer_(std::move(authorizer)),
        iceServersIssuer_(std::move(iceServersIssuer)), relayRoutes_(limits.maxMessageBytes) {}

  // Handles one text message from `sender`. Replies (joined, pong, error) go to sender.deliver();
  // relayed messages to the addressee only, with `from` set to the sender's peer id.
  void receive(Participant& sender, std::string_view text);

  // The sender's connection ended: leaves its room (the others get peer-left with `reason`)
  // and forgets it. Safe to call for a participant that never joined.
  void disconnect(Participant& participant, protocol::LeaveReason reason);

  // Sends {"type":"error",...} to one participant (also used by the session, e.g. rate-limited).
  void sendError(Participant& participant, protocol::ErrorCode code, std::string message);

  std::size_t roomCount() const { return rooms_.size(); }
  std::size_t peerCount(std::string_view room) const;
  // The peer id of a participant in a room, or "" if it has not joined.
  std::string_view peerIdOf(const Participant& participant) const;

private:
  struct Member {
    std::string peer;
    std::string name;    // display name, told to later joiners in `joined`
    std::string session; // Join::session, told to the others as it is
    Participant* participant;
  };
  struct Room {
    std::string name;
    std::size_t capacity; // fixed by the first joiner, at most limits_.maxPeersPerRoom
    std::vector<Member> members;
  };
  struct Membership {
    Room* room;
    std::string peer;
  };

  void join(Participant& sender, const protocol::Join& join);
  void leave(Participant& sender, protocol::LeaveReason reason);
  // Takes `member` out of `room` without telling the others: its id comes straight back.
  void replace(Room& room, std::vector<Member>::iterator member);
  // Sends `withSender(from)`, the message with the sender's id as `from`, to the addressee
  // `to` of the sender's room, or tells the sender why there is none.
  template <typename Stamp>
  void relay(Participant& sender, std::string_view type, std::string_view to, Stamp withSender);
  void receiveTyped(Participant& sender, std::string_view text);
  // The addressee of a relayed message, or nullptr after telling the sender why there is none.
  const Member* relayTarget(Participant& sender, std::string_view type, std::string_view to,
                            const Membership*& membership);
  void broadcast(const Room& room, const Participant* except, const protocol::Message& message);

  SignalingLimits limits_;
  JoinAuthorizer authorizer_;
  IceServersIssuer iceServersIssuer_;
  RelayRouteReader relayRoutes_;
  std::uint64_t nextPeerNumber_ = 1;
  std::unordered_map<std::string, Room> rooms_;
  std::unordered_map<const Participant*, Membership> memberships_;
};

} // namespace rtclab::server
