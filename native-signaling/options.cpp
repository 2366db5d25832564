#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string_view>

#include "origin_check.hpp"
#include "turn_credentials.hpp"

namespace rtclab::server {
namespace {

template <typename Number>
bool parseNumber(std::string_view text, Number& out, Number minimum, Number maximum) {
  Number value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < minimum || value > maximum)
    return false;
  out = value;
  return true;
}

} // namespace

OptionsResult parseOptions(const std::vector<std::string>& args) {
  ServerOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h")
      return ShowHelp{};
    if (flag == "--limit-loopback") {
      options.limitLoopback = true;
      continue;
    }
    if (flag == "--tls") {
      options.tls = true;
      continue;
    }
    if (i + 1 >= args.size())
      return OptionsError{flag.starts_with("--") ? flag + " needs a value"
                                                 : "unknown argument " + flag};
    const std::string& value = args[++i];
    auto bad = [&](std::string_view expected) {
      return OptionsError{flag + ": expected " + std::string(expected) + ", got '" + value + "'"};
    };
    constexpr auto kMaxSize = std::numeric_limits<std::size_t>::max();
    if (flag == "--host") {
      options.host = value;
    } else if (flag == "--port") {
      if (!parseNumber<std::uint16_t>(value, options.port, 0, 65535))
        return bad("a port 0-65535");
    } else if (flag == "--web") {
      options.webRoot = value;
    } else if (flag == "--idle-timeout") {
      if (!parseNumber<unsigned>(value, options.idleTimeoutSeconds, 1, 3600))
        return bad("seconds 1-3600");
    } else if (flag == "--join-timeout") {
      if (!parseNumber<unsigned>(value, options.joinTimeoutSeconds, 1, 3600))
        return bad("seconds 1-3600");
    } else if (flag == "--max-message-bytes") {
      if (!parseNumber<std::size_t>(value, options.maxMessageBytes, 256, 16 * 1024 * 1024))
        return bad("bytes 256-16777216");
    } else if (flag == "--max-messages-per-second") {
      if (!parseNumber<unsigned>(value, options.maxMessagesPerSecond, 1, 1000000))
        return bad("a rate 1-1000000");
    } else if (flag == "--message-burst") {
      if (!parseNumber<unsigned>(value, options.messageBurst, 0, 1000000))
        return bad("a count 0-1000000 (0: sized for the room limit)");
    } else if (flag == "--max-connections") {
      if (!parseNumber<std::size_t>(value, options.maxConnections, 1, kMaxSize))
        return bad("a positive count");
    } else if (flag == "--max-connections-per-address") {
      if (!parseNumber<std::size_t>(value, options.maxConnectionsPerAddress, 0, kMaxSize))
        return bad("a count, 0 = no limit");
    } else if (flag == "--max-rooms") {
      if (!parseNumber<std::size_t>(value, options.maxRooms, 1, kMaxSize))
        return bad("a positive count");
    } else if (flag == "--max-peers-per-room") {
      if (!parseNumber<std::size_t>(value, options.maxPeersPerRoom, 2, kMaxSize))
        return bad("a count of at least 2");
    } else if (flag == "--slow-consumer-timeout") {
      if (!parseNumber<unsigned>(value, options.slowConsumerTimeoutMs, 10, 3600000))
        return bad("milliseconds 10-3600000");
    } else if (flag == "--max-queued-bytes") {
      if (!parseNumber<std::size_t>(value, options.maxQueuedBytes, 4096, kMaxSize))
        return bad("bytes, at least 4096");
    } else if (flag == "--allowed-origin") {
      auto origin = normalizeOrigin(value);
      if (!origin)
        return bad("an origin like http://host:port");
      options.allowedOrigins.push_back(*origin);
    } else if (flag == "--token-secret") {
      if (value.empty())
        return bad("a secret");
      options.tokenSecret = value;
    } else if (flag == "--token-secret-file") {
      options.tokenSecretFile = value;
    } else if (flag == "--turn-url") {
      if (iceUrlKind(value) == IceUrlKind::invalid)
        return bad("a stun:, stuns:, turn: or turns: URL like turn:127.0.0.1:3478?transport=udp");
      options.turnUrls.push_back(value);
    } else if (flag == "--turn-secret-file") {
      if (value.empty())
        return bad("a file holding the secret shared with coturn");
      options.turnSecretFile = value;
    } else if (flag == "--turn-credential-lifetime") {
      if (!parseNumber<std::int64_t>(value, options.turnCredentialLifetimeSeconds, 1,
                                     kMaxTurnCredentialLifetimeSeconds))
        return bad("seconds 1-" + std::to_string(kMaxTurnCredentialLifetimeSeconds));
    } else if (flag == "--cert") {
      if (value.empty())
        return bad("a PEM file");
      options.certFile = value;
    } else if (flag == "--key") {
      if (value.empty())
        return bad("a PEM file");
      options.keyFile = value;
    } else if (flag == "--log-level") {
      auto level = logLevelFromString(value);
      if (!level)
        return bad("debug, info, warn or error");
      options.logLevel = *level;
    } else {
      return OptionsError{"unknown option " + flag};
    }
  }
  // A turn: URL without the secret would hand out credentials coturn refuses; a secret without
  // a turn: URL would be read for nothing. Both are mistakes worth stopping for.
  const bool hasTurnUrl =
      std::any_of(options.turnUrls.begin(), options.turnUrls.end(),
                  [](const std::string& url) { return iceUrlKind(url) == IceUrlKind::turn; });
  if (hasTurnUrl && options.turnSecretFile.empty())
    return OptionsError{"--turn-url turn:... needs --turn-secret-file (the secret shared with "
                        "coturn's static-auth-secret)"};
  if (!hasTurnUrl && !options.turnSecretFile.empty())
    return OptionsError{"--turn-secret-file needs at least one --turn-url turn:..."};
  return options;
}

