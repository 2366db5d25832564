// Joins checked against signed room tokens (room_token.hpp), when the server has a secret.
#pragma once

#include <string>

#include "signaling.hpp"

namespace rtclab::server {

// Empty `secret`: no check (an empty JoinAuthorizer). Otherwise a join needs a valid token for
// its room, in the join message or else in the WebSocket URL; a name in the token becomes the
// joiner's display name. The secret stays inside the returned function and is never logged.
JoinAuthorizer roomTokenAuthorizer(std::string secret);

} // namespace rtclab::server
