#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

#include "options.hpp"

using namespace rtclab::server;

TEST_CASE("defaults") {
  auto result = parseOptions({});
  REQUIRE(std::holds_alternative<ServerOptions>(result));
  const auto& o = std::get<ServerOptions>(result);
  CHECK(o.host == "127.0.0.1");
  CHECK(o.port == 8080);
  CHECK(o.webRoot == "build/wasm/site");
  CHECK(o.idleTimeoutSeconds == 15);
  CHECK(o.maxMessageBytes == 65536);
  CHECK(o.maxMessagesPerSecond == 50);
  CHECK(o.maxConnections == 20000);
  CHECK(o.maxRooms == 1000);
  CHECK(o.maxPeersPerRoom == 8);
  CHECK(o.messageBurst == 0);
  CHECK(messageBurstFor(o) == 7 * kJoinMessagesPerPeer); // sized for a full room of 8
  CHECK_FALSE(o.tls);
  CHECK(o.certFile == ".cache/tls/rtclab-cert.pem");
  CHECK(o.keyFile == ".cache/tls/rtclab-key.pem");
  CHECK(o.turnUrls.empty());
  CHECK(o.turnSecretFile.empty());
  CHECK(o.turnCredentialLifetimeSeconds == 3600);
}

TEST_CASE("every flag is read") {
  auto result = parseOptions({"--host",
                              "::1",
                              "--port",
                              "0",
                              "--web",
                              "/tmp/x",
                              "--idle-timeout",
                              "2",
                              "--max-message-bytes",
                              "1024",
                              "--max-messages-per-second",
                              "5",
                              "--message-burst",
                              "9",
                              "--max-connections",
                              "3",
                              "--max-rooms",
                              "4",
                              "--max-peers-per-room",
                              "2",
                              "--max-connections-per-address",
                              "7",
                              "--limit-loopback",
                              "--slow-consumer-timeout",
                              "250",
                              "--max-queued-bytes",
                              "65536",
                              "--allowed-origin",
                              "HTTP://Lab.Example",
                              "--token-secret",
                              "abc",
                              "--token-secret-file",
                              "/tmp/secret",
                              "--log-level",
                              "warn",
                              "--tls",
                              "--cert",
                              "/tmp/c.pem",
                              "--key",
                              "/tmp/k.pem"});
  REQUIRE(std::holds_alternative<ServerOptions>(result));
  const auto& o = std::get<ServerOptions>(result);
  CHECK(o.host == "::1");
  CHECK(o.port == 0);
  CHECK(o.webRoot == "/tmp/x");
  CHECK(o.idleTimeoutSeconds == 2);
  CHECK(o.maxMessageBytes == 1024);
  CHECK(o.maxMessagesPerSecond == 5);
  CHECK(o.maxConnections == 3);
  CHECK(o.maxRooms == 4);
  CHECK(o.maxPeersPerRoom == 2);
  CHECK(o.messageBurst == 9u);
  CHECK(messageBurstFor(o) == 9u);
  CHECK((o.logLevel == LogLevel::warn));
  CHECK(o.maxConnectionsPerAddress == 7);
  CHECK(o.limitLoopback);
  CHECK(o.slowConsumerTimeoutMs == 250);
  CHECK(o.maxQueuedBytes == 65536);
  CHECK(o.allowedOrigins == std::vector<std::string>{"http://lab.example:80"});
  CHECK(o.tokenSecret == "abc");
  CHECK(o.tokenSecretFile == "/tmp/secret");
  CHECK(o.tls);
  CHECK(o.certFile == "/tmp/c.pem");
  CHECK(o.keyFile == "/tmp/k.pem");
  CHECK(std::holds_alternative<OptionsError>(parseOptions({"--allowed-origin", "lab.example"})));
}

TEST_CASE("--max-connections is kept within the open-file limit") {
  CHECK(connectionsAllowedByFileLimit(64) == 32);
  CHECK(connectionsAllowedByFileLimit(1024) == 768);
  CHECK(connectionsAllowedByFileLimit(1048576) == 786432);
  CHECK(connectionsAllowedByFileLimit(10) == 1);
}

TEST_CASE("a throttled log line lets one through per interval and counts the rest") {
  using namespace std::chrono_literals;
  const auto t0 = LogThrottle::Clock::time_point{} + 1h;
  LogThrottle throttle(1s);
  CHECK(throttle.admit(t0) == std::uint64_t{0});
  for (int i = 0; i < 1000; ++i)
    CHECK_FALSE(throttle.admit(t0 + 1ms * i));
  CHECK(throttle.admit(t0 + 1s) == std::uint64_t{1000});
}

