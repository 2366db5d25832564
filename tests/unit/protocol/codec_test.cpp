// Table-driven tests of the signaling protocol: every message round-trips through JSON text,
// and every kind of malformed input yields a ParseError with the right code (never a crash).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <rtclab/protocol/protocol.hpp>

#include "malformed_messages.hpp"

using namespace rtclab::protocol;
using rtclab::protocol::testing::MalformedCase;

namespace {

// doctest finds our toString() by ADL and expects a doctest::String back, so enum values are
// compared through their wire strings (which also makes failures readable).
std::string wire(ErrorCode code) { return std::string(toString(code)); }

std::vector<Message> everyMessage() {
  return {
      Join{"demo", "", kVersion},
      Join{"demo", "alice", kVersion},
      Join{"demo", "Zo\u00eb \U0001F600", kVersion}, // non-ASCII and a 4-byte character
      Joined{"demo", "p3", "carol", {{"p1", "alice"}, {"p2", "bob"}}, kVersion},
      Joined{"demo", "p3", "", {{"p1", ""}}, kVersion},
      Joined{"solo_room-1", "p1", "solo", {}, kVersion},
      PeerJoined{"p4", "dave"},
      PeerJoined{"p4", ""},
      PeerLeft{"p2", LeaveReason::left},
      PeerLeft{"p2", LeaveReason::disconnected},
      PeerLeft{"p2", LeaveReason::timeout},
      Leave{},
      Ping{},
      Ping{42},
      Pong{},
      Pong{4294967295u},
      Offer{"p2", std::nullopt, "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"},
      Offer{"p2", "p1", "v=0\r\n"},
      Answer{"p1", "p2", "v=0\r\n"},
      Candidate{"p2", "p1", "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "0", 0},
      Candidate{"p2", std::nullopt, "", std::nullopt, std::nullopt}, // end of candidates
      Candidate{"p2", std::nullopt, "candidate:x", "audio", 65535},
      Join{.room = "demo", .secret = std::string(kMinSecretLength, 'S')},
      Join{.room = "demo",
           .name = "alice",
           .secret = std::string(kMaxSecretLength, '_'),
           .session = "tab-1_a",
           .capacity = 2},
      Join{.room = "demo", .session = std::string(kMaxNameLength, 's')},
      Join{.room = "demo", .capacity = kMaxCapacity},
      Joined{"demo", "u-0123456789abcdef0123", "", {{"u-1", "a", "s1"}, {"p2", "b"}}, kVersion},
      PeerJoined{"u-0123456789abcdef0123", "carol", "s-2"},
      Candidate{"p2", "p1", "candidate:1", "0", 0, "abcd"},
      Candidate{"p2", std::nullopt, "", std::nullopt, std::nullopt, ""},
      Candidate{"p2", std::nullopt, "c", std::nullopt, std::nullopt,
                std::string(kMaxUsernameFragmentBytes, 'u')},
      Error{ErrorCode::replaced, "participant u-1 joined again from another connection"},
      Error{ErrorCode::roomFull, "room 'demo' already has 16 peers"},
      Error{ErrorCode::rateLimited, "slow down \"please\" \u00e9"},
      Joined{.room = "demo",
             .peer = "u-0123456789abcdef0123",
             .iceServers = {{.urls = {"stun:127.0.0.1:3478"}},
                            {.urls = {"turn:127.0.0.1:3478?transport=udp",
                                      "turn:127.0.0.1:3478?transport=tcp"},
                             .username = "1767225600:u-0123456789abcdef0123",
                             .credential = "mPtJIx5yiSk2ZbnlEjgpsZKSG/I="}},
             .iceServersExpireAt = 1767225600},
      Joined{.room = "demo",
             .peer = "p1",
             .iceServers = {{.urls = {std::string("turns:") +
                                      std::string(kMaxIceServerUrlBytes - 6, 'h')}}},
             .iceServersExpireAt = kMaxUnixSeconds},
      Joined{.room = "demo", .peer = "p1", .iceServersExpireAt = 0},
  };
}

} // namespace

TEST_CASE("every message round-trips through serialize and parse") {
  for (const Message& message : everyMessage()) {
    const std::string text = serialize(message);
    CAPTURE(text);
    ParseResult parsed = parse(text);
    REQUIRE(parsed.ok());
    CHECK(parsed.message() == message);
    CHECK(std::string(typeName(parsed.message())) == std::string(typeName(message)));
  }
}

TEST_CASE("serialized messages start with their type and omit absent optionals") {
  CHECK(serialize(Join{"demo"}) == R"({"type":"join","room":"demo","version":1})");
  CHECK(serialize(Join{"demo", "alice"}) ==
        R"({"type":"join","room":"demo","name":"alice","version":1})");
  CHECK(serialize(Joined{"demo", "p3", "carol", {{"p1", "alice"}, {"p2", "bob"}}}) ==
        R"({"type":"joined","room":"demo","peer":"p3","name":"carol",)"
        R"("peers":[{"id":"p1","name":"alice"},{"id":"p2","name":"bob"}],"version":1})");
  CHECK(serialize(PeerJoined{"p3", "carol"}) ==
        R"({"type":"peer-joined","peer":"p3","name":"carol"})");
  CHECK(serialize(Offer{"p2", std::nullopt, "v=0"}) == R"({"type":"offer","to":"p2","sdp":"v=0"})");
  CHECK(serialize(PeerLeft{"p1", LeaveReason::timeout}) ==
        R"({"type":"peer-left","peer":"p1","reason":"timeout"})");
  CHECK(serialize(Error{ErrorCode::unknownPeer, "x"}) ==
        R"({"type":"error","code":"unknown-peer","message":"x"})");
  CHECK(serialize(Candidate{"p2", std::nullopt, "c", "0", 0}) ==
        R"({"type":"candidate","to":"p2","candidate":"c","sdpMid":"0","sdpMLineIndex":0})");
}

TEST_CASE("identity, session, capacity and usernameFragment on the wire, in a fixed order") {
  const std::string secret(kMinSecretLength, 'k');
  CHECK(serialize(Join{.room = "demo",
                       .name = "al",
                       .token = "t",
                       .secret = secret,
                       .session = "s1",
                       .capacity = 2}) ==
        R"({"type":"join","room":"demo","name":"al","version":1,"token":"t","secret":")" + secret +
            R"(","session":"s1","capacity":2})");
  CHECK(serialize(Joined{"demo", "u-1", "", {{"u-2", "b", "s2"}, {"p3", "c"}}}) ==
        R"({"type":"joined","room":"demo","peer":"u-1","name":"",)"
        R"("peers":[{"id":"u-2","name":"b","session":"s2"},{"id":"p3","name":"c"}],"version":1})");
  CHECK(serialize(PeerJoined{"u-2", "b", "s2"}) ==
        R"({"type":"peer-joined","peer":"u-2","name":"b","session":"s2"})");
  CHECK(serialize(Candidate{"p2", std::nullopt, "c", std::nullopt, std::nullopt, "uf"}) ==
        R"({"type":"candidate","to":"p2","candidate":"c","usernameFragment":"uf"})");
  CHECK(serialize(Error{ErrorCode::replaced, "x"}) ==
        R"({"type":"error","code":"replaced","message":"x"})");
}

