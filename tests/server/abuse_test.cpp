// Abuse that must not hold the server's resources: running out of file descriptors, peers that
// do not read, clients that trickle, oversized requests, log floods.
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "server_process.hpp"
#include "temp_web_root.hpp"
#include "test_clients.hpp"

using namespace rtclab::server_test;
namespace protocol = rtclab::protocol;

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// Sends `count` offers of `sdpBytes` from `sender` to `to`, stopping early if the server closes.
void sendOffers(WsClient& sender, const std::string& to, int count, std::size_t sdpBytes) {
  const std::string offer =
      protocol::serialize(protocol::Offer{to, std::nullopt, std::string(sdpBytes, 'x')});
  for (int i = 0; i < count; ++i)
    sender.send(offer);
}

// Reads until a peer-left arrives (skipping the unknown-peer errors for offers sent after the
// peer was dropped); fails the test if none comes within `timeout`.
protocol::PeerLeft waitForPeerLeft(WsClient& client, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    auto text = client.receiveText(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    if (!text)
      break;
    protocol::ParseResult parsed = protocol::parse(*text);
    if (parsed.ok() && std::holds_alternative<protocol::PeerLeft>(parsed.message()))
      return std::get<protocol::PeerLeft>(parsed.message());
  }
  FAIL("no peer-left within the timeout");
  return {};
}

} // namespace

TEST_CASE("fd-exhaustion-refused-promptly") {
  // 64 descriptors: the server keeps --max-connections within them and refuses the rest with
  // 503 (or a close) at once, without spinning or flooding its log. (Should it run out of
  // descriptors anyway, it refuses the waiting clients with a spare one and backs off.)
  TempWebRoot web;
  ServerProcess server(web.root().string(), {}, ProcessLimits{64});
  std::vector<std::unique_ptr<RawConnection>> held;
  // More idle HTTP connections (each holds a slot for 30 s) than there are descriptors.
  for (int i = 0; i < 70; ++i)
    held.push_back(std::make_unique<RawConnection>(server.port()));

  const double cpuBefore = server.cpuSeconds();
  const auto start = Clock::now();
  int refused = 0;
  for (int i = 0; i < 20; ++i) {
    RawConnection extra(server.port());
    extra.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    RawConnection::Read read = RawConnection::Read::data;
    while (read == RawConnection::Read::data &&
           extra.received().find("\r\n\r\n") == std::string::npos)
      read = extra.read(2s);
    const bool wasRefused =
        read == RawConnection::Read::closed || extra.received().starts_with("HTTP/1.1 503");
    refused += wasRefused ? 1 : 0;
  }
  CHECK(refused == 20);
  CHECK(since(start) < 3s);
  std::this_thread::sleep_for(500ms); // an accept loop that spins would burn all of this
  const double cpuUsed = server.cpuSeconds() - cpuBefore;
  MESSAGE("server CPU while refusing: " << cpuUsed << " s; log lines: " << server.logLineCount());
  CHECK(cpuUsed < 0.5);
  CHECK(server.logLineCount() < 20);
  CHECK(server.log().find("max-connections-lowered") != std::string::npos);
}

