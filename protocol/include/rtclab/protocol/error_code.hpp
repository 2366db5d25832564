// Error codes of the rtclab signaling protocol, sent as {"type":"error","code":"<string>"}.
// docs/signaling-protocol.md explains each one; toString() gives the wire string.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace rtclab::protocol {

enum class ErrorCode {
  // The text is not a valid message (returned by parse()).
  notJson,      // "not-json": not JSON text at all
  notObject,    // "not-object": JSON, but not an object
  missingField, // "missing-field": a required field is absent
  wrongType,    // "wrong-type": a field has the wrong JSON type
  unknownType,  // "unknown-type": "type" names no message of this protocol
  invalidValue, // "invalid-value": right type, impossible value (e.g. sdpMLineIndex < 0)
  badRoom,      // "bad-room": room name is not 1-64 of [A-Za-z0-9_-]
  badPeerId,    // "bad-peer-id": peer id is not 1-64 of [A-Za-z0-9_-]
  tooLarge,     // "too-large": a string field is over its limit
  badName,      // "bad-name": display name is not 0-64 bytes of UTF-8 without control characters
  unsupportedVersion, // "unsupported-version": join asks for a protocol version other than 1
  // The message is valid but not acceptable now (sent by the server).
  unexpectedType, // "unexpected-type": only the server sends this type
  notJoined,      // "not-joined": join a room first
  alreadyJoined,  // "already-joined": leave before joining again
  roomFull,       // "room-full": the room has --max-peers-per-room peers
  tooManyRooms,   // "too-many-rooms": the server has --max-rooms rooms
  unknownPeer,    // "unknown-peer": "to" names no other peer in your room
  rateLimited,    // "rate-limited": over --max-messages-per-second; the message was dropped
  badToken,       // "bad-token": the server requires a room token; this one is missing,
                  // expired, for another room or not signed by the server's secret
  replaced,       // "replaced": the same participant (join.secret) joined again from another
                  // connection, which now holds its place in the room; do not rejoin
};

std::string_view toString(ErrorCode code);
std::optional<ErrorCode> errorCodeFromString(std::string_view text);

// WebSocket close codes the server uses (RFC 6455 section 7.4.1).
enum class CloseCode : std::uint16_t {
  normal = 1000,          // the client or server ended the session on purpose
  goingAway = 1001,       // the server is shutting down
  policyViolation = 1008, // kept flooding past the rate limit
  messageTooBig = 1009,   // a message over --max-message-bytes
};

} // namespace rtclab::protocol
