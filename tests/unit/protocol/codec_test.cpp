// Table-driven tests of the signaling protocol: every message round-trips through JSON text,
// and every kind of malformed input yields a ParseError with the right code (never a crash).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <rtclab/protocol/protocol.hpp>

using namespace rtclab::protocol;

namespace {

// doctest finds our toString() by ADL and expects a doctest::String back, so enum values are
// compared through their wire strings (which also makes failures readable).
std::string wire(ErrorCode code) { return std::string(toString(code)); }

std::vector<Message> everyMessage() {
  return {
      Join{"demo"},
      Joined{"demo", "p3", {"p1", "p2"}, kVersion},
      Joined{"solo_room-1", "p1", {}, kVersion},
      PeerJoined{"p4"},
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
      Error{ErrorCode::roomFull, "room 'demo' already has 16 peers"},
      Error{ErrorCode::rateLimited, "slow down \"please\" \u00e9"},
  };
}

} // namespace

TEST_CASE("every message round-trips through serialize and parse") {
  for (const Message &message : everyMessage()) {
    const std::string text = serialize(message);
    CAPTURE(text);
    ParseResult parsed = parse(text);
    REQUIRE(parsed.ok());
    CHECK(parsed.message() == message);
    CHECK(std::string(typeName(parsed.message())) == std::string(typeName(message)));
  }
}

TEST_CASE("serialized messages start with their type and omit absent optionals") {
  CHECK(serialize(Join{"demo"}) == R"({"type":"join","room":"demo"})");
  CHECK(serialize(Offer{"p2", std::nullopt, "v=0"}) == R"({"type":"offer","to":"p2","sdp":"v=0"})");
  CHECK(serialize(PeerLeft{"p1", LeaveReason::timeout}) ==
        R"({"type":"peer-left","peer":"p1","reason":"timeout"})");
  CHECK(serialize(Error{ErrorCode::unknownPeer, "x"}) ==
        R"({"type":"error","code":"unknown-peer","message":"x"})");
}

TEST_CASE("serialize never throws on invalid UTF-8 inside a string") {
  const std::string text = serialize(Error{ErrorCode::invalidValue, std::string("bad \xff byte")});
  CHECK(parse(text).ok());
}

TEST_CASE("JavaScript-style input: null optionals, extra fields, any field order") {
  ParseResult parsed = parse(
      R"({"sdpMLineIndex":null,"candidate":"candidate:1","to":"p9","type":"candidate","sdpMid":null,"usernameFragment":"abc"})");
  REQUIRE(parsed.ok());
  CHECK(parsed.message() ==
        Message{Candidate{"p9", std::nullopt, "candidate:1", std::nullopt, std::nullopt}});
}

struct MalformedCase {
  const char *name;
  std::string text;
  ErrorCode expected;
};

