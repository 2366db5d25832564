// The rtclab signaling messages: one struct per message type, all in one std::variant.
// The wire format is one JSON object per WebSocket text message, {"type": "...", ...};
// docs/signaling-protocol.md shows each with an example. Fields named as in the W3C API
// (sdp, candidate, sdpMid, sdpMLineIndex) so a lab can put the guide's JavaScript beside it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rtclab/protocol/error_code.hpp"

namespace rtclab::protocol {

inline constexpr int kVersion = 1;

// Limits every parser enforces (the server additionally limits the whole message size).
inline constexpr std::size_t kMaxNameLength = 64;       // room names and peer ids
inline constexpr std::size_t kMaxDisplayNameBytes = 64; // display names ("alice")
inline constexpr std::size_t kMaxSdpBytes = 60 * 1024;
inline constexpr std::size_t kMaxCandidateLength = 2048;
inline constexpr std::size_t kMaxSdpMidLength = 64;
inline constexpr std::size_t kMaxErrorTextLength = 1024;
inline constexpr std::uint32_t kMaxSdpMLineIndex = 65535;
inline constexpr std::size_t kMaxTokenBytes = 1024; // a signed room token (docs/security.md)
// A participant secret (join.secret): 22-128 characters of [A-Za-z0-9_-] (at least 128 bits of
// base64url); the server derives the participant's id from it (docs/signaling-protocol.md).
inline constexpr std::size_t kMinSecretLength = 22;
inline constexpr std::size_t kMaxSecretLength = 128;
inline constexpr std::uint32_t kMaxCapacity = 1000;           // join.capacity
inline constexpr std::size_t kMaxUsernameFragmentBytes = 256; // candidate.usernameFragment
// joined.iceServers (STUN/TURN servers with time-limited credentials, docs/signaling-protocol.md)
inline constexpr std::size_t kMaxIceServers = 8;
inline constexpr std::size_t kMaxIceServerUrls = 8;        // urls of one entry
inline constexpr std::size_t kMaxIceServerUrlBytes = 512;  // one "turn:host:port?transport=udp"
inline constexpr std::size_t kMaxIceCredentialBytes = 512; // username and credential each
// joined.iceServersExpireAt: Unix seconds up to 2^53, the largest integer a JavaScript number
// holds exactly (the wasm client's page reads the same JSON).
inline constexpr std::uint64_t kMaxUnixSeconds = (std::uint64_t{1} << 53);

enum class LeaveReason {
  left,         // "leave": the peer sent leave
  disconnected, // "disconnect": the connection closed
  timeout,      // "timeout": the peer stopped answering WebSocket pings
};
std::string_view toString(LeaveReason reason);
std::optional<LeaveReason> leaveReasonFromString(std::string_view text);

// Session control -----------------------------------------------------------------------------
// A peer of a room: its id (given by the server) and the display name it joined with.
struct PeerInfo {
  std::string id;
  std::string name = {};    // may be "" (none given)
  std::string session = {}; // the page load it joined from ("" = not told): see Join::session
  bool operator==(const PeerInfo&) const = default;
};

// client -> server: enter a room (created on first join). The defaults let `Join{"demo"}` and
// `Join{.room = "demo"}` be written without naming every field.
struct Join {
  std::string room;
  std::string name = {};  // display name shown to the others; optional on the wire ("" = none)
  int version = kVersion; // the protocol version the client speaks; parse() accepts only 1
  std::string token = {}; // a signed room token, when the server requires one ("" = none)
  // A participant identity that outlives connections ("" = none: the server numbers the
  // connection p1, p2, ...). The server derives the peer id from the secret (a hash: the same on
  // every server run, and nobody can claim it without the secret); a join under an id already in
  // the room replaces that member's connection (a reconnect or a reload) instead of adding one.
  std::string secret = {};
  // Which page load of the participant this is (1-64 of [A-Za-z0-9_-]; "" = none): the others
  // keep a call across a reconnect (same session) and replace it after a reload (new session).
  std::string session = {};
  // The room size the joiner expects, e.g. 2 for a 1:1 call (0 = the server's limit). The first
  // joiner sets it for the room; joins past it get room-full.
  std::uint32_t capacity = 0;
  bool operator==(const Join&) const = default;
};
// One STUN or TURN server in the shape of the W3C RTCIceServer (RTCConfiguration.iceServers),
// so a client passes it to new RTCPeerConnection() as it is. STUN entries have no credentials.
struct IceServer {
  std::vector<std::string> urls; // 1-8 of "stun:", "stuns:", "turn:" or "turns:" URLs
  std::string username = {};     // "" = none; TURN: "<expiry>:<peer id>"
  std::string credential = {};   // "" = none; TURN: base64(HMAC-SHA1(secret, username))
  bool operator==(const IceServer&) const = default;
};
struct Joined { // server -> client: you are `peer` (named `name`) in `room`; `peers` were there
  std::string room;
  std::string peer;
  std::string name = {};
  std::vector<PeerInfo> peers = {};
  int version = kVersion;
  // The STUN/TURN servers this participant may use, with TURN credentials made for its peer id
  // (empty, and absent on the wire, when the server has none configured).
  std::vector<IceServer> iceServers = {};
  // When those TURN credentials stop working (Unix seconds); a rejoin gets fresh ones.
  std::optional<std::uint64_t> iceServersExpireAt = {};
  bool operator==(const Joined&) const = default;
};
struct PeerJoined { // server -> others in the room
  std::string peer;
  std::string name = {};
  std::string session = {}; // Join::session of the joiner ("" = not told)
  bool operator==(const PeerJoined&) const = default;
};
struct PeerLeft { // server -> others in the room
  std::string peer;
  LeaveReason reason = LeaveReason::left;
  bool operator==(const PeerLeft&) const = default;
};
struct Leave { // client -> server: leave the room (the connection stays open)
  bool operator==(const Leave&) const = default;
};
struct Ping { // client -> server: application-level liveness check; answered with pong
  std::optional<std::uint32_t> id;
  bool operator==(const Ping&) const = default;
};
struct Pong {
  std::optional<std::uint32_t> id; // echoes the ping's id
  bool operator==(const Pong&) const = default;
};

// Relayed to the peer named in `to`. `from` is stamped by the server with the sender's id
// (whatever the sender wrote there is replaced), so a peer cannot speak for another.
struct Offer { // media metadata: the offerer's SDP
  std::string to;
  std::optional<std::string> from;
  std::string sdp;
  bool operator==(const Offer&) const = default;
};
struct Answer { // media metadata: the answerer's SDP
  std::string to;
  std::optional<std::string> from;
  std::string sdp;
  bool operator==(const Answer&) const = default;
};
struct Candidate { // network data: one ICE candidate (RTCIceCandidateInit fields)
  std::string to;
  std::optional<std::string> from;
  std::string candidate; // "" means end of candidates
  std::optional<std::string> sdpMid;
  std::optional<std::uint32_t> sdpMLineIndex;
  std::optional<std::string> usernameFragment = {}; // the ICE generation it belongs to
  bool operator==(const Candidate&) const = default;
};

// Error messages ------------------------------------------------------------------------------
struct Error { // server -> client
  ErrorCode code = ErrorCode::invalidValue;
  std::string message; // for humans; code is for programs
  bool operator==(const Error&) const = default;
};

using Message = std::variant<Join, Joined, PeerJoined, PeerLeft, Leave, Ping, Pong, Offer, Answer,
                             Candidate, Error>;

// The "type" string of a message, e.g. "peer-joined".
std::string_view typeName(const Message& message);

// Room names and peer ids: 1-64 characters of [A-Za-z0-9_-].
bool isValidName(std::string_view name);

// Participant secrets: kMinSecretLength-kMaxSecretLength characters of [A-Za-z0-9_-].
bool isValidSecret(std::string_view secret);

// ICE server URLs: "stun:", "stuns:", "turn:" or "turns:" followed by 1 or more printable ASCII
// characters without spaces, at most kMaxIceServerUrlBytes in all.
bool isValidIceServerUrl(std::string_view url);

// Display names: 0-64 bytes of valid UTF-8 without control characters (U+0000-U+001F,
// U+007F-U+009F), so a name can be shown in a panel or a log line as it is.
bool isValidDisplayName(std::string_view name);

} // namespace rtclab::protocol