TEST_CASE("identity fields: absent or null mean none; capacity 0 means the server's limit") {
  CHECK(parse(R"({"type":"join","room":"d","secret":null,"session":null,"capacity":null})")
            .message() == Message{Join{"d"}});
  CHECK(parse(R"({"type":"join","room":"d","capacity":0})").message() == Message{Join{"d"}});
  CHECK(parse(R"({"type":"peer-joined","peer":"p2","session":null})").message() ==
        Message{PeerJoined{"p2", ""}});
  CHECK(parse(R"({"type":"joined","room":"r","peer":"p1","peers":[{"id":"p2","session":null}]})")
            .message() == Message{Joined{"r", "p1", "", {{"p2", ""}}}});
  CHECK(parse(R"({"type":"candidate","to":"p2","candidate":"c","usernameFragment":null})")
            .message() ==
        Message{Candidate{"p2", std::nullopt, "c", std::nullopt, std::nullopt, std::nullopt}});
}

TEST_CASE("joined: iceServers in RTCConfiguration's shape, after version; absent when none") {
  CHECK(serialize(Joined{.room = "demo",
                         .peer = "p1",
                         .iceServers = {{.urls = {"stun:127.0.0.1:3478"}},
                                        {.urls = {"turn:127.0.0.1:3478?transport=udp"},
                                         .username = "1767225600:p1",
                                         .credential = "c2VjcmV0"}},
                         .iceServersExpireAt = 1767225600}) ==
        R"({"type":"joined","room":"demo","peer":"p1","name":"","peers":[],"version":1,)"
        R"("iceServers":[{"urls":["stun:127.0.0.1:3478"]},)"
        R"({"urls":["turn:127.0.0.1:3478?transport=udp"],"username":"1767225600:p1",)"
        R"("credential":"c2VjcmV0"}],"iceServersExpireAt":1767225600})");
  CHECK(serialize(Joined{"demo", "p1"}).find("ice") == std::string::npos);
  // null means none, like every optional field; unknown fields inside an entry are ignored.
  CHECK(parse(R"({"type":"joined","room":"r","peer":"p1","peers":[],"iceServers":null,)"
              R"("iceServersExpireAt":null})")
            .message() == Message{Joined{"r", "p1"}});
  CHECK(parse(R"({"type":"joined","room":"r","peer":"p1","peers":[],"iceServers":[)"
              R"({"urls":["stun:h"],"username":null,"credentialType":"password"}]})")
            .message() == Message{Joined{.room = "r", .peer = "p1", .iceServers = {{{"stun:h"}}}}});
}

