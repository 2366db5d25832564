// TURN REST credentials (turn_credentials.hpp): the HMAC-SHA1 and base64 they are made of,
// checked against RFC 2202's published vectors, and the username and expiry coturn reads.
#include <doctest/doctest.h>

#include <string>

#include "turn_credentials.hpp"

using namespace rtclab::server;
namespace protocol = rtclab::protocol;

namespace {

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char byte : bytes) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0x0F];
  }
  return out;
}

} // namespace

TEST_CASE("HMAC-SHA1: RFC 2202 test cases 1 and 2, raw and through base64") {
  // Test case 2: a key shorter than the block, readable text.
  const std::string jefe = hmacSha1("Jefe", "what do ya want for nothing?");
  CHECK(hex(jefe) == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  CHECK(base64Encode(jefe) == "7/zfauXrL6LSdBbV8YTfnCWafHk=");
  // Test case 1: 20 bytes of 0x0b.
  const std::string hiThere = hmacSha1(std::string(20, '\x0b'), "Hi There");
  CHECK(hex(hiThere) == "b617318655057264e28bc0b6fb378c8ef146be00");
  CHECK(base64Encode(hiThere) == "thcxhlUFcmTii8C2+zeMjvFGvgA=");
}

TEST_CASE("base64: the standard alphabet with padding (RFC 4648 test vectors)") {
  CHECK(base64Encode("") == "");
  CHECK(base64Encode("f") == "Zg==");
  CHECK(base64Encode("fo") == "Zm8=");
  CHECK(base64Encode("foo") == "Zm9v");
  CHECK(base64Encode("foob") == "Zm9vYg==");
  CHECK(base64Encode("fooba") == "Zm9vYmE=");
  CHECK(base64Encode("foobar") == "Zm9vYmFy");
  CHECK(base64Encode(std::string("\xfb\xff", 2)) == "+/8="); // '+' and '/', not base64url
}

TEST_CASE("a credential: username \"<expiry>:<peer>\", expiry now + lifetime") {
  const TurnCredential credential =
      issueTurnCredential("0123456789abcdef-turn", "u-0123456789abcdef0123", 1767222000, 3600);
  CHECK(credential.expiresAt == 1767225600);
  CHECK(credential.username == "1767225600:u-0123456789abcdef0123");
  // Computed independently (Python's hmac + base64) for this secret and username.
  CHECK(credential.credential == "x+7PHZQyoUogfiOG2+x0P9G4UkQ=");
  CHECK(credential.credential ==
        base64Encode(hmacSha1("0123456789abcdef-turn", credential.username)));
  // Another secret, another peer or another time: another credential.
  CHECK(
      issueTurnCredential("other-secret", "u-0123456789abcdef0123", 1767222000, 3600).credential !=
      credential.credential);
  CHECK(issueTurnCredential("0123456789abcdef-turn", "p2", 1767222000, 3600).credential !=
        credential.credential);
  CHECK(issueTurnCredential("0123456789abcdef-turn", "u-0123456789abcdef0123", 1767222001, 3600)
            .username == "1767225601:u-0123456789abcdef0123");
  CHECK(issueTurnCredential("s", "p1", 100, 1).expiresAt == 101); // the shortest lifetime
}

TEST_CASE("ICE URLs: stun and turn schemes, nothing else") {
  CHECK(iceUrlKind("stun:127.0.0.1:3478") == IceUrlKind::stun);
  CHECK(iceUrlKind("stuns:example.org") == IceUrlKind::stun);
  CHECK(iceUrlKind("turn:127.0.0.1:3478?transport=udp") == IceUrlKind::turn);
  CHECK(iceUrlKind("turns:example.org:5349?transport=tcp") == IceUrlKind::turn);
  for (const char* bad : {"", "turn:", "stun:", "http://127.0.0.1", "TURN:h", "turn:h h",
                          "turn 127.0.0.1", "turn:\x01"}) {
    CAPTURE(bad);
    CHECK(iceUrlKind(bad) == IceUrlKind::invalid);
  }
}

TEST_CASE("the grant: one stun entry without credentials, one turn entry with them") {
  const TurnSettings settings{{"stun:127.0.0.1:3478", "turn:127.0.0.1:3478?transport=udp",
                               "turn:127.0.0.1:3478?transport=tcp"},
                              "shared-secret-0123456789",
                              600};
  const IceServersGrant grant = grantIceServers(settings, "p7", 1000);
  REQUIRE(grant.servers.size() == 2);
  CHECK(grant.servers[0] == protocol::IceServer{{"stun:127.0.0.1:3478"}});
  CHECK(grant.servers[1].urls == std::vector<std::string>{"turn:127.0.0.1:3478?transport=udp",
                                                          "turn:127.0.0.1:3478?transport=tcp"});
  CHECK(grant.servers[1].username == "1600:p7");
  CHECK(grant.servers[1].credential ==
        base64Encode(hmacSha1("shared-secret-0123456789", "1600:p7")));
  CHECK(grant.expiresAt == 1600);

  // STUN only: nothing to expire.
  const IceServersGrant stunOnly = grantIceServers({{"stun:127.0.0.1:3478"}, "", 600}, "p7", 1000);
  CHECK(stunOnly == IceServersGrant{{protocol::IceServer{{"stun:127.0.0.1:3478"}}}, std::nullopt});
  // Nothing configured: nothing granted (joined then has no iceServers field).
  CHECK(grantIceServers({}, "p7", 1000) == IceServersGrant{});
}
