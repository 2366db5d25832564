// Signed room tokens (docs/security.md): who may join which room, until when. A token is
//
//   v1.<base64url(payload)>.<base64url(HMAC-SHA256(secret, "v1." + base64url(payload)))>
//
// with payload {"room":"demo","name":"alice","exp":1767225600} (name optional, exp in Unix
// seconds). Only a holder of the server's secret can make one; the server checks the MAC in
// constant time (CRYPTO_memcmp), then the expiry and the room. Pure: the time is passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rtclab::server {

struct RoomTokenClaims {
  std::string room;
  std::string name = {};      // display name granted to the holder ("" = the join's own)
  std::int64_t expiresAt = 0; // Unix seconds; the token is valid while now < expiresAt
  bool operator==(const RoomTokenClaims&) const = default;
};

enum class TokenProblem { none, missing, malformed, badSignature, expired, wrongRoom };
// For the client's error message and the log: "expired", "for another room", ...
std::string_view describe(TokenProblem problem);

struct TokenCheck {
  TokenProblem problem = TokenProblem::none;
  RoomTokenClaims claims; // filled only when problem == none
};

std::string makeRoomToken(const RoomTokenClaims& claims, std::string_view secret);
TokenCheck verifyRoomToken(std::string_view token, std::string_view secret, std::string_view room,
                           std::int64_t now);

// The building blocks, exposed for their own tests.
std::string hmacSha256(std::string_view key, std::string_view data); // 32 raw bytes
std::string base64UrlEncode(std::string_view bytes);                 // no padding
std::optional<std::string> base64UrlDecode(std::string_view text);

// "90", "90s", "15m", "1h", "7d" -> seconds; nullopt for anything else or 0.
std::optional<std::int64_t> parseDurationSeconds(std::string_view text);

} // namespace rtclab::server
