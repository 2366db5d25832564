// Heartbeat timeout and clean shutdown of the real server.
#include <doctest/doctest.h>

#include <csignal>

#include "server_process.hpp"
#include "temp_web_root.hpp"
#include "test_clients.hpp"

using namespace rtclab::server_test;
namespace protocol = rtclab::protocol;

TEST_CASE("ws-heartbeat-timeout") {
  TempWebRoot web;
  ServerProcess server(web.root().string(), {"--idle-timeout", "1"});
  WsClient observer(server.port()), silent(server.port());
  observer.join("demo");
  const std::string silentId = silent.join("demo");
  observer.expect<protocol::PeerJoined>();

  // `silent` never reads again, so it never answers the server's pings. The observer keeps
  // reading (and so answers pings) and must hear that the silent peer timed out.
  const auto left = observer.expect<protocol::PeerLeft>(4s);
  CHECK(left.peer == silentId);
  CHECK(std::string(protocol::toString(left.reason)) == "timeout");

  // The observer, answering pings all along, is still connected.
  observer.send(protocol::Ping{2});
  CHECK(observer.expect<protocol::Pong>().id == 2u);
}

TEST_CASE("shutdown-sigterm") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  WsClient alice(server.port()), bob(server.port()), lurker(server.port());
  alice.join("demo");
  bob.join("demo");
  alice.expect<protocol::PeerJoined>();

  server.signal(SIGTERM);
  CHECK(alice.waitForClose() == std::uint16_t{1001});
  CHECK(bob.waitForClose() == std::uint16_t{1001});
  CHECK(lurker.waitForClose() == std::uint16_t{1001});
  CHECK(server.waitForExit(5s) == 0);
}
