// Command-line options of rtclab-server, parsed without I/O so they are unit-tested.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "log.hpp"

namespace rtclab::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;               // 0 binds an ephemeral port
  std::string webRoot = "build/wasm/site"; // relative to the working directory (repo root)
  unsigned idleTimeoutSeconds = 15;        // WebSocket ping heartbeat: silent peers are dropped
  // A WebSocket that has not joined a room this long after opening is closed (1008): browsers
  // answer pings by themselves, so the heartbeat alone would let it hold its slot for good.
  unsigned joinTimeoutSeconds = 60;
  std::size_t maxMessageBytes = 65536;        // bigger frames close the connection with 1009
  unsigned maxMessagesPerSecond = 50;         // per connection, token bucket
  unsigned messageBurst = 0;                  // the bucket's size; 0: messageBurstFor() below
  std::size_t maxConnections = 20000;         // HTTP + WebSocket connections at once
  std::size_t maxConnectionsPerAddress = 128; // from one client address; 0 = no limit
  bool limitLoopback = false;                 // apply the per-address limit to 127.0.0.1 too
  std::size_t maxRooms = 1000;
  std::size_t maxPeersPerRoom = 8; // a full mesh of 8 sends and receives 7 videos each
  // A peer whose oldest unsent message has waited this long is not reading: it is dropped.
  unsigned slowConsumerTimeoutMs = 10000;
  std::size_t maxQueuedBytes = 1024 * 1024; // per connection, messages waiting to be sent
  // WebSocket upgrades from browser pages of other origins than the server's own (normalized,
  // see origin_check.hpp) that may connect.
  std::vector<std::string> allowedOrigins;
  // Room tokens are required when either is set (the file wins; main() reads it).
  std::string tokenSecret;
  std::string tokenSecretFile;
  // STUN/TURN servers handed to each participant in `joined` (docs/signaling-protocol.md):
  // stun:/stuns:/turn:/turns: URLs; turn: URLs come with credentials made from the secret shared
  // with coturn (use-auth-secret), read from the file by main() so it never shows in `ps`.
  std::vector<std::string> turnUrls;
  std::string turnSecretFile;
  std::string turnSecret; // filled by main() from turnSecretFile
  // How long each participant's TURN credentials work. Short values (1 s) let tests see expiry.
  std::int64_t turnCredentialLifetimeSeconds = 3600;
  LogLevel logLevel = LogLevel::info;
  // --tls: https and wss on the same port, for LAN devices (getUserMedia needs a secure context
  // anywhere but localhost). Missing files are generated as a self-signed certificate.
  bool tls = false;
  std::string certFile = ".cache/tls/rtclab-cert.pem"; // relative to the working directory
  std::string keyFile = ".cache/tls/rtclab-key.pem";
};

// A mesh newcomer offers to everyone already in the room at once: per peer an offer, its trickled
// candidates (a few per interface and protocol) and end-of-candidates, about 60 messages within
// 100 ms at 8 peers. The bucket holds kJoinMessagesPerPeer per other peer (at least one second's
// worth of the rate), so a join at the room limit is never cut off; the rate stays the rate.
inline constexpr unsigned kJoinMessagesPerPeer = 16;
unsigned messageBurstFor(const ServerOptions& options);

// A week: longer-lived TURN credentials are as good as a password baked into the page.
inline constexpr std::int64_t kMaxTurnCredentialLifetimeSeconds = 7 * 86400;

struct ShowHelp {};
struct OptionsError {
  std::string message;
};

using OptionsResult = std::variant<ServerOptions, ShowHelp, OptionsError>;

// `args` excludes the program name.
OptionsResult parseOptions(const std::vector<std::string>& args);

std::string usage(const std::string& programName);

// How many connections `fileLimit` descriptors carry: a quarter of them (at least 32) stay
// free for the files being served, the listening socket, logs and the event loop.
std::size_t connectionsAllowedByFileLimit(std::uint64_t fileLimit);

} // namespace rtclab::server