TEST_CASE("ws-slow-consumer-dropped-by-bytes") {
  TempWebRoot web;
  ServerProcess server(web.root().string(),
                       {"--max-queued-bytes", "262144", "--max-messages-per-second", "100000"});
  WsClient sender(server.port()), sink(server.port());
  sender.join("demo");
  const std::string sinkId = sink.join("demo"); // and never reads again
  sender.expect<protocol::PeerJoined>();
  const std::size_t rssBefore = server.residentKiB();

  const auto start = Clock::now();
  sendOffers(sender, sinkId, 400, 50'000); // 20 MB: far more than the socket buffers hold
  const auto left = waitForPeerLeft(sender, 3s);
  CHECK(left.peer == sinkId);
  const std::size_t rssGrowth = server.residentKiB() - rssBefore;
  MESSAGE("dropped after " << since(start).count() << " ms; RSS grew " << rssGrowth << " KiB");
  if (!ServerProcess::kSanitized)
    CHECK(rssGrowth < 8 * 1024);
  CHECK(server.log().find("slow-consumer") != std::string::npos);
}

TEST_CASE("ws-slow-consumer-dropped-by-age") {
  // A byte bound too large to matter: the age of the oldest unsent message decides.
  TempWebRoot web;
  ServerProcess server(web.root().string(), {"--slow-consumer-timeout", "300", "--max-queued-bytes",
                                             "268435456", "--max-messages-per-second", "100000"});
  WsClient sender(server.port()), sink(server.port());
  sender.join("demo");
  const std::string sinkId = sink.join("demo");
  sender.expect<protocol::PeerJoined>();

  sendOffers(sender, sinkId, 400, 50'000);
  const auto start = Clock::now();
  const auto left = waitForPeerLeft(sender, 2s);
  CHECK(left.peer == sinkId);
  CHECK(since(start) < 1500ms);
  CHECK(server.log().find("oldest-message-too-old") != std::string::npos);
}

TEST_CASE("ws-trickling-client-dropped") {
  // One byte of a frame every 300 ms: Beast's idle timer restarts on each byte; ours waits for
  // a whole frame.
  TempWebRoot web;
  ServerProcess server(web.root().string(), {"--idle-timeout", "1"});
  RawConnection trickler(server.port());
  trickler.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n");
  while (trickler.received().find("\r\n\r\n") == std::string::npos)
    REQUIRE(trickler.read(2s) == RawConnection::Read::data);
  REQUIRE(trickler.received().starts_with("HTTP/1.1 101"));

  // A masked text frame of 40 bytes: 46 bytes sent one at a time would take 14 s.
  std::string frame = {'\x81', static_cast<char>(0x80 | 40), 1, 2, 3, 4};
  frame += std::string(40, 'x');
  const auto start = Clock::now();
  bool closed = false;
  for (char byte : frame) {
    if (!trickler.send(std::string(1, byte)) ||
        trickler.read(300ms) == RawConnection::Read::closed) {
      closed = true;
      break;
    }
  }
  MESSAGE("closed after " << since(start).count() << " ms");
  CHECK(closed);
  CHECK(since(start) < 3s);
}

TEST_CASE("ws-never-joined-closed") {
  // Busy (a ping every 200 ms keeps the heartbeat happy) but never joining: closed with 1008
  // at --join-timeout. A connection that joined at once is not.
  TempWebRoot web;
  ServerProcess server(web.root().string(), {"--join-timeout", "1", "--idle-timeout", "30"});
  WsClient member(server.port()), loiterer(server.port());
  member.join("demo");
  const auto start = Clock::now();
  std::optional<std::uint16_t> closeCode;
  for (std::uint64_t id = 1; !closeCode && since(start) < 4s; ++id) {
    // The close may arrive while a ping is being written (it aborts the write): then read it.
    closeCode = loiterer.trySend(protocol::Ping{id}) ? loiterer.waitForClose(200ms)
                                                     : loiterer.waitForClose(1s);
  }
  MESSAGE("closed after " << since(start).count() << " ms");
  CHECK(closeCode == std::uint16_t{1008});
  CHECK(since(start) >= 800ms);
  CHECK(since(start) < 3s);

  member.send(protocol::Ping{7});
  CHECK(member.expect<protocol::Pong>().id == 7u);
}

TEST_CASE("http-oversized-request-431-413") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  http::request<http::string_body> bigHeader{http::verb::get, "/", 11};
  bigHeader.set("X-Padding", std::string(12'000, 'a'));
  CHECK(httpExchange(server.port(), bigHeader).result_int() == 431);

  http::request<http::string_body> bigBody{http::verb::post, "/", 11};
  bigBody.body() = std::string(20'000, 'b');
  CHECK(httpExchange(server.port(), bigBody).result_int() == 413);
}

TEST_CASE("ws-rejected-messages-not-logged-each") {
  TempWebRoot web;
  ServerProcess server(web.root().string(), {"--max-messages-per-second", "100000"});
  WsClient client(server.port());
  const std::size_t linesBefore = server.logLineCount();
  for (int i = 0; i < 200; ++i)
    client.send("not json");
  for (int i = 0; i < 200; ++i)
    CHECK(std::string(protocol::toString(client.expect<protocol::Error>().code)) == "not-json");
  CHECK(server.logLineCount() - linesBefore < 5);
}

TEST_CASE("per-address-connection-limit") {
  // One client address cannot hold every slot (and through them every room): past the limit
  // its connections get 503. Loopback is exempt by default; --limit-loopback tests it here.
  TempWebRoot web;
  ServerProcess server(web.root().string(),
                       {"--max-connections-per-address", "3", "--limit-loopback"});
  WsClient first(server.port()), second(server.port()), third(server.port());
  first.join("room-1");
  second.join("room-2");
  third.join("room-3");
  RawConnection extra(server.port());
  extra.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  RawConnection::Read read = RawConnection::Read::data;
  while (read == RawConnection::Read::data &&
         extra.received().find("\r\n\r\n") == std::string::npos)
    read = extra.read(2s);
  CHECK((read == RawConnection::Read::closed || extra.received().starts_with("HTTP/1.1 503")));
  CHECK(server.log().find("reason=max-connections-per-address") != std::string::npos);
}
