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

// The relay's fast path: `text`, a relayed message (offer, answer, candidate) that parse()
// accepted, with `"from":"<from>"` added as its last field, everything else byte for byte.
// Cheaper than serialize() of the parsed message (no JSON tree is built, one allocation), and
// fields this code does not know survive. Returns nullopt when the text might already carry a
// "from" key, i.e. it contains `from` or a \u escape (which could spell it); the caller then
// sets `from` on the parsed message and serializes that, so a client can never choose its own
// `from`. `from` must satisfy isValidName() (it is written without escaping).
std::optional<std::string> withFrom(std::string_view text, std::string_view from);

} // namespace rtclab::protocol
