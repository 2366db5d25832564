// The server's fast path for the messages it relays most (offer, answer, candidate): reads only
// what routing needs (`type`, `to`) with simdjson, which validates the whole text without
// building a tree of allocated nodes, so the cost per relayed message no longer grows with
// nlohmann/json's per-byte parse (bench/README.md has the figures).
//
// The protocol stays defined once, by rtclab::protocol::parse(). The reader routes only text
// that parse() accepts as that same relayed message, without a `from` of its own, so the server
// stamps it in place (protocol::appendFrom); for anything else, malformed text included, it
// declines and the typed parser decides, so every verdict and error code is the typed parser's.
// tests/unit/server/relay_route_test.cpp and the protocol fuzzer check both agree.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

namespace rtclab::server {

struct RelayRoute {
  std::string_view type; // "offer", "answer" or "candidate" (static storage)
  std::string_view to;   // the addressee's id; valid until the reader's next read()
};

class RelayRouteReader {
public:
  // `maxMessageBytes`: the largest text the reader keeps buffers for; longer text is declined.
  explicit RelayRouteReader(std::size_t maxMessageBytes = 64 * 1024);
  ~RelayRouteReader();
  RelayRouteReader(const RelayRouteReader&) = delete;
  RelayRouteReader& operator=(const RelayRouteReader&) = delete;

  // The route of `text` when it is a relayed message that protocol::parse() accepts with that
  // type and `to` and no `from` of its own: one JSON object, which appendFrom() stamps in
  // place. nullopt otherwise.
  std::optional<RelayRoute> read(std::string_view text);

private:
  struct Parser; // simdjson stays out of this header (it is a very large one)
  std::unique_ptr<Parser> parser_;
};

} // namespace rtclab::server
