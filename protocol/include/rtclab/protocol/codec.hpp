// JSON text <-> Message. parse() never throws and never crashes on any input: malformed text
// gives a ParseError with the code the server sends back. serialize() never throws.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "rtclab/protocol/error_code.hpp"
#include "rtclab/protocol/messages.hpp"

namespace rtclab::protocol {

struct ParseError {
  ErrorCode code;
  std::string message; // names the field, e.g. "field 'room' must be a string"
  bool operator==(const ParseError &) const = default;
};

// Either a Message or a ParseError.
class ParseResult {
public:
  ParseResult(Message message) : value_(std::move(message)) {}
  ParseResult(ParseError error) : value_(std::move(error)) {}

  bool ok() const { return value_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const Message &message() const { return std::get<Message>(value_); }     // requires ok()
  Message &message() { return std::get<Message>(value_); }                 // requires ok()
  const ParseError &error() const { return std::get<ParseError>(value_); } // requires !ok()

private:
  std::variant<Message, ParseError> value_;
};

ParseResult parse(std::string_view text);
std::string serialize(const Message &message);

} // namespace rtclab::protocol
