#include <doctest/doctest.h>

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
  CHECK(o.maxPeersPerRoom == 16);
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
                              "--max-connections",
                              "3",
                              "--max-rooms",
                              "4",
                              "--max-peers-per-room",
                              "2",
                              "--log-level",
                              "warn"});
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
  CHECK((o.logLevel == LogLevel::warn));
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
                                             {"--log-level", "loud"}}) {
    CAPTURE(args.front());
    auto result = parseOptions(args);
    REQUIRE(std::holds_alternative<OptionsError>(result));
    CHECK_FALSE(std::get<OptionsError>(result).message.empty());
  }
  CHECK(usage("rtclab-server").find("Example:") != std::string::npos);
}
