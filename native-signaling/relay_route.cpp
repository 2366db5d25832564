#include "relay_route.hpp"

#include <cstring>

#include <simdjson.h>

#include <rtclab/protocol/protocol.hpp>

namespace rtclab::server {
namespace {

namespace dom = simdjson::dom;
namespace protocol = rtclab::protocol;

// The top-level fields parse() reads from a relayed message, each seen at most once.
struct RelayFields {
  std::optional<dom::element> type, to, from, sdp, candidate, sdpMid, sdpMLineIndex,
      usernameFragment;

  // Records `value` under `key`; false on a second occurrence of a field parse() reads (which
  // of two values nlohmann/json keeps is its business: such text goes to the typed parser).
  bool take(std::string_view key, dom::element value) {
    std::optional<dom::element>* slot = slotOf(key);
    if (!slot)
      return true; // unknown fields travel as they are; the parse has validated them
    if (slot->has_value())
      return false;
    *slot = value;
    return true;
  }

private:
  std::optional<dom::element>* slotOf(std::string_view key) {
    if (key == "type")
      return &type;
    if (key == "to")
      return &to;
    if (key == "from")
      return &from;
    if (key == "sdp")
      return &sdp;
    if (key == "candidate")
      return &candidate;
    if (key == "sdpMid")
      return &sdpMid;
    if (key == "sdpMLineIndex")
      return &sdpMLineIndex;
    if (key == "usernameFragment")
      return &usernameFragment;
    return nullptr;
  }
};

std::optional<std::string_view> stringOf(const std::optional<dom::element>& value) {
  std::string_view text;
  if (!value || value->get_string().get(text))
    return std::nullopt;
  return text;
}

// A required string of at most `maxBytes`.
bool isString(const std::optional<dom::element>& value, std::size_t maxBytes) {
  const auto text = stringOf(value);
  return text && text->size() <= maxBytes;
}

// Absent, null, or a string of at most `maxBytes`.
bool isOptionalString(const std::optional<dom::element>& value, std::size_t maxBytes) {
  return !value || value->is_null() || isString(value, maxBytes);
}

// Absent, null, or an integer 0-`maximum` (parse() takes only integers: 1.0 is refused). The
// parse keeps no sign for -0, an integer nlohmann/json calls signed and parse() refuses: any
// "-0" in the text sends a zero to the typed parser.
bool isOptionalIndex(const std::optional<dom::element>& value, std::uint64_t maximum,
                     std::string_view text) {
  if (!value || value->is_null())
    return true;
  std::uint64_t number = 0;
  return value->type() != dom::element_type::DOUBLE && !value->get_uint64().get(number) &&
         number <= maximum && (number != 0 || text.find("-0") == std::string_view::npos);
}

std::optional<std::string_view> relayedType(std::string_view type) {
  for (std::string_view relayed : {"offer", "answer", "candidate"}) {
    if (type == relayed)
      return relayed;
  }
  return std::nullopt;
}

// What parse() requires of the fields of `type`; every other field is unknown to it.
bool fieldsAreValid(std::string_view type, const RelayFields& fields, std::string_view text) {
  if (type == "candidate") {
    return isString(fields.candidate, protocol::kMaxCandidateLength) &&
           isOptionalString(fields.sdpMid, protocol::kMaxSdpMidLength) &&
           isOptionalIndex(fields.sdpMLineIndex, protocol::kMaxSdpMLineIndex, text) &&
           isOptionalString(fields.usernameFragment, protocol::kMaxUsernameFragmentBytes);
  }
  return isString(fields.sdp, protocol::kMaxSdpBytes);
}

} // namespace

struct RelayRouteReader::Parser {
  explicit Parser(std::size_t maxMessageBytes) : json(maxMessageBytes) {}

  // simdjson reads up to SIMDJSON_PADDING bytes past the end of its input: the text is copied
  // into this buffer, grown to the longest text seen, so no parse allocates.
  std::unique_ptr<char[]> padded;
  std::size_t paddedCapacity = 0;
  dom::parser json;
};

RelayRouteReader::RelayRouteReader(std::size_t maxMessageBytes)
    : parser_(std::make_unique<Parser>(maxMessageBytes)) {}

RelayRouteReader::~RelayRouteReader() = default;

std::optional<RelayRoute> RelayRouteReader::read(std::string_view text) {
  if (text.empty() || text.size() > parser_->json.max_capacity())
    return std::nullopt; // empty: not an object, and no buffer to copy into yet
  if (parser_->paddedCapacity < text.size()) {
    parser_->padded = std::make_unique<char[]>(text.size() + simdjson::SIMDJSON_PADDING);
    parser_->paddedCapacity = text.size();
  }
  std::memcpy(parser_->padded.get(), text.data(), text.size());

  // The parse validates the whole text (structure, UTF-8, escapes, numbers) into a reused tape.
  dom::element root;
  dom::object object;
  if (parser_->json.parse(parser_->padded.get(), text.size(), false).get(root) ||
      root.get_object().get(object))
    return std::nullopt;
  RelayFields fields;
  for (const dom::key_value_pair field : object) {
    if (!fields.take(field.key, field.value))
      return std::nullopt;
  }
  const auto typeText = stringOf(fields.type);
  const auto type = typeText ? relayedType(*typeText) : std::nullopt;
  const auto to = stringOf(fields.to);
  // A `from` of the sender's own is replaced by withFrom(), which rebuilds the text.
  if (!type || !to || fields.from || !protocol::isValidName(*to) ||
      !fieldsAreValid(*type, fields, text))
    return std::nullopt;
  return RelayRoute{*type, *to};
}

} // namespace rtclab::server
