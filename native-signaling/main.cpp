// rtclab-server: static files for the labs + WebRTC signaling over WebSocket at /ws.
// Run `rtclab-server --help` for the options; docs/signaling-protocol.md for the protocol,
// docs/security.md for origins and room tokens.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "log.hpp"
#include "options.hpp"
#include "room_token.hpp"
#include "server.hpp"
#include "tls_certificate.hpp"
#include "token_command.hpp"

namespace {

using namespace rtclab::server;

// Each connection is one file descriptor; the default soft limit (often 1024) would cap the
// server far below --max-connections. Returns the limit in force afterwards.
rlim_t raiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
    return RLIM_INFINITY;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
      limit = raised;
  }
  return limit.rlim_cur;
}

// Keeps --max-connections within what the descriptors allow, so the server refuses the extra
// clients itself (503) instead of running out of descriptors.
void fitConnectionsToFileLimit(ServerOptions& options) {
  const rlim_t fileLimit = raiseOpenFileLimit();
  if (fileLimit == RLIM_INFINITY)
    return;
  const std::size_t allowed = connectionsAllowedByFileLimit(fileLimit);
  if (options.maxConnections <= allowed)
    return;
  LogLine(LogLevel::warn, "max-connections-lowered")
      .field("requested", options.maxConnections)
      .field("allowed", allowed)
      .field("open-file-limit", fileLimit)
      .field("hint", "raise the hard limit (ulimit -Hn) for more");
  options.maxConnections = allowed;
}

// The secret's file wins over --token-secret. A trailing newline (echo > file) is not part of
// it. Never printed.
std::optional<std::string> readSecret(const std::string& inline_, const std::string& file,
                                      const std::string& program) {
  if (file.empty())
    return inline_;
  std::ifstream in(file, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  std::string secret = content.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r'))
    secret.pop_back();
  if (!in || secret.empty()) {
    std::cerr << program << ": cannot read a secret from '" << file << "'\n";
    return std::nullopt;
  }
  return secret;
}

// The addresses a phone or another laptop can type: every IPv4 address of this machine but
// loopback, when the server listens on all of them.
std::vector<std::string> lanAddresses(const std::string& listenHost) {
  std::vector<std::string> addresses;
  if (listenHost != "0.0.0.0" && listenHost != "::")
    return addresses;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0)
    return addresses;
  for (const ifaddrs* entry = list; entry; entry = entry->ifa_next) {
    if (!entry->ifa_addr || entry->ifa_addr->sa_family != AF_INET)
      continue;
    const auto* address = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
    char text[INET_ADDRSTRLEN] = {};
    if (inet_ntop(AF_INET, &address->sin_addr, text, sizeof text) &&
        std::string_view(text).rfind("127.", 0) != 0)
      addresses.emplace_back(text);
  }
  freeifaddrs(list);
  return addresses;
}

// Makes the certificate on first use and says which one is served: the fingerprint is what a
// learner compares with the one the browser shows before accepting it (docs/security.md).
std::optional<TlsCertificate> prepareTls(const ServerOptions& options, const std::string& program) {
  try {
    const std::string hostName = localHostName();
    TlsCertificate certificate =
        ensureTlsCertificate({options.certFile, options.keyFile}, hostName);
    LogLine(LogLevel::info, certificate.generated ? "tls-certificate-generated" : "tls-certificate")
        .field("certificate", options.certFile)
        .field("key", options.keyFile)
        .field("sha256-fingerprint", certificate.sha256Fingerprint);
    return certificate;
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return std::nullopt;
  }
}

