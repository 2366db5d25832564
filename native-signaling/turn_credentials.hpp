// Time-limited TURN credentials, the "TURN REST API" scheme coturn checks with
// `use-auth-secret` (draft-uberti-behave-turn-rest-00): rtclab-server and coturn share a secret;
// for each participant the server hands out
//
//   username   = "<expiry, Unix seconds>:<peer id>"
//   credential = base64(HMAC-SHA1(secret, username))
//
// coturn recomputes the credential from the username it is given, so it needs no list of users,
// and refuses it once the expiry has passed. A page never holds a long-lived password: a leaked
// credential is worth at most one lifetime. Pure: the time is passed in (docs/security.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rtclab/protocol/messages.hpp>

namespace rtclab::server {

struct TurnCredential {
  std::string username;       // "1767225600:u-4370e25f86e6425461da"
  std::string credential;     // base64 (with padding) of the 20-byte HMAC-SHA1
  std::int64_t expiresAt = 0; // Unix seconds, the number the username starts with
  bool operator==(const TurnCredential&) const = default;
};

// A credential for `peer` valid `lifetimeSeconds` from `now` (Unix seconds).
TurnCredential issueTurnCredential(std::string_view secret, std::string_view peer, std::int64_t now,
                                   std::int64_t lifetimeSeconds);

// What the server was told by --turn-url / --turn-secret-file / --turn-credential-lifetime.
struct TurnSettings {
  std::vector<std::string> urls; // stun:, stuns:, turn:, turns: URLs, in the order given
  std::string secret;            // shared with coturn's static-auth-secret; "" = no turn: URLs
  std::int64_t credentialLifetimeSeconds = 3600;
};

// What `joined` carries for one participant: one entry with the stun: URLs (STUN needs no
// credentials) and one with the turn: URLs and a fresh credential for `peer`, each left out
// when it has no URLs. expiresAt is set when a credential was issued.
struct IceServersGrant {
  std::vector<protocol::IceServer> servers;
  std::optional<std::int64_t> expiresAt;
  bool operator==(const IceServersGrant&) const = default;
};
IceServersGrant grantIceServers(const TurnSettings& settings, std::string_view peer,
                                std::int64_t now);

// "stun:" / "stuns:" URLs need no credential, "turn:" / "turns:" URLs do; anything else is not
// an ICE server URL (RTCPeerConnection would throw SyntaxError on it).
enum class IceUrlKind { stun, turn, invalid };
IceUrlKind iceUrlKind(std::string_view url);

// The building blocks, exposed for their own tests (RFC 2202 vectors).
std::string hmacSha1(std::string_view key, std::string_view data); // 20 raw bytes
std::string base64Encode(std::string_view bytes);                  // standard alphabet, padded

} // namespace rtclab::server