TEST_CASE("serialize never throws on invalid UTF-8 inside a string") {
  const std::string text = serialize(Error{ErrorCode::invalidValue, std::string("bad \xff byte")});
  CHECK(parse(text).ok());
}

TEST_CASE("join: name and version are optional; absent or null mean \"\" and 1") {
  CHECK(parse(R"({"type":"join","room":"demo"})").message() == Message{Join{"demo", "", 1}});
  CHECK(parse(R"({"type":"join","room":"demo","name":null,"version":null})").message() ==
        Message{Join{"demo", "", 1}});
  CHECK(parse(R"({"version":1,"name":"bob","room":"demo","type":"join"})").message() ==
        Message{Join{"demo", "bob", 1}});
  CHECK(parse(R"({"type":"peer-joined","peer":"p2"})").message() == Message{PeerJoined{"p2", ""}});
  // A join for a version this code does not speak round-trips to an error, not a Join.
  CHECK(wire(parse(serialize(Join{"demo", "", 2})).error().code) == "unsupported-version");
}

TEST_CASE("JavaScript-style input: null optionals, extra fields, any field order") {
  ParseResult parsed = parse(
      R"({"sdpMLineIndex":null,"candidate":"candidate:1","to":"p9","type":"candidate","sdpMid":null,"usernameFragment":"abc"})");
  REQUIRE(parsed.ok());
  CHECK(parsed.message() ==
        Message{Candidate{"p9", std::nullopt, "candidate:1", std::nullopt, std::nullopt, "abc"}});
}

