#include "token_command.hpp"

#include <rtclab/protocol/messages.hpp>

#include "room_token.hpp"

namespace rtclab::server {

TokenCommandResult parseTokenCommand(const std::vector<std::string>& args) {
  TokenCommand command;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h")
      return ShowHelp{};
    if (i + 1 >= args.size())
      return OptionsError{flag.starts_with("--") ? flag + " needs a value"
                                                 : "unknown argument " + flag};
    const std::string& value = args[++i];
    auto bad = [&](std::string_view expected) {
      return OptionsError{flag + ": expected " + std::string(expected) + ", got '" + value + "'"};
    };
    if (flag == "--room") {
      if (!protocol::isValidName(value))
        return bad("a room name of 1-64 [A-Za-z0-9_-]");
      command.room = value;
    } else if (flag == "--name") {
      if (!protocol::isValidDisplayName(value))
        return bad("a display name of 0-64 bytes of UTF-8");
      command.name = value;
    } else if (flag == "--ttl") {
      auto seconds = parseDurationSeconds(value);
      if (!seconds)
        return bad("a duration like 90s, 15m, 1h or 7d");
      command.ttlSeconds = *seconds;
    } else if (flag == "--token-secret") {
      if (value.empty())
        return bad("a secret");
      command.secret = value;
    } else if (flag == "--token-secret-file") {
      command.secretFile = value;
    } else {
      return OptionsError{"unknown option " + flag};
    }
  }
  if (command.room.empty())
    return OptionsError{"--room is required"};
  if (command.secret.empty() && command.secretFile.empty())
    return OptionsError{"--token-secret or --token-secret-file is required"};
  return command;
}

std::string tokenUsage(const std::string& programName) {
  return "Usage: " + programName +
         " token --room ROOM [--name NAME] [--ttl DURATION]\n"
         "         (--token-secret SECRET | --token-secret-file FILE)\n"
         "Prints a room token: the holder may join ROOM (as NAME, if given) until the TTL ends.\n"
         "Start the server with the same secret; labs pass it on as ?token=... in the page URL.\n\n"
         "  --ttl DURATION   90s, 15m, 1h, 7d [1h]\n\n"
         "Example:\n  " +
         programName + " token --room demo --ttl 1h --token-secret-file ~/.rtclab-secret\n";
}

} // namespace rtclab::server
