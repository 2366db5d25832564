// Heartbeat timeout and clean shutdown of the real server.
#include <doctest/doctest.h>

#include <csignal>
#include <thread>

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

TEST_CASE("shutdown-upgrade-during-stop") {
  // A client whose upgrade request is still arriving when the server stops still gets its
  // WebSocket, closed with 1001, at once rather than when the 2 s abort timer fires.
  TempWebRoot web;
  ServerProcess server(web.root().string());
  RawConnection late(server.port());
  REQUIRE(late.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
  std::this_thread::sleep_for(100ms); // the server has read the first part
  server.signal(SIGTERM);
  std::this_thread::sleep_for(100ms); // and is stopping now
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(late.send("Sec-WebSocket-Version: 13\r\n\r\n"));

  // 101, then a close frame: 0x88, a length, and the code 1001 (0x03E9) in network order.
  const std::string closeFrameStart = "\x88";
  const std::string goingAway = "\x03\xe9";
  while (late.read(1s) == RawConnection::Read::data) {
    const auto& got = late.received();
    const auto body = got.find("\r\n\r\n");
    if (body != std::string::npos && got.size() >= body + 8)
      break;
  }
  const std::string& got = late.received();
  REQUIRE(got.starts_with("HTTP/1.1 101"));
  const auto frame = got.substr(got.find("\r\n\r\n") + 4);
  REQUIRE(frame.size() >= 4);
  CHECK(frame.substr(0, 1) == closeFrameStart);
  CHECK(frame.substr(2, 2) == goingAway);
  CHECK(std::chrono::steady_clock::now() - start < 1s);
  CHECK(server.waitForExit(5s) == 0);
}