TEST_CASE("malformed input gives the right error code") {
  const std::vector<MalformedCase> cases = testing::malformedMessages();
  for (const MalformedCase& c : cases) {
    CAPTURE(c.name);
    ParseResult parsed = parse(c.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(wire(parsed.error().code) == wire(c.expected));
    CHECK_FALSE(parsed.error().message.empty());
  }
}

TEST_CASE("joined: malformed iceServers and iceServersExpireAt are refused") {
  const auto joinedWith = [](const std::string& fields) {
    return R"({"type":"joined","room":"r","peer":"p1","peers":[],)" + fields + "}";
  };
  const std::string tooManyServers = [] {
    std::string list = R"({"urls":["stun:h"]})";
    for (std::size_t i = 1; i <= kMaxIceServers; ++i)
      list += R"(,{"urls":["stun:h"]})";
    return "[" + list + "]";
  }();
  const std::string tooManyUrls = [] {
    std::string list = R"("stun:h")";
    for (std::size_t i = 1; i <= kMaxIceServerUrls; ++i)
      list += R"(,"stun:h")";
    return "[" + list + "]";
  }();
  const std::string longUrl = "turn:" + std::string(kMaxIceServerUrlBytes - 4, 'h');
  const std::string longCredential(kMaxIceCredentialBytes + 1, 'c');
  const std::vector<MalformedCase> cases{
      {"iceServers object", joinedWith(R"("iceServers":{"urls":["stun:h"]})"),
       ErrorCode::wrongType},
      {"iceServers of strings", joinedWith(R"("iceServers":["stun:h"])"), ErrorCode::wrongType},
      {"too many iceServers", joinedWith(R"("iceServers":)" + tooManyServers), ErrorCode::tooLarge},
      {"entry without urls", joinedWith(R"("iceServers":[{"username":"u"}])"),
       ErrorCode::missingField},
      {"urls one string", joinedWith(R"("iceServers":[{"urls":"stun:h"}])"), ErrorCode::wrongType},
      {"urls empty", joinedWith(R"("iceServers":[{"urls":[]}])"), ErrorCode::invalidValue},
      {"too many urls", joinedWith(R"("iceServers":[{"urls":)" + tooManyUrls + "}]"),
       ErrorCode::invalidValue},
      {"url number", joinedWith(R"("iceServers":[{"urls":[3478]}])"), ErrorCode::wrongType},
      {"url of another scheme", joinedWith(R"("iceServers":[{"urls":["http://h"]}])"),
       ErrorCode::invalidValue},
      {"url scheme only", joinedWith(R"("iceServers":[{"urls":["turn:"]}])"),
       ErrorCode::invalidValue},
      {"url with space", joinedWith(R"("iceServers":[{"urls":["turn:h 1"]}])"),
       ErrorCode::invalidValue},
      {"url too long", joinedWith(R"("iceServers":[{"urls":[")" + longUrl + R"("]}])"),
       ErrorCode::tooLarge},
      {"username number", joinedWith(R"("iceServers":[{"urls":["turn:h"],"username":1}])"),
       ErrorCode::wrongType},
      {"credential too long",
       joinedWith(R"("iceServers":[{"urls":["turn:h"],"credential":")" + longCredential + R"("}])"),
       ErrorCode::tooLarge},
      {"expiry string", joinedWith(R"("iceServersExpireAt":"1767225600")"), ErrorCode::wrongType},
      {"expiry fraction", joinedWith(R"("iceServersExpireAt":1.5)"), ErrorCode::wrongType},
      {"expiry negative", joinedWith(R"("iceServersExpireAt":-1)"), ErrorCode::invalidValue},
      {"expiry past 2^53", joinedWith(R"("iceServersExpireAt":9007199254740993)"),
       ErrorCode::invalidValue},
  };
  for (const MalformedCase& c : cases) {
    CAPTURE(c.name);
    ParseResult parsed = parse(c.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(wire(parsed.error().code) == wire(c.expected));
    CHECK_FALSE(parsed.error().message.empty());
  }
}

TEST_CASE("error codes and leave reasons convert to and from their wire strings") {
  CHECK(errorCodeFromString("unsupported-version") == ErrorCode::unsupportedVersion);
  CHECK(errorCodeFromString("bad-name") == ErrorCode::badName);
  for (int i = 0; i <= static_cast<int>(ErrorCode::replaced); ++i) {
    const auto code = static_cast<ErrorCode>(i);
    const std::string name(toString(code));
    CAPTURE(name);
    CHECK(wire(errorCodeFromString(toString(code)).value()) == name);
  }
  CHECK(std::string(toString(ErrorCode::notJson)) == "not-json");
  CHECK(std::string(toString(ErrorCode::unknownPeer)) == "unknown-peer");
  CHECK(std::string(toString(ErrorCode::replaced)) == "replaced");
  CHECK_FALSE(errorCodeFromString("nope").has_value());
  CHECK(std::string(toString(LeaveReason::timeout)) == "timeout");
  CHECK((leaveReasonFromString("disconnect") == LeaveReason::disconnected));
}

TEST_CASE("names: 1-64 characters of [A-Za-z0-9_-]") {
  CHECK(isValidName("demo"));
  CHECK(isValidName("Room_1-a"));
  CHECK(isValidName(std::string(kMaxNameLength, 'x')));
  CHECK_FALSE(isValidName(""));
  CHECK_FALSE(isValidName(std::string(kMaxNameLength + 1, 'x')));
  CHECK_FALSE(isValidName("a.b"));
  CHECK_FALSE(isValidName("caf\xc3\xa9"));
}

TEST_CASE("secrets: 22-128 characters of [A-Za-z0-9_-]") {
  CHECK(isValidSecret(std::string(kMinSecretLength, 'a')));
  CHECK(isValidSecret(std::string(kMaxSecretLength, '-')));
  CHECK(isValidSecret("AZaz09_-AZaz09_-AZaz09"));
  CHECK_FALSE(isValidSecret(std::string(kMinSecretLength - 1, 'a')));
  CHECK_FALSE(isValidSecret(std::string(kMaxSecretLength + 1, 'a')));
  CHECK_FALSE(isValidSecret(std::string(kMinSecretLength, 'a') + "="));
  CHECK_FALSE(isValidSecret(""));
}

TEST_CASE("display names: 0-64 bytes of UTF-8 without control characters") {
  CHECK(isValidDisplayName(""));
  CHECK(isValidDisplayName("alice"));
  CHECK(
      isValidDisplayName("Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80")); // 2-, 3-, 4-byte
  CHECK(isValidDisplayName(std::string(kMaxDisplayNameBytes, 'x')));
  CHECK(isValidDisplayName("\xf4\x8f\xbf\xbf")); // U+10FFFF, the last code point
  CHECK_FALSE(isValidDisplayName(std::string(kMaxDisplayNameBytes + 1, 'x')));
  CHECK_FALSE(isValidDisplayName("a\nb"));
  CHECK_FALSE(isValidDisplayName(std::string("a\0b", 3)));
  CHECK_FALSE(isValidDisplayName("\x7f"));
  CHECK_FALSE(isValidDisplayName("\xc2\x85"));         // U+0085, a C1 control
  CHECK_FALSE(isValidDisplayName("\xff"));             // never valid in UTF-8
  CHECK_FALSE(isValidDisplayName("\xc3"));             // truncated sequence
  CHECK_FALSE(isValidDisplayName("\xc0\xaf"));         // overlong '/'
  CHECK_FALSE(isValidDisplayName("\xed\xa0\x80"));     // a UTF-16 surrogate
  CHECK_FALSE(isValidDisplayName("\xf4\x90\x80\x80")); // above U+10FFFF
  CHECK_FALSE(isValidDisplayName("\x80"));             // a continuation byte first
}

TEST_CASE("withFrom adds the sender's id and keeps everything else, or declines") {
  const std::string offer = R"({"type":"offer","to":"p2","sdp":"v=0\r\n","x-extra":[1,{"a":2}]})";
  const auto stamped = withFrom(offer, "p1");
  REQUIRE(stamped.has_value());
  CHECK(*stamped ==
        R"({"type":"offer","to":"p2","sdp":"v=0\r\n","x-extra":[1,{"a":2}],"from":"p1"})");
  CHECK(parse(*stamped).message() == Message{Offer{"p2", "p1", "v=0\r\n"}});
  // Whitespace around and inside the object is kept; the result is still one valid message.
  const auto spaced = withFrom(" { \"type\" : \"answer\", \"to\":\"p1\", \"sdp\":\"s\" }\n", "p9");
  REQUIRE(spaced.has_value());
  CHECK(parse(*spaced).message() == Message{Answer{"p1", "p9", "s"}});
  CHECK_FALSE(withFrom(R"(["not","an","object"])", "p1"));
  // The parser stops at a NUL; a '}' after it must not be taken for the object's end (found by
  // the protocol fuzzer: the inserted from was lost behind the NUL).
  const std::string afterNul(" {\"type\":\"offer\",\"to\":\"p1\",\"sdp\":\"x\"} \n\0\0} ", 43);
  REQUIRE(parse(afterNul).ok());
  const auto nulStamped = withFrom(afterNul, "p9");
  REQUIRE(nulStamped.has_value());
  CHECK(parse(*nulStamped).message() == Message{Offer{"p1", "p9", "x"}});
}

TEST_CASE("withFrom: where the object's closing brace is, the result is the message plus from") {
  // Each row is a valid message whose last '}' is not simply "the end of the text", or whose
  // last field ends in a brace of its own. The stamped text must parse to the same fields with
  // the server's from, whichever path (insert before the brace, or rebuild) withFrom took.
  const std::string texts[] = {
      R"({"type":"offer","to":"p2","sdp":"x"}   )",
      "{\"type\":\"offer\",\"to\":\"p2\",\"sdp\":\"x\"}\r\n\t ",
      "\n {\"type\":\"offer\",\"to\":\"p2\",\"sdp\":\"x\"}",
      R"({"type":"offer","to":"p2","sdp":"}"})",
      R"({"type":"offer","to":"p2","sdp":"a\"}"})",
      R"({"type":"offer","to":"p2","sdp":"x","x":{}})",
      R"({"type":"offer","to":"p2","sdp":"x","x":{"a":"}"}})",
      R"({"type":"offer","to":"p2","sdp":"x","x":[{},{"b":[]}]})",
      R"({"type":"answer","to":"p2","sdp":"caf)"
      "\xc3\xa9"
      R"("})",
      R"({"type":"candidate","to":"p2","candidate":"","sdpMid":"0","sdpMLineIndex":0})",
      std::string(R"({"type":"offer","to":"p2","sdp":"x"} )") + '\0' + "}",
  };
  for (const std::string& text : texts) {
    CAPTURE(text);
    REQUIRE(parse(text).ok());
    const auto stamped = withFrom(text, "p1");
    REQUIRE(stamped.has_value());
    const ParseResult reparsed = parse(*stamped);
    REQUIRE(reparsed.ok());
    auto stampedJson = nlohmann::json::parse(*stamped);
    CHECK(stampedJson.at("from") == "p1");
    stampedJson.erase("from");
    // The original's fields, up to where the parser stopped (the NUL row ends there).
    const std::string_view untilNul(text.c_str());
    CHECK(stampedJson == nlohmann::json::parse(untilNul));
  }
  // Texts that are not one message stay not one message: no brace is invented.
  for (const std::string_view broken :
       {R"({"type":"offer","to":"p2","sdp":"x"} })", R"({"type":"offer","to":"p2","sdp":"x")",
        R"({"type":"offer","to":"p2","sdp":"x"}})", "}"}) {
    CAPTURE(broken);
    REQUIRE_FALSE(parse(broken).ok());
    const auto stamped = withFrom(broken, "p1");
    CHECK((!stamped || !parse(*stamped).ok()));
  }
}

