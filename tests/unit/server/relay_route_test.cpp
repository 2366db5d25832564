// The relay fast path (relay_route.hpp) against the typed parser, on the same inputs: the fuzz
// corpus, the codec's malformed-message table and the texts below, chosen where simdjson and
// nlohmann/json could disagree. For every input the server's verdict (relay this type to this
// peer, or answer this error code) must be the one the typed parser alone gives.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <rtclab/protocol/protocol.hpp>

#include "malformed_messages.hpp"
#include "relay_route.hpp"

using namespace rtclab::server;
namespace protocol = rtclab::protocol;

namespace {

// What the server does with one text from a participant who has joined.
struct Verdict {
  std::string relayType; // "" when not relayed as it is
  std::string to;
  std::string errorCode; // "" when accepted
  bool operator==(const Verdict&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Verdict& verdict) {
  return out << "{relay '" << verdict.relayType << "' to '" << verdict.to << "', error '"
             << verdict.errorCode << "'}";
}

// The typed parser alone: what the server did before the fast path.
Verdict typedVerdict(const std::string& text) {
  const protocol::ParseResult parsed = protocol::parse(text);
  if (!parsed)
    return {"", "", std::string(protocol::toString(parsed.error().code))};
  Verdict verdict;
  std::visit(
      [&](const auto& message) {
        if constexpr (requires { message.to; }) {
          verdict.relayType = protocol::typeName(message);
          verdict.to = message.to;
        }
      },
      parsed.message());
  return verdict;
}

// The server's order: the fast path's route when it gives one, else the typed parser.
Verdict serverVerdict(RelayRouteReader& reader, const std::string& text) {
  if (const auto route = reader.read(text))
    return {std::string(route->type), std::string(route->to), ""};
  return typedVerdict(text);
}

std::vector<std::string> corpus() {
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(RTCLAB_PROTOCOL_CORPUS)) {
    std::ifstream file(entry.path(), std::ios::binary);
    texts.emplace_back(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  return texts;
}

// Where a validating SIMD parser and nlohmann/json could part ways, and what the fast path
// must not take for a relay: each is compared, whatever its verdict.
std::vector<std::string> edgeCases() {
  const std::string offerStart = R"({"type":"offer","to":"p1","sdp":")";
  const std::string candidateStart = R"({"type":"candidate","to":"p1","candidate":"c",)";
  return {
      offerStart + std::string(protocol::kMaxSdpBytes, 's') + R"("})",
      offerStart + std::string(protocol::kMaxSdpBytes + 1, 's') + R"("})",
      offerStart + R"(v=0\r\n\"quoted\"\\ \/ \b\f\t"})",
      offerStart + "raw\ncontrol\"}",
      offerStart + "\xc3\x28\"}",        // invalid UTF-8
      offerStart + "\xed\xa0\x80\"}",    // an encoded surrogate
      offerStart + R"(\ud800"})",        // a lone surrogate escape
      offerStart + R"(x","n":1e400})",   // overflows a double
      offerStart + R"(x","n":-1e-400})", // underflows to zero
      offerStart + R"(x","n":123456789012345678901234567890})",
      offerStart + R"(x","n":-0,"m":01})",
      offerStart + R"(x","n":1.})",
      offerStart + R"(x","n":[1,{"a":[true,false,null]}]})",
      offerStart + R"(x","n":nul})",
      offerStart + R"(x","n":tru})",
      offerStart + R"(x","deep":)" + std::string(2000, '[') + std::string(2000, ']') + "}",
      offerStart + R"(x"} x)",
      offerStart + R"(x"}])",
      offerStart + R"(x"}  )" + "\n",
      offerStart + R"(x"})" + std::string(1, '\0'),
      offerStart + R"(x",})",
      offerStart + R"(x")",
      R"({"sdp":"x","to":"p1","type":"offer"})", // type last
      R"({"type":"offer","to":"p1","sdp":"x","type":"answer"})",
      R"({"type":"offer","to":"p1","to":"p2","sdp":"x"})",
      R"({"type":"offer","to":"p1","sdp":"x","nested":{"type":"join","to":"p 2"}})",
      R"({"type":"offer","to":"p1","sdp":"x","t\"ype":"join"})",
      R"({"type":"offer","to":"p1","sdp":"x","from":"me"})",
      R"({"type":"offer","to":"p1","sdp":"x","fr\u006fm":"me"})",
      R"({"type":"off\u0065r","to":"p1","sdp":"x"})",
      R"({"type":"answer","to":"p1-_Z9","sdp":""})",
      R"({"type":"answer","to":"p1","sdp":null})",
      R"({"type":"answer","to":"","sdp":"x"})",
      R"({"type":"answer","to":"p1","sdp":"x","sdpMLineIndex":-1})", // not a candidate field
      candidateStart + R"("sdpMLineIndex":0})",
      candidateStart + R"("sdpMLineIndex":65535})",
      candidateStart + R"("sdpMLineIndex":65536})",
      candidateStart + R"("sdpMLineIndex":-0})",
      candidateStart + R"("sdpMLineIndex":1.0})",
      candidateStart + R"("sdpMLineIndex":1e2})",
      candidateStart + R"("sdpMLineIndex":18446744073709551615})",
      candidateStart + R"("sdpMLineIndex":null,"sdpMid":null,"usernameFragment":null})",
      candidateStart + R"("sdpMid":")" + std::string(protocol::kMaxSdpMidLength + 1, 'm') + R"("})",
      candidateStart + R"("sdpMid":true})",
      candidateStart + R"("usernameFragment":")" +
          std::string(protocol::kMaxUsernameFragmentBytes, 'u') + R"("})",
      R"({"type":"candidate","to":"p1","candidate":"c","sdp":7})", // not an offer field
      R"({"type":"candidate","to":"p1","sdpMid":"0"})",
      "\xef\xbb\xbf" + offerStart + R"(x"})", // a byte order mark
      " \t\r\n" + offerStart + R"(x"})",
      R"({"type":"join","room":"r"})",
      R"({"type":"ping"})",
      "{}",
      "",
  };
}

