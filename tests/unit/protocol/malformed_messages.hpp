// Every kind of malformed signaling message, with the error code parse() must answer. Shared by
// the codec's own test and the server's relay fast-path differential test (both must agree).
#pragma once

#include <string>
#include <vector>

#include <rtclab/protocol/protocol.hpp>

namespace rtclab::protocol::testing {

struct MalformedCase {
  const char* name;
  std::string text;
  ErrorCode expected;
};

inline std::vector<MalformedCase> malformedMessages() {
  const std::string hugeSdp(kMaxSdpBytes + 1, 'a');
  const std::string hugeCandidate(kMaxCandidateLength + 1, 'c');
  const std::string longRoom(kMaxNameLength + 1, 'r');
  const std::string longName(kMaxDisplayNameBytes + 1, 'n');
  const std::string deepNesting = std::string(100000, '[') + std::string(100000, ']');
  const auto joinWith = [](const std::string& fields) {
    return R"({"type":"join","room":"r",)" + fields + "}";
  };
  const std::string shortSecret(kMinSecretLength - 1, 's');
  const std::string longSecret(kMaxSecretLength + 1, 's');
  const std::string longSession(kMaxNameLength + 1, 's');
  const std::string longUfrag(kMaxUsernameFragmentBytes + 1, 'u');
  return {
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
      {"joined peers as bare ids (before names)",
       R"({"type":"joined","room":"r","peer":"p1","peers":["p2"]})", ErrorCode::wrongType},
      {"joined peer without id",
       R"({"type":"joined","room":"r","peer":"p1","peers":[{"name":"a"}]})",
       ErrorCode::missingField},
      {"joined peer bad id", R"({"type":"joined","room":"r","peer":"p1","peers":[{"id":"p 2"}]})",
       ErrorCode::badPeerId},
      {"joined peer name number",
       R"({"type":"joined","room":"r","peer":"p1","peers":[{"id":"p2","name":7}]})",
       ErrorCode::wrongType},
      {"joined peer name with newline",
       R"({"type":"joined","room":"r","peer":"p1","peers":[{"id":"p2","name":"a\nb"}]})",
       ErrorCode::badName},
      {"join name not a string", R"({"type":"join","room":"r","name":5})", ErrorCode::wrongType},
      {"join name too long", R"({"type":"join","room":"r","name":")" + longName + R"("})",
       ErrorCode::badName},
      {"join name with tab", R"({"type":"join","room":"r","name":"a\tb"})", ErrorCode::badName},
      {"join name with NUL", R"({"type":"join","room":"r","name":"a\u0000b"})", ErrorCode::badName},
      {"join name with DEL", "{\"type\":\"join\",\"room\":\"r\",\"name\":\"a\x7f\"}",
       ErrorCode::badName},
      {"join name with C1 control", R"({"type":"join","room":"r","name":"a\u0085"})",
       ErrorCode::badName},
      {"peer-joined name with escape", R"({"type":"peer-joined","peer":"p1","name":"\u001b[31m"})",
       ErrorCode::badName},
      {"join version 2", R"({"type":"join","room":"r","version":2})",
       ErrorCode::unsupportedVersion},
      {"join version 0", R"({"type":"join","room":"r","version":0})",
       ErrorCode::unsupportedVersion},
      {"join version -1", R"({"type":"join","room":"r","version":-1})",
       ErrorCode::unsupportedVersion},
      {"join version string", R"({"type":"join","room":"r","version":"1"})", ErrorCode::wrongType},
      {"join version fraction", R"({"type":"join","room":"r","version":1.5})",
       ErrorCode::wrongType},
      {"secret too short", joinWith(R"("secret":")" + shortSecret + R"(")"),
       ErrorCode::invalidValue},
      {"secret too long", joinWith(R"("secret":")" + longSecret + R"(")"), ErrorCode::invalidValue},
      {"secret empty", joinWith(R"("secret":"")"), ErrorCode::invalidValue},
      {"secret with a dot", joinWith(R"("secret":"aaaaaaaaaa.aaaaaaaaaaaaaaaaa")"),
       ErrorCode::invalidValue},
      {"secret with a space", joinWith(R"("secret":"aaaaaaaaaa aaaaaaaaaaaaaaaaa")"),
       ErrorCode::invalidValue},
      {"secret number", joinWith(R"("secret":12345678901234567890123)"), ErrorCode::wrongType},
      {"session empty", joinWith(R"("session":"")"), ErrorCode::invalidValue},
      {"session too long", joinWith(R"("session":")" + longSession + R"(")"),
       ErrorCode::invalidValue},
      {"session with slash", joinWith(R"("session":"a/b")"), ErrorCode::invalidValue},
      {"session number", joinWith(R"("session":7)"), ErrorCode::wrongType},
      {"capacity negative", joinWith(R"("capacity":-1)"), ErrorCode::invalidValue},
      {"capacity over 1000", joinWith(R"("capacity":1001)"), ErrorCode::invalidValue},
      {"capacity fraction", joinWith(R"("capacity":2.5)"), ErrorCode::wrongType},
      {"capacity string", joinWith(R"("capacity":"2")"), ErrorCode::wrongType},
      {"peer-joined session with space", R"({"type":"peer-joined","peer":"p1","session":"a b"})",
       ErrorCode::invalidValue},
      {"joined peer session empty",
       R"({"type":"joined","room":"r","peer":"p1","peers":[{"id":"p2","session":""}]})",
       ErrorCode::invalidValue},
      {"usernameFragment too long",
       R"({"type":"candidate","to":"p1","candidate":"c","usernameFragment":")" + longUfrag +
           R"("})",
       ErrorCode::tooLarge},
      {"usernameFragment number",
       R"({"type":"candidate","to":"p1","candidate":"c","usernameFragment":1})",
       ErrorCode::wrongType},
  };
}

} // namespace rtclab::protocol::testing