TEST_CASE("withFrom replaces a sender's own from and keeps unknown fields in every case") {
  // Each text contains `from` or a \u escape somewhere, which sends it down the rebuild path.
  const std::string texts[] = {
      R"({"type":"offer","to":"p2","sdp":"a=x-note:from here","x":1})",
      R"({"type":"offer","to":"p2","from":"p2","sdp":"s","x":1})",
      R"({"type":"offer","to":"p2","from":null,"sdp":"s","x":1})",
      R"({"type":"offer","to":"p2","fr\u006fm":"p2","sdp":"s","x":1})",
      R"({"type":"offer","to":"p2","sdp":"caf\u00e9","x":1})",
  };
  for (const std::string& text : texts) {
    CAPTURE(text);
    const auto stamped = withFrom(text, "p1");
    REQUIRE(stamped.has_value());
    const auto json = nlohmann::json::parse(*stamped);
    CHECK(json.at("from") == "p1");
    CHECK(json.at("x") == 1);
    CHECK(json.at("to") == "p2");
  }
  // A field holding "from" sends the text down the rebuild path, which keeps the field:
  // here a usernameFragment.
  const auto candidate = withFrom(
      R"({"type":"candidate","to":"p2","candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host",)"
      R"("sdpMid":"0","usernameFragment":"from1"})",
      "p1");
  REQUIRE(candidate.has_value());
  CHECK(nlohmann::json::parse(*candidate).at("usernameFragment") == "from1");
  CHECK_FALSE(withFrom(R"({"type":"offer","to":"p2","sdp":"x"})", "not valid"));
}
