#include "rtclab/protocol/error_code.hpp"

#include <array>
#include <utility>

namespace rtclab::protocol {
namespace {

constexpr std::array<std::pair<ErrorCode, std::string_view>, 20> kNames{{
    {ErrorCode::notJson, "not-json"},
    {ErrorCode::notObject, "not-object"},
    {ErrorCode::missingField, "missing-field"},
    {ErrorCode::wrongType, "wrong-type"},
    {ErrorCode::unknownType, "unknown-type"},
    {ErrorCode::invalidValue, "invalid-value"},
    {ErrorCode::badRoom, "bad-room"},
    {ErrorCode::badPeerId, "bad-peer-id"},
    {ErrorCode::tooLarge, "too-large"},
    {ErrorCode::badName, "bad-name"},
    {ErrorCode::unsupportedVersion, "unsupported-version"},
    {ErrorCode::unexpectedType, "unexpected-type"},
    {ErrorCode::notJoined, "not-joined"},
    {ErrorCode::alreadyJoined, "already-joined"},
    {ErrorCode::roomFull, "room-full"},
    {ErrorCode::tooManyRooms, "too-many-rooms"},
    {ErrorCode::unknownPeer, "unknown-peer"},
    {ErrorCode::rateLimited, "rate-limited"},
    {ErrorCode::badToken, "bad-token"},
    {ErrorCode::replaced, "replaced"},
}};

} // namespace

std::string_view toString(ErrorCode code) {
  for (const auto& [value, name] : kNames) {
    if (value == code)
      return name;
  }
  return "invalid-value";
}

std::optional<ErrorCode> errorCodeFromString(std::string_view text) {
  for (const auto& [value, name] : kNames) {
    if (name == text)
      return value;
  }
  return std::nullopt;
}

} // namespace rtclab::protocol
