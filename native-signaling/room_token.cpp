#include "room_token.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <rtclab/protocol/messages.hpp>

namespace rtclab::server {
namespace {

constexpr std::string_view kVersionPrefix = "v1.";
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int base64UrlValue(char c) {
  const auto at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

} // namespace

std::string_view describe(TokenProblem problem) {
  switch (problem) {
  case TokenProblem::none:
    return "valid";
  case TokenProblem::missing:
    return "no token given";
  case TokenProblem::malformed:
    return "not a room token";
  case TokenProblem::badSignature:
    return "not signed by this server";
  case TokenProblem::expired:
    return "expired";
  case TokenProblem::wrongRoom:
    return "for another room";
  }
  return "not a room token";
}

std::string hmacSha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}

std::string base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::uint32_t bits = 0;
  int bitCount = 0;
  for (unsigned char byte : bytes) {
    bits = (bits << 8) | byte;
    bitCount += 8;
    while (bitCount >= 6) {
      bitCount -= 6;
      out += kAlphabet[(bits >> bitCount) & 0x3F];
    }
  }
  if (bitCount > 0)
    out += kAlphabet[(bits << (6 - bitCount)) & 0x3F];
  return out;
}

std::optional<std::string> base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1)
    return std::nullopt; // no byte count encodes to this length
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t bits = 0;
  int bitCount = 0;
  for (char c : text) {
    const int value = base64UrlValue(c);
    if (value < 0)
      return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out += static_cast<char>((bits >> bitCount) & 0xFF);
    }
  }
  // Leftover bits must be zero, so each token has exactly one spelling.
  if ((bits & ((1u << bitCount) - 1)) != 0)
    return std::nullopt;
  return out;
}

std::string makeRoomToken(const RoomTokenClaims& claims, std::string_view secret) {
  nlohmann::ordered_json payload{{"room", claims.room}};
  if (!claims.name.empty())
    payload["name"] = claims.name;
  payload["exp"] = claims.expiresAt;
  std::string signedPart(kVersionPrefix);
  signedPart +=
      base64UrlEncode(payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return signedPart + "." + base64UrlEncode(hmacSha256(secret, signedPart));
}

TokenCheck verifyRoomToken(std::string_view token, std::string_view secret, std::string_view room,
                           std::int64_t now) {
  if (token.empty())
    return {TokenProblem::missing, {}};
  const auto dot = token.rfind('.');
  if (!token.starts_with(kVersionPrefix) || dot < kVersionPrefix.size())
    return {TokenProblem::malformed, {}};
  const std::string_view signedPart = token.substr(0, dot);
  const std::optional<std::string> mac = base64UrlDecode(token.substr(dot + 1));
  const std::string expected = hmacSha256(secret, signedPart);
  // Check the MAC before reading anything the token says; compare in constant time, so the
  // time taken tells an attacker nothing about how many bytes of a forged MAC were right.
  if (!mac || mac->size() != expected.size() ||
      CRYPTO_memcmp(mac->data(), expected.data(), expected.size()) != 0)
    return {TokenProblem::badSignature, {}};

  const std::optional<std::string> payloadText =
      base64UrlDecode(signedPart.substr(kVersionPrefix.size()));
  if (!payloadText)
    return {TokenProblem::malformed, {}};
  const auto payload = nlohmann::json::parse(*payloadText, nullptr, false);
  if (payload.is_discarded() || !payload.is_object())
    return {TokenProblem::malformed, {}};
  const auto roomField = payload.find("room");
  const auto expField = payload.find("exp");
  const auto nameField = payload.find("name");
  if (roomField == payload.end() || !roomField->is_string() || expField == payload.end() ||
      !expField->is_number_integer() || (nameField != payload.end() && !nameField->is_string()))
    return {TokenProblem::malformed, {}};
  RoomTokenClaims claims{roomField->get<std::string>(),
                         nameField == payload.end() ? "" : nameField->get<std::string>(),
                         expField->get<std::int64_t>()};
  if (!protocol::isValidDisplayName(claims.name))
    return {TokenProblem::malformed, {}};
  if (now >= claims.expiresAt)
    return {TokenProblem::expired, {}};
  if (claims.room != room)
    return {TokenProblem::wrongRoom, {}};
  return {TokenProblem::none, std::move(claims)};
}

std::optional<std::int64_t> parseDurationSeconds(std::string_view text) {
  std::int64_t unit = 1;
  if (!text.empty()) {
    switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      unit = 0;
    }
    if (unit != 0)
      text.remove_suffix(1);
    else
      unit = 1;
  }
  std::int64_t count = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || count <= 0 ||
      count > 10 * 365 * 86400 / unit)
    return std::nullopt;
  return count * unit;
}

} // namespace rtclab::server
