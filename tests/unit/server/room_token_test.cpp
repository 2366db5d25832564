// Signed room tokens as pure functions: HMAC-SHA256 against a published vector, base64url, and
// every way a token can be wrong (expired, another room, tampered, another secret, garbage).
#include <doctest/doctest.h>

#include <string>

#include "room_token.hpp"
#include "token_command.hpp"

using namespace rtclab::server;

namespace {

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char byte : bytes) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xF];
  }
  return out;
}

constexpr std::string_view kSecret = "0123456789abcdef-test-secret";
constexpr std::int64_t kNow = 1'800'000'000;

} // namespace

TEST_CASE("HMAC-SHA256 matches RFC 4231 test case 2") {
  CHECK(hex(hmacSha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("base64url round-trips every length and refuses what it never produces") {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    CAPTURE(i);
    const std::string encoded = base64UrlEncode(bytes);
    CHECK(encoded.find_first_of("+/=") == std::string::npos);
    CHECK(base64UrlDecode(encoded) == bytes);
    bytes += static_cast<char>(i * 37 + 200);
  }
  CHECK(base64UrlEncode("\xfb\xff") == "-_8");
  CHECK_FALSE(base64UrlDecode("a"));    // no byte count encodes to one character
  CHECK_FALSE(base64UrlDecode("ab+/")); // standard base64, not base64url
  CHECK_FALSE(base64UrlDecode("ab==")); // no padding
  CHECK_FALSE(base64UrlDecode("-_9"));  // leftover bits must be zero
}

TEST_CASE("a valid token names its room, display name and expiry") {
  const std::string token = makeRoomToken({"demo", "alice", kNow + 3600}, kSecret);
  CHECK(token.starts_with("v1."));
  const TokenCheck check = verifyRoomToken(token, kSecret, "demo", kNow);
  CHECK(check.problem == TokenProblem::none);
  CHECK(check.claims == RoomTokenClaims{"demo", "alice", kNow + 3600});
  // Without a name too.
  CHECK(verifyRoomToken(makeRoomToken({"demo", "", kNow + 1}, kSecret), kSecret, "demo", kNow)
            .problem == TokenProblem::none);
}

TEST_CASE("expired, wrong room, other secret, missing") {
  const std::string token = makeRoomToken({"demo", "", kNow + 60}, kSecret);
  CHECK(verifyRoomToken(token, kSecret, "demo", kNow + 60).problem == TokenProblem::expired);
  CHECK(verifyRoomToken(token, kSecret, "other", kNow).problem == TokenProblem::wrongRoom);
  CHECK(verifyRoomToken(token, "another-secret-of-16", "demo", kNow).problem ==
        TokenProblem::badSignature);
  CHECK(verifyRoomToken("", kSecret, "demo", kNow).problem == TokenProblem::missing);
}

TEST_CASE("a tampered token is refused, wherever the change is") {
  const std::string token = makeRoomToken({"demo", "alice", kNow + 60}, kSecret);
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string tampered = token;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    CAPTURE(tampered);
    CHECK(verifyRoomToken(tampered, kSecret, "demo", kNow).problem != TokenProblem::none);
  }
  // A forged payload for another room, keeping the original MAC.
  const std::string forgedPayload = "v1." + base64UrlEncode(R"({"room":"admin","exp":9999999999})");
  const std::string forged = forgedPayload + token.substr(token.rfind('.'));
  CHECK(verifyRoomToken(forged, kSecret, "admin", kNow).problem == TokenProblem::badSignature);
  for (const char* garbage : {"v1.", "v1..", "v2.abc.def", "x", "v1.abc", "...."})
    CHECK(verifyRoomToken(garbage, kSecret, "demo", kNow).problem != TokenProblem::none);
}

TEST_CASE("a well-signed payload that is not a token's is malformed") {
  const std::string payload = "v1." + base64UrlEncode(R"({"room":"demo","exp":"soon"})");
  const std::string token = payload + "." + base64UrlEncode(hmacSha256(kSecret, payload));
  CHECK(verifyRoomToken(token, kSecret, "demo", kNow).problem == TokenProblem::malformed);
}

TEST_CASE("durations and the token command") {
  CHECK(parseDurationSeconds("90") == 90);
  CHECK(parseDurationSeconds("90s") == 90);
  CHECK(parseDurationSeconds("15m") == 900);
  CHECK(parseDurationSeconds("1h") == 3600);
  CHECK(parseDurationSeconds("7d") == 7 * 86400);
  for (const char* bad : {"", "h", "0", "-1h", "1x", "1.5h", "99999999d"})
    CHECK_FALSE(parseDurationSeconds(bad));

  auto parsed = parseTokenCommand(
      {"--room", "demo", "--ttl", "1h", "--name", "alice", "--token-secret", "s3cret-s3cret-s3"});
  REQUIRE(std::holds_alternative<TokenCommand>(parsed));
  const auto& command = std::get<TokenCommand>(parsed);
  CHECK(command.room == "demo");
  CHECK(command.name == "alice");
  CHECK(command.ttlSeconds == 3600);
  CHECK(std::holds_alternative<OptionsError>(parseTokenCommand({"--ttl", "1h"})));
  CHECK(std::holds_alternative<OptionsError>(parseTokenCommand({"--room", "demo"})));
  CHECK(std::holds_alternative<OptionsError>(
      parseTokenCommand({"--room", "no spaces", "--token-secret", "x"})));
  CHECK(std::holds_alternative<ShowHelp>(parseTokenCommand({"--help"})));
}
