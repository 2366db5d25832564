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
  std::size_t maxMessageBytes = 65536;     // bigger frames close the connection with 1009
  unsigned maxMessagesPerSecond = 50;      // per connection, token bucket
  std::size_t maxConnections = 20000;      // HTTP + WebSocket connections at once
  std::size_t maxRooms = 1000;
  std::size_t maxPeersPerRoom = 16;
  LogLevel logLevel = LogLevel::info;
};

struct ShowHelp {};
struct OptionsError {
  std::string message;
};

using OptionsResult = std::variant<ServerOptions, ShowHelp, OptionsError>;

// `args` excludes the program name.
OptionsResult parseOptions(const std::vector<std::string>& args);

std::string usage(const std::string& programName);

} // namespace rtclab::server