TEST_CASE("malformed input gives the right error code") {
  const std::string hugeSdp(kMaxSdpBytes + 1, 'a');
  const std::string hugeCandidate(kMaxCandidateLength + 1, 'c');
  const std::string longRoom(kMaxNameLength + 1, 'r');
  const std::string deepNesting = std::string(100000, '[') + std::string(100000, ']');
  const std::vector<MalformedCase> cases{
      {"empty text", "", ErrorCode::notJson},
      {"not JSON", "hello", ErrorCode::notJson},
      {"truncated JSON", R"({"type":"join","room":"de)", ErrorCode::notJson},
      {"trailing garbage", R"({"type":"leave"} x)", ErrorCode::notJson},
      {"invalid UTF-8", "{\"type\":\"join\",\"room\":\"\xff\"}", ErrorCode::notJson},
      {"array", R"(["join","demo"])", ErrorCode::notObject},
      {"string", R"("join")", ErrorCode::notObject},
      {"number", "42", ErrorCode::notObject},
      {"null", "null", ErrorCode::notObject},
      {"deep nesting", deepNesting, ErrorCode::notObject},
      {"no type", R"({"room":"demo"})", ErrorCode::missingField},
      {"type not a string", R"({"type":7})", ErrorCode::wrongType},
      {"unknown type", R"({"type":"ice-candidate"})", ErrorCode::unknownType},
      {"type in wrong case", R"({"type":"JOIN","room":"demo"})", ErrorCode::unknownType},
      {"join without room", R"({"type":"join"})", ErrorCode::missingField},
      {"room not a string", R"({"type":"join","room":5})", ErrorCode::wrongType},
      {"room null", R"({"type":"join","room":null})", ErrorCode::wrongType},
      {"empty room", R"({"type":"join","room":""})", ErrorCode::badRoom},
      {"room with space", R"({"type":"join","room":"my room"})", ErrorCode::badRoom},
      {"room with slash", R"({"type":"join","room":"../x"})", ErrorCode::badRoom},
      {"room too long", R"({"type":"join","room":")" + longRoom + R"("})", ErrorCode::badRoom},
      {"offer without to", R"({"type":"offer","sdp":"v=0"})", ErrorCode::missingField},
      {"offer without sdp", R"({"type":"offer","to":"p1"})", ErrorCode::missingField},
      {"offer sdp object", R"({"type":"offer","to":"p1","sdp":{"type":"offer"}})",
       ErrorCode::wrongType},
      {"offer to bad id", R"({"type":"offer","to":"p 1","sdp":"v=0"})", ErrorCode::badPeerId},
      {"offer from bad id", R"({"type":"offer","to":"p1","from":"","sdp":"v=0"})",
       ErrorCode::badPeerId},
      {"huge sdp", R"({"type":"offer","to":"p1","sdp":")" + hugeSdp + R"("})", ErrorCode::tooLarge},
      {"answer to number", R"({"type":"answer","to":1,"sdp":"v=0"})", ErrorCode::wrongType},
      {"candidate without candidate", R"({"type":"candidate","to":"p1"})", ErrorCode::missingField},
      {"huge candidate", R"({"type":"candidate","to":"p1","candidate":")" + hugeCandidate + R"("})",
       ErrorCode::tooLarge},
      {"negative sdpMLineIndex",
       R"({"type":"candidate","to":"p1","candidate":"c","sdpMLineIndex":-1})",
       ErrorCode::invalidValue},
      {"sdpMLineIndex too big",
       R"({"type":"candidate","to":"p1","candidate":"c","sdpMLineIndex":65536})",
       ErrorCode::invalidValue},
      {"fractional sdpMLineIndex",
       R"({"type":"candidate","to":"p1","candidate":"c","sdpMLineIndex":0.5})",
       ErrorCode::wrongType},
      {"sdpMLineIndex string",
       R"({"type":"candidate","to":"p1","candidate":"c","sdpMLineIndex":"0"})",
       ErrorCode::wrongType},
      {"sdpMid number", R"({"type":"candidate","to":"p1","candidate":"c","sdpMid":0})",
       ErrorCode::wrongType},
      {"ping id negative", R"({"type":"ping","id":-5})", ErrorCode::invalidValue},
      {"ping id too big", R"({"type":"ping","id":4294967296})", ErrorCode::invalidValue},
      {"peer-left unknown reason", R"({"type":"peer-left","peer":"p1","reason":"bored"})",
       ErrorCode::invalidValue},
      {"error unknown code", R"({"type":"error","code":"teapot","message":"x"})",
       ErrorCode::invalidValue},
      {"joined peers not array", R"({"type":"joined","room":"r","peer":"p1","peers":"p2"})",
       ErrorCode::wrongType},
      {"joined peers with number", R"({"type":"joined","room":"r","peer":"p1","peers":[2]})",
       ErrorCode::wrongType},
  };
  for (const MalformedCase &c : cases) {
    CAPTURE(c.name);
    ParseResult parsed = parse(c.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(wire(parsed.error().code) == wire(c.expected));
    CHECK_FALSE(parsed.error().message.empty());
  }
}

TEST_CASE("error codes and leave reasons convert to and from their wire strings") {
  for (int i = 0; i <= static_cast<int>(ErrorCode::rateLimited); ++i) {
    const auto code = static_cast<ErrorCode>(i);
    const std::string name(toString(code));
    CAPTURE(name);
    CHECK(wire(errorCodeFromString(toString(code)).value()) == name);
  }
  CHECK(std::string(toString(ErrorCode::notJson)) == "not-json");
  CHECK(std::string(toString(ErrorCode::unknownPeer)) == "unknown-peer");
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