unsigned messageBurstFor(const ServerOptions& options) {
  if (options.messageBurst != 0)
    return options.messageBurst;
  const std::size_t others = std::min<std::size_t>(options.maxPeersPerRoom, 10000) - 1;
  return std::max<unsigned>(options.maxMessagesPerSecond,
                            static_cast<unsigned>(others * kJoinMessagesPerPeer));
}

std::string usage(const std::string& programName) {
  const ServerOptions defaults;
  auto line = [](std::string_view flag, std::string_view text) {
    std::string out = "  ";
    out += flag;
    out.append(flag.size() < 28 ? 28 - flag.size() : 1, ' ');
    out += text;
    out += '\n';
    return out;
  };
  std::string text = "Usage: " + programName + " [options]\n";
  text += "Serves the rtclab labs over HTTP and relays WebRTC signaling over WebSocket at /ws.\n\n";
  text += "Options (defaults in brackets):\n";
  text += line("--host ADDRESS", "listen address [" + defaults.host + "]");
  text +=
      line("--port N", "listen port, 0 = any free port [" + std::to_string(defaults.port) + "]");
  text += line("--web DIR", "web root [" + defaults.webRoot + ", relative to the working dir]");
  text += line("--idle-timeout SECONDS", "drop WebSocket peers silent this long [" +
                                             std::to_string(defaults.idleTimeoutSeconds) + "]");
  text += line("--join-timeout SECONDS", "close WebSockets that have not joined a room by then [" +
                                             std::to_string(defaults.joinTimeoutSeconds) + "]");
  text += line("--max-message-bytes N",
               "largest WebSocket message [" + std::to_string(defaults.maxMessageBytes) + "]");
  text += line("--max-messages-per-second N",
               "per connection [" + std::to_string(defaults.maxMessagesPerSecond) + "]");
  text += line("--message-burst N",
               "per connection, messages at once [0: " + std::to_string(kJoinMessagesPerPeer) +
                   " per other peer of a full room, here " +
                   std::to_string(messageBurstFor(defaults)) + "]");
  text += line("--max-connections N", "[" + std::to_string(defaults.maxConnections) + "]");
  text += line("--max-connections-per-address N",
               "from one client, 0 = no limit [" +
                   std::to_string(defaults.maxConnectionsPerAddress) + "]");
  text += line("--limit-loopback", "apply that limit to loopback clients too [off]");
  text += line("--max-rooms N", "[" + std::to_string(defaults.maxRooms) + "]");
  text += line("--max-peers-per-room N", "[" + std::to_string(defaults.maxPeersPerRoom) + "]");
  text += line("--slow-consumer-timeout MS",
               "drop a peer whose oldest unsent message waited this long [" +
                   std::to_string(defaults.slowConsumerTimeoutMs) + "]");
  text += line("--max-queued-bytes N", "per connection, unsent messages; over it: dropped [" +
                                           std::to_string(defaults.maxQueuedBytes) + "]");
  text += line("--allowed-origin ORIGIN",
               "also accept /ws from pages of ORIGIN (repeatable) [same origin only]");
  text += line("--token-secret SECRET", "require signed room tokens to join (docs/security.md)");
  text += line("--token-secret-file FILE", "the same, secret read from FILE (not seen in ps)");
  text += line("--turn-url URL",
               "a STUN/TURN server for joined.iceServers (repeatable): stun:127.0.0.1:3478, "
               "turn:127.0.0.1:3478?transport=udp, ... [none]");
  text += line("--turn-secret-file FILE",
               "the secret shared with coturn (use-auth-secret): turn: URLs come with "
               "credentials made from it, per participant (docs/security.md)");
  text += line("--turn-credential-lifetime SECONDS",
               "how long those credentials work, 1-" +
                   std::to_string(kMaxTurnCredentialLifetimeSeconds) + "; a rejoin renews them [" +
                   std::to_string(defaults.turnCredentialLifetimeSeconds) + "]");
  text += line("--log-level LEVEL", "debug, info, warn or error [info]");
  text += line("--tls", "serve https and wss instead (for LAN devices; docs/security.md) [off]");
  text += line("--cert FILE",
               "TLS certificate, PEM; made self-signed if missing [" + defaults.certFile + "]");
  text += line("--key FILE", "its private key, PEM [" + defaults.keyFile + "]");
  text += line("--help", "show this text");
  text += "\nExample:\n  " + programName + " --web build/wasm/site --port 8080\n";
  text +=
      "  then open http://127.0.0.1:8080/ ; signaling clients connect to ws://127.0.0.1:8080/ws\n";
  text += "  " + programName + " --web build/wasm/site --host 0.0.0.0 --port 8443 --tls\n";
  text += "  then open https://<this machine's LAN address>:8443/ on a phone or a laptop\n";
  text += "  " + programName + " token --room demo --ttl 1h --token-secret-file FILE\n";
  text +=
      "  prints a room token for room demo, valid one hour (" + programName + " token --help)\n";
  return text;
}

std::size_t connectionsAllowedByFileLimit(std::uint64_t fileLimit) {
  const std::uint64_t reserve = std::max<std::uint64_t>(32, fileLimit / 4);
  const std::uint64_t allowed = fileLimit > reserve + 1 ? fileLimit - reserve : 1;
  return static_cast<std::size_t>(std::min<std::uint64_t>(allowed, SIZE_MAX));
}

} // namespace rtclab::server