// Inputs the fast path must route itself: the traffic it exists for.
std::vector<std::string> relayedTraffic() {
  return {
      R"({"type":"offer","to":"p1","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"})",
      R"({"type":"answer","to":"p2","sdp":"v=0\r\n","extra":{"kept":[1,2.5,"x",null]}})",
      R"({"type":"candidate","to":"p3","candidate":"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"abcd"})",
      R"({"sdpMLineIndex":null,"candidate":"","to":"p9","type":"candidate","sdpMid":null})",
      " {\"type\":\"offer\",\"to\":\"p1\",\"sdp\":\"x\"}\n",
  };
}

void checkAgrees(RelayRouteReader& reader, const std::string& text) {
  CAPTURE(text.substr(0, 200));
  const Verdict typed = typedVerdict(text);
  CHECK(serverVerdict(reader, text) == typed);
  if (const auto route = reader.read(text)) {
    // Routed text is stamped in place: the typed message has no `from` of its own, and the
    // stamped text is that message from the sender.
    const protocol::ParseResult parsed = protocol::parse(text);
    REQUIRE(parsed.ok());
    protocol::Message expected = parsed.message();
    std::visit(
        [](auto& message) {
          if constexpr (requires { message.from; }) {
            CHECK_FALSE(message.from.has_value());
            message.from = "sender_1";
          }
        },
        expected);
    const protocol::ParseResult delivered = protocol::parse(protocol::appendFrom(text, "sender_1"));
    REQUIRE(delivered.ok());
    CHECK(delivered.message() == expected);
  }
}

} // namespace

TEST_CASE("relay fast path: same verdict as the typed parser on the fuzz corpus") {
  RelayRouteReader reader;
  const std::vector<std::string> texts = corpus();
  REQUIRE(texts.size() >= 20);
  for (const std::string& text : texts)
    checkAgrees(reader, text);
}

TEST_CASE("relay fast path: same verdict and error code on every malformed message") {
  RelayRouteReader reader;
  for (const auto& malformed : protocol::testing::malformedMessages()) {
    CAPTURE(malformed.name);
    CHECK_FALSE(reader.read(malformed.text).has_value());
    checkAgrees(reader, malformed.text);
    CHECK(serverVerdict(reader, malformed.text).errorCode ==
          protocol::toString(malformed.expected));
  }
}

TEST_CASE("relay fast path: same verdict where a SIMD parser and nlohmann/json could differ") {
  RelayRouteReader reader;
  for (const std::string& text : edgeCases())
    checkAgrees(reader, text);
}

TEST_CASE("relay fast path: routes offers, answers and candidates itself") {
  RelayRouteReader reader;
  for (const std::string& text : relayedTraffic()) {
    CAPTURE(text);
    const auto route = reader.read(text);
    REQUIRE(route.has_value());
    checkAgrees(reader, text);
  }
  const auto route = reader.read(relayedTraffic()[2]);
  REQUIRE(route.has_value());
  CHECK(route->type == "candidate");
  CHECK(route->to == "p3");
}

TEST_CASE("relay fast path: declines text longer than its limit, which the typed parser judges") {
  RelayRouteReader reader(64);
  const std::string offer = R"({"type":"offer","to":"p1","sdp":")" + std::string(64, 's') + R"("})";
  CHECK_FALSE(reader.read(offer).has_value());
  CHECK(serverVerdict(reader, offer) == typedVerdict(offer));
  CHECK(reader.read(R"({"type":"offer","to":"p1","sdp":"x"})").has_value());
}
