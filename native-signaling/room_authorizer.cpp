#include "room_authorizer.hpp"

#include <chrono>

#include "room_token.hpp"

namespace rtclab::server {

JoinAuthorizer roomTokenAuthorizer(std::string secret) {
  if (secret.empty())
    return {};
  return [secret = std::move(secret)](const protocol::Join& join, std::string_view urlToken) {
    const std::string_view token = join.token.empty() ? urlToken : std::string_view(join.token);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    TokenCheck check = verifyRoomToken(token, secret, join.room, now);
    if (check.problem != TokenProblem::none)
      return JoinVerdict{false, std::string(describe(check.problem)), {}};
    return JoinVerdict{true, {}, std::move(check.claims.name)};
  };
}

} // namespace rtclab::server
