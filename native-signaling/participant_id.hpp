// A participant's peer id, derived from the secret its join carries (docs/signaling-protocol.md):
//
//   "u-" + the first 20 hex digits of SHA-256("rtclab participant id\n" + secret)
//
// The same secret gives the same id on every server run, so a reconnect, a reload or a server
// restart finds the participant under the id the others know; without the secret nobody can
// produce it. 80 bits of the hash: ids stay short in logs, collisions need ~2^40 participants.
#pragma once

#include <string>
#include <string_view>

namespace rtclab::server {

inline constexpr std::string_view kParticipantIdPrefix = "u-";

// The peer id for `secret` (any bytes; the protocol allows only valid secrets to get here).
std::string participantIdFor(std::string_view secret);

} // namespace rtclab::server
