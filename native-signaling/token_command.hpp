// `rtclab-server token --room demo --ttl 1h [--name alice] --token-secret-file FILE`: prints a
// signed room token (room_token.hpp). Parsed without I/O so it is unit-tested.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "options.hpp"

namespace rtclab::server {

struct TokenCommand {
  std::string room;
  std::string name;
  std::int64_t ttlSeconds = 3600;
  std::string secret;
  std::string secretFile;
};

using TokenCommandResult = std::variant<TokenCommand, ShowHelp, OptionsError>;

// `args` excludes the program name and the word "token".
TokenCommandResult parseTokenCommand(const std::vector<std::string>& args);
std::string tokenUsage(const std::string& programName);

} // namespace rtclab::server
