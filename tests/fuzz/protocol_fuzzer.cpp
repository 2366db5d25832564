// Fuzzes rtclab::protocol (docs/signaling-protocol.md), the server's first contact with every
// WebSocket message. Checks, for any input text:
//   - parse() returns a Message or a ParseError with one of the parse error codes (an escaping
//     exception or a crash is reported by libFuzzer itself);
//   - round trip: parse(serialize(m)) gives back exactly m;
//   - the relay's fast path: withFrom(text, id) of a relayed message parses to the same message
//     with `from` set to id, or declines (nullopt); it never yields a message whose `from`
//     the sender chose;
//   - the server's relay route (native-signaling/relay_route.hpp, simdjson): when it routes a
//     text, parse() accepts it as that relayed message, to that peer, without a `from`, and
//     appendFrom() makes it that message from the sender.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "relay_route.hpp"
#include "rtclab/protocol/protocol.hpp"

namespace protocol = rtclab::protocol;

namespace {

bool isParseErrorCode(protocol::ErrorCode code) {
  using protocol::ErrorCode;
  switch (code) {
  case ErrorCode::notJson:
  case ErrorCode::notObject:
  case ErrorCode::missingField:
  case ErrorCode::wrongType:
  case ErrorCode::unknownType:
  case ErrorCode::invalidValue:
  case ErrorCode::badRoom:
  case ErrorCode::badPeerId:
  case ErrorCode::tooLarge:
  case ErrorCode::badName:
  case ErrorCode::unsupportedVersion:
    return true;
  default:
    return false;
  }
}

// The message a relay should deliver: `message` with `from` replaced by `from`.
protocol::Message stamped(protocol::Message message, const std::string& from) {
  std::visit(
      [&](auto& relayed) {
        if constexpr (requires { relayed.from; })
          relayed.from = from;
      },
      message);
  return message;
}

bool isRelayed(const protocol::Message& message) {
  return std::holds_alternative<protocol::Offer>(message) ||
         std::holds_alternative<protocol::Answer>(message) ||
         std::holds_alternative<protocol::Candidate>(message);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const protocol::ParseResult parsed = protocol::parse(text);
  static rtclab::server::RelayRouteReader relayRoutes;
  if (const auto route = relayRoutes.read(text)) {
    FUZZ_CHECK(parsed.ok());
    FUZZ_CHECK(protocol::typeName(parsed.message()) == route->type);
    std::visit(
        [&](const auto& relayed) {
          if constexpr (requires { relayed.to; }) {
            FUZZ_CHECK(relayed.to == route->to);
            FUZZ_CHECK(!relayed.from.has_value());
          } else {
            FUZZ_CHECK(false); // routed, but not a relayed message
          }
        },
        parsed.message());
    // The server stamps routed text in place: the result is the message from the sender.
    const protocol::ParseResult delivered =
        protocol::parse(protocol::appendFrom(text, "fuzz-sender_1"));
    FUZZ_CHECK(delivered.ok());
    FUZZ_CHECK(delivered.message() == stamped(parsed.message(), "fuzz-sender_1"));
  }
  if (!parsed) {
    FUZZ_CHECK(isParseErrorCode(parsed.error().code));
    FUZZ_CHECK(!parsed.error().message.empty());
    return 0;
  }
  const protocol::Message& message = parsed.message();
  FUZZ_CHECK(!protocol::typeName(message).empty());

  const std::string wire = protocol::serialize(message);
  const protocol::ParseResult again = protocol::parse(wire);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again.message() == message);

  if (isRelayed(message)) {
    const std::string sender = "fuzz-sender_1";
    if (const auto relayed = protocol::withFrom(text, sender)) {
      const protocol::ParseResult delivered = protocol::parse(*relayed);
      FUZZ_CHECK(delivered.ok());
      FUZZ_CHECK(delivered.message() == stamped(message, sender));
    }
    // The slow path the server takes when withFrom() declines.
    const protocol::ParseResult slow =
        protocol::parse(protocol::serialize(stamped(message, sender)));
    FUZZ_CHECK(slow.ok());
    FUZZ_CHECK(slow.message() == stamped(message, sender));
  }
  return 0;
}