int printToken(const std::string& program, const std::vector<std::string>& args) {
  auto parsed = parseTokenCommand(args);
  if (std::holds_alternative<ShowHelp>(parsed)) {
    std::cout << tokenUsage(program);
    return 0;
  }
  if (auto* error = std::get_if<OptionsError>(&parsed)) {
    std::cerr << program << " token: " << error->message << "\n\n" << tokenUsage(program);
    return 2;
  }
  const auto& command = std::get<TokenCommand>(parsed);
  const auto secret = readSecret(command.secret, command.secretFile, program);
  if (!secret)
    return 2;
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::cout << makeRoomToken({command.room, command.name, now + command.ttlSeconds}, *secret)
            << "\n";
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  const std::string program = argc > 0 ? argv[0] : "rtclab-server";
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  if (!args.empty() && args.front() == "token")
    return printToken(program, std::vector<std::string>(args.begin() + 1, args.end()));

  auto parsed = parseOptions(args);
  if (std::holds_alternative<ShowHelp>(parsed)) {
    std::cout << usage(program);
    return 0;
  }
  if (auto* error = std::get_if<OptionsError>(&parsed)) {
    std::cerr << program << ": " << error->message << "\n\n" << usage(program);
    return 2;
  }
  auto options = std::get<ServerOptions>(parsed);
  setLogLevel(options.logLevel);
  fitConnectionsToFileLimit(options);
  const auto secret = readSecret(options.tokenSecret, options.tokenSecretFile, program);
  if (!secret)
    return 2;
  options.tokenSecret = *secret;
  if (!options.tokenSecret.empty() && options.tokenSecret.size() < 16)
    LogLine(LogLevel::warn, "weak-token-secret").field("hint", "use 16 or more random bytes");
  if (!options.turnSecretFile.empty()) {
    // Refused rather than served without TURN: a learner would see no relay candidates and
    // look for the fault in the wrong place.
    const auto turnSecret = readSecret("", options.turnSecretFile, program);
    if (!turnSecret) {
      std::cerr << program
                << ": --turn-secret-file: no TURN credentials without coturn's shared"
                   " secret; not starting\n";
      return 2;
    }
    options.turnSecret = *turnSecret;
    if (options.turnSecret.size() < 16)
      LogLine(LogLevel::warn, "weak-turn-secret").field("hint", "use 16 or more random bytes");
  }

  std::error_code missing;
  if (!std::filesystem::is_directory(options.webRoot, missing)) {
    std::cerr << program << ": web root '" << options.webRoot
              << "' is not a folder: build the labs first (cmake --build --preset wasm) or pass"
                 " --web DIR\n";
    return 2;
  }

  std::optional<TlsCertificate> certificate;
  if (options.tls && !(certificate = prepareTls(options, program)))
    return 2;

  try {
    // One thread runs everything (no other thread posts, the signal handler only writes to
    // Asio's pipe), so the scheduler's and the reactor's mutexes protect nothing: UNSAFE drops
    // them. Any second thread touching `io` would need this back at 1.
    asio::io_context io{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE};
    Server server(io, options);
    auto endpoint = server.localEndpoint();
    const char* scheme = options.tls ? "https" : "http";
    std::printf("rtclab-server listening on %s://%s:%u\n", scheme,
                endpoint.address().to_string().c_str(), static_cast<unsigned>(endpoint.port()));
    if (certificate) {
      for (const std::string& address : lanAddresses(options.host))
        std::printf("  on the LAN: https://%s:%u/\n", address.c_str(),
                    static_cast<unsigned>(endpoint.port()));
      std::printf("  certificate SHA-256 fingerprint (compare with the browser's): %s\n",
                  certificate->sha256Fingerprint.c_str());
    }
    std::fflush(stdout);
    LogLine(LogLevel::info, "listening")
        .field("address", endpoint.address().to_string())
        .field("port", endpoint.port())
        .field("web", options.webRoot)
        .field("max-connections", options.maxConnections)
        .field("room-tokens", options.tokenSecret.empty() ? "off" : "required")
        .field("ice-servers", options.turnUrls.size())
        .field("tls", options.tls ? "on" : "off");
    server.start();
    io.run();
    LogLine(LogLevel::info, "stopped");
    return 0;
  } catch (const std::exception& e) {
    LogLine(LogLevel::error, "startup-failed").field("error", e.what());
    std::cerr << program << ": " << e.what() << "\n";
    return 1;
  }
}