TEST_CASE("help and errors") {
  CHECK(std::holds_alternative<ShowHelp>(parseOptions({"--help"})));
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--port"},
                                             {"--port", "70000"},
                                             {"--port", "-1"},
                                             {"--port", "80x"},
                                             {"--idle-timeout", "0"},
                                             {"--bogus", "1"},
                                             {"stray"},
                                             {"--log-level", "loud"},
                                             {"--cert"},
                                             {"--key", ""}}) {
    CAPTURE(args.front());
    auto result = parseOptions(args);
    REQUIRE(std::holds_alternative<OptionsError>(result));
    CHECK_FALSE(std::get<OptionsError>(result).message.empty());
  }
  CHECK(usage("rtclab-server").find("Example:") != std::string::npos);
}

TEST_CASE("TURN: repeatable URLs, the secret's file, a lifetime down to one second") {
  auto result = parseOptions({"--turn-url", "stun:127.0.0.1:3478", "--turn-url",
                              "turn:127.0.0.1:3478?transport=udp", "--turn-url",
                              "turn:127.0.0.1:3478?transport=tcp", "--turn-secret-file",
                              ".cache/turn/secret", "--turn-credential-lifetime", "1"});
  REQUIRE(std::holds_alternative<ServerOptions>(result));
  const auto& o = std::get<ServerOptions>(result);
  CHECK(o.turnUrls == std::vector<std::string>{"stun:127.0.0.1:3478",
                                               "turn:127.0.0.1:3478?transport=udp",
                                               "turn:127.0.0.1:3478?transport=tcp"});
  CHECK(o.turnSecretFile == ".cache/turn/secret");
  CHECK(o.turnSecret.empty()); // main() reads the file; options never hold it from argv
  CHECK(o.turnCredentialLifetimeSeconds == 1);
  // STUN needs no secret.
  CHECK(std::holds_alternative<ServerOptions>(parseOptions({"--turn-url", "stun:127.0.0.1:3478"})));

  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--turn-url", "http://127.0.0.1:3478"},
           {"--turn-url", "turn:"},
           {"--turn-url", "turn:127.0.0.1 3478"},
           {"--turn-url", "turn:127.0.0.1:3478"}, // no secret for its credentials
           {"--turn-secret-file", "s"},           // a secret with no turn: URL to use it
           {"--turn-secret-file", "s", "--turn-url", "stun:127.0.0.1"},
           {"--turn-url", "turn:h", "--turn-secret-file", ""},
           {"--turn-url", "turn:h", "--turn-secret-file", "s", "--turn-credential-lifetime", "0"},
           {"--turn-url", "turn:h", "--turn-secret-file", "s", "--turn-credential-lifetime", "1h"},
           {"--turn-url", "turn:h", "--turn-secret-file", "s", "--turn-credential-lifetime",
            "604801"},
           {"--turn-credential-lifetime"}}) {
    CAPTURE(args.back());
    auto refused = parseOptions(args);
    REQUIRE(std::holds_alternative<OptionsError>(refused));
    CHECK_FALSE(std::get<OptionsError>(refused).message.empty());
  }
  const std::string help = usage("rtclab-server");
  CHECK(help.find("--turn-url URL") != std::string::npos);
  CHECK(help.find("--turn-secret-file FILE") != std::string::npos);
  CHECK(help.find("--turn-credential-lifetime SECONDS") != std::string::npos);
}

TEST_CASE("the message burst follows the room limit, never below the rate") {
  ServerOptions o;
  o.maxPeersPerRoom = 2;
  CHECK(messageBurstFor(o) == 50u); // a 1:1 room: one second of the rate is plenty
  o.maxPeersPerRoom = 16;
  CHECK(messageBurstFor(o) == 15 * kJoinMessagesPerPeer);
  o.maxMessagesPerSecond = 1000000; // the benchmark's setting
  CHECK(messageBurstFor(o) == 1000000u);
  o.maxPeersPerRoom = std::numeric_limits<std::size_t>::max(); // no overflow
  o.maxMessagesPerSecond = 50;
  CHECK(messageBurstFor(o) == 9999 * kJoinMessagesPerPeer);
}
