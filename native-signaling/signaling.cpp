#include "signaling.hpp"

#include <algorithm>

#include "log.hpp"
#include "participant_id.hpp"

namespace rtclab::server {

using protocol::ErrorCode;
using protocol::LeaveReason;

void Signaling::receive(Participant& sender, std::string_view text) {
  // Most traffic is offers, answers and candidates: routed without the typed parse, which
  // still decides everything else, errors included (relay_route.hpp).
  if (const std::optional<RelayRoute> route = relayRoutes_.read(text)) {
    relay(sender, route->type, route->to,
          [&](std::string_view from) { return protocol::appendFrom(text, from); });
    return;
  }
  receiveTyped(sender, text);
}

void Signaling::receiveTyped(Participant& sender, std::string_view text) {
  protocol::ParseResult parsed = protocol::parse(text);
  if (!parsed) {
    sendError(sender, parsed.error().code, parsed.error().message);
    return;
  }
  std::visit(
      [&](auto& message) {
        using T = std::decay_t<decltype(message)>;
        if constexpr (std::is_same_v<T, protocol::Join>) {
          join(sender, message);
        } else if constexpr (std::is_same_v<T, protocol::Leave>) {
          if (!memberships_.contains(&sender))
            sendError(sender, ErrorCode::notJoined, "not in a room");
          else
            leave(sender, LeaveReason::left);
        } else if constexpr (std::is_same_v<T, protocol::Ping>) {
          sender.deliver(protocol::serialize(protocol::Pong{message.id}));
        } else if constexpr (std::is_same_v<T, protocol::Offer> ||
                             std::is_same_v<T, protocol::Answer> ||
                             std::is_same_v<T, protocol::Candidate>) {
          // withFrom() keeps every field, unknown ones included (the protocol promises they
          // pass through). It declines only text that is not a JSON object, which parse()
          // never accepts: serializing the parsed message is a safety net.
          relay(sender, protocol::typeName(message), message.to, [&](std::string_view from) {
            if (std::optional<std::string> stamped = protocol::withFrom(text, from))
              return std::move(*stamped);
            message.from = std::string(from);
            return protocol::serialize(message);
          });
        } else {
          sendError(sender, ErrorCode::unexpectedType,
                    "only the server sends '" + std::string(protocol::typeName(message)) + "'");
        }
      },
      parsed.message());
}

void Signaling::join(Participant& sender, const protocol::Join& request) {
  if (auto it = memberships_.find(&sender); it != memberships_.end()) {
    sendError(sender, ErrorCode::alreadyJoined,
              "already in room '" + it->second.room->name + "'; send leave first");
    return;
  }
  std::string displayName; // from the room token, which overrides the join's own
  if (authorizer_) {
    JoinVerdict verdict = authorizer_(request, sender.urlToken());
    if (!verdict.allowed) {
      LogLine(LogLevel::warn, "join-refused")
          .field("room", request.room)
          .field("reason", verdict.reason);
      sendError(sender, ErrorCode::badToken,
                "joining room '" + request.room + "' needs a valid room token: " + verdict.reason);
      return;
    }
    displayName = std::move(verdict.name);
  }
  // The id first: a join under an id already in the room takes that member's place, so it
  // must not be refused as one participant too many.
  const bool derived = !request.secret.empty();
  std::string peer = derived ? participantIdFor(request.secret) : std::string();
  auto roomIt = rooms_.find(request.room);
  if (roomIt == rooms_.end()) {
    if (rooms_.size() >= limits_.maxRooms) {
      sendError(sender, ErrorCode::tooManyRooms,
                "the server already has " + std::to_string(limits_.maxRooms) + " rooms");
      return;
    }
    const std::size_t capacity =
        request.capacity == 0 ? limits_.maxPeersPerRoom
                              : std::min<std::size_t>(request.capacity, limits_.maxPeersPerRoom);
    roomIt = rooms_.emplace(request.room, Room{request.room, capacity, {}}).first;
  }
  Room& room = roomIt->second;
  auto previous = std::find_if(room.members.begin(), room.members.end(), [&](const Member& member) {
    return derived && member.peer == peer;
  });
  const bool replacing = previous != room.members.end();
  if (replacing) {
    replace(room, previous);
  } else if (room.members.size() >= room.capacity) {
    sendError(sender, ErrorCode::roomFull,
              "room '" + room.name + "' is full (" + std::to_string(room.members.size()) + " of " +
                  std::to_string(room.capacity) + " participants)");
    return;
  }
  if (!derived)
    peer = "p" + std::to_string(nextPeerNumber_++);

  protocol::Joined joined{.room = room.name,
                          .peer = std::move(peer),
                          .name = displayName.empty() ? request.name : displayName};
  joined.peers.reserve(room.members.size());
  for (const Member& member : room.members)
    joined.peers.push_back(protocol::PeerInfo{member.peer, member.name, member.session});
  // Fresh TURN credentials on every join: a rejoin is how a client renews expired ones.
  if (iceServersIssuer_) {
    IceServersGrant grant = iceServersIssuer_(joined.peer);
    joined.iceServers = std::move(grant.servers);
    if (grant.expiresAt)
      joined.iceServersExpireAt =
          static_cast<std::uint64_t>(std::max<std::int64_t>(0, *grant.expiresAt));
  }

  // After a replacement the others hear peer-joined again, never peer-left: the session tells
  // them whether the page reloaded (a new one) or only the connection came back (the same).
  broadcast(room, nullptr, protocol::PeerJoined{joined.peer, joined.name, request.session});
  room.members.push_back(Member{joined.peer, joined.name, request.session, &sender});
  memberships_.emplace(&sender, Membership{&room, joined.peer});
  LogLine line(LogLevel::info, "join");
  line.field("peer", joined.peer).field("room", room.name).field("peers", room.members.size());
  if (replacing)
    line.field("replaced", "previous-connection");
  if (joined.iceServersExpireAt) // the expiry only: the credential itself is never logged
    line.field("turn-credentials-expire-at", *joined.iceServersExpireAt);
  sender.deliver(protocol::serialize(joined));
}

void Signaling::replace(Room& room, std::vector<Member>::iterator member) {
  Participant& old = *member->participant;
  const std::string peer = member->peer;
  memberships_.erase(&old);
  room.members.erase(member);
  sendError(old, ErrorCode::replaced,
            "participant " + peer + " joined again from another connection");
}

void Signaling::leave(Participant& sender, LeaveReason reason) {
  auto it = memberships_.find(&sender);
  if (it == memberships_.end())
    return;
  Room& room = *it->second.room;
  const std::string peer = std::move(it->second.peer);
  memberships_.erase(it);
  std::erase_if(room.members, [&](const Member& member) { return member.participant == &sender; });
  LogLine(LogLevel::info, "leave")
      .field("peer", peer)
      .field("room", room.name)
      .field("reason", protocol::toString(reason));
  if (room.members.empty()) {
    rooms_.erase(std::string(room.name)); // copy: `room` dies inside erase
    return;
  }
  broadcast(room, nullptr, protocol::PeerLeft{peer, reason});
}

void Signaling::disconnect(Participant& participant, LeaveReason reason) {
  leave(participant, reason);
}

const Signaling::Member* Signaling::relayTarget(Participant& sender, std::string_view type,
                                                std::string_view to,
                                                const Membership*& membership) {
  auto it = memberships_.find(&sender);
  if (it == memberships_.end()) {
    sendError(sender, ErrorCode::notJoined, "join a room before sending " + std::string(type));
    return nullptr;
  }
  membership = &it->second;
  const auto& members = membership->room->members;
  auto target = std::find_if(members.begin(), members.end(),
                             [&](const Member& member) { return member.peer == to; });
  if (target == members.end() || target->participant == &sender) {
    sendError(sender, ErrorCode::unknownPeer,
              "no other peer '" + std::string(to) + "' in room '" + membership->room->name + "'");
    return nullptr;
  }
  if (logEnabled(LogLevel::debug)) {
    LogLine(LogLevel::debug, "relay")
        .field("type", type)
        .field("from", membership->peer)
        .field("to", to);
  }
  return &*target;
}

template <typename Stamp>
void Signaling::relay(Participant& sender, std::string_view type, std::string_view to,
                      Stamp withSender) {
  const Membership* membership = nullptr;
  const Member* target = relayTarget(sender, type, to, membership);
  if (!target)
    return;
  // The server, not the client, says who sent it.
  target->participant->deliver(withSender(std::string_view(membership->peer)));
}

void Signaling::broadcast(const Room& room, const Participant* except,
                          const protocol::Message& message) {
  const std::string text = protocol::serialize(message);
  for (const Member& member : room.members) {
    if (member.participant != except)
      member.participant->deliver(text);
  }
}

void Signaling::sendError(Participant& participant, ErrorCode code, std::string message) {
  std::string_view peer = peerIdOf(participant);
  // Debug only: a client sending garbage would otherwise write a log line per message.
  LogLine(LogLevel::debug, "error-sent")
      .field("code", protocol::toString(code))
      .field("peer", peer.empty() ? "-" : peer)
      .field("detail", message);
  participant.deliver(protocol::serialize(protocol::Error{code, std::move(message)}));
}

std::size_t Signaling::peerCount(std::string_view room) const {
  auto it = rooms_.find(std::string(room));
  return it == rooms_.end() ? 0 : it->second.members.size();
}

std::string_view Signaling::peerIdOf(const Participant& participant) const {
  auto it = memberships_.find(&participant);
  return it == memberships_.end() ? std::string_view{} : std::string_view(it->second.peer);
}

} // namespace rtclab::server
