// JSON text <-> Message. parse() never throws and never crashes on any input: malformed text
// gives a ParseError with the code the server sends back. serialize() never throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "rtclab/protocol/error_code.hpp"
#include "rtclab/protocol/messages.hpp"

namespace rtclab::protocol {

struct ParseError {
  ErrorCode code;
  std::string message; // names the field, e.g. "field 'room' must be a string"
  bool operator==(const ParseError&) const = default;
};

// Either a Message or a ParseError.
class ParseResult {
public:
  ParseResult(Message message) : value_(std::move(message)) {}
  ParseResult(ParseError error) : value_(std::move(error)) {}

  bool ok() const { return value_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const Message& message() const { return std::get<Message>(value_); }     // requires ok()
  Message& message() { return std::get<Message>(value_); }                 // requires ok()
  const ParseError& error() const { return std::get<ParseError>(value_); } // requires !ok()

private:
  std::variant<Message, ParseError> value_;
};

ParseResult parse(std::string_view text);
std::string serialize(const Message& message);

// `text`, a relayed message (offer, answer, candidate) that parse() accepted, with
// `"from":"<from>"` as its sender, every other field kept, unknown ones included. Fast path:
// the field is appended to the text as received, byte for byte (no JSON tree, one allocation).
// When the text might already carry a "from" key (it contains `from` or a \u escape, which
// could spell it), the text is rebuilt as an ordered JSON tree whose "from" is replaced, so a
// client can never choose its own `from` and still loses no field. Returns nullopt only when
// `text` is not a JSON object or `from` fails isValidName() (it is written without escaping).
std::optional<std::string> withFrom(std::string_view text, std::string_view from);

// Whether withFrom(text, ...) takes its fast path for `text` (appendFrom), judged from the
// bytes alone: the text then cannot hold a "from" of its own.
bool withFromAppends(std::string_view text);

// withFrom's fast path: `"from":"<from>"` inserted before the object's closing brace, every other
// byte kept. Requires `object` to be one JSON object, followed by whitespace at most, that has
// no "from" key, and `from` to pass isValidName(). The server's relay route
// (native-signaling/relay_route.hpp) has checked both with its own parse.
std::string appendFrom(std::string_view object, std::string_view from);

} // namespace rtclab::protocol
