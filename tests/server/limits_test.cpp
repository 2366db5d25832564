// Abuse is contained: an oversized frame closes only its sender with 1009, a flood gets
// rate-limited errors then 1008; the other peers keep working.
#include <doctest/doctest.h>

#include <stdexcept>

#include "server_process.hpp"
#include "temp_web_root.hpp"
#include "test_clients.hpp"

using namespace rtclab::server_test;
namespace protocol = rtclab::protocol;

namespace {

// The bystander still gets answers, and saw the abuser leave.
void checkBystanderUnharmed(WsClient& bystander, const std::string& abuserId) {
  const auto left = bystander.expect<protocol::PeerLeft>();
  CHECK(left.peer == abuserId);
  bystander.send(protocol::Ping{9});
  CHECK(bystander.expect<protocol::Pong>().id == 9u);
}

} // namespace

TEST_CASE("ws-oversized-frame") {
  TempWebRoot web;
  ServerProcess server(web.root().string(), {"--max-message-bytes", "1024"});
  WsClient bystander(server.port()), abuser(server.port());
  bystander.join("demo");
  const std::string abuserId = abuser.join("demo");
  bystander.expect<protocol::PeerJoined>();

  // Under the limit is fine, over it closes the connection with 1009 (message too big).
  abuser.send(protocol::Ping{1});
  CHECK(abuser.expect<protocol::Pong>().id == 1u);
  abuser.send(protocol::Offer{"p1", std::nullopt, std::string(2000, 'x')});
  CHECK(abuser.waitForClose() == std::uint16_t{1009});

  checkBystanderUnharmed(bystander, abuserId);
}

TEST_CASE("ws-rate-limit") {
  TempWebRoot web;
  ServerProcess server(web.root().string(), {"--max-messages-per-second", "5"});
  WsClient bystander(server.port()), flooder(server.port());
  bystander.join("demo");
  const std::string flooderId = flooder.join("demo");
  bystander.expect<protocol::PeerJoined>();

  int sent = 0;
  try {
    for (; sent < 200; ++sent)
      flooder.send(protocol::Ping{static_cast<std::uint32_t>(sent)});
  } catch (const std::runtime_error&) {
    // The server may close the connection before all 200 are written.
  }
  CHECK(sent > 16);

  int pongs = 0, rateLimited = 0;
  while (auto text = flooder.receiveText()) {
    protocol::ParseResult parsed = protocol::parse(*text);
    REQUIRE(parsed.ok());
    if (std::holds_alternative<protocol::Pong>(parsed.message()))
      ++pongs;
    else if (auto* error = std::get_if<protocol::Error>(&parsed.message()))
      rateLimited += error->code == protocol::ErrorCode::rateLimited ? 1 : 0;
  }
  CHECK(pongs >= 4); // the bucket held 5 tokens and the join took one
  CHECK(pongs < 20);
  CHECK(rateLimited >= 10);
  CHECK(flooder.waitForClose() == std::uint16_t{1008});

  checkBystanderUnharmed(bystander, flooderId);
}

TEST_CASE("ws-ping-flood") {
  // WebSocket ping frames count against the rate like messages: a ping flood is closed too.
  TempWebRoot web;
  ServerProcess server(web.root().string(), {"--max-messages-per-second", "5"});
  WsClient bystander(server.port()), flooder(server.port());
  bystander.join("demo");
  const std::string flooderId = flooder.join("demo");
  bystander.expect<protocol::PeerJoined>();
  try {
    for (int i = 0; i < 200; ++i)
      flooder.ping();
  } catch (const std::runtime_error&) {
    // The server may close the connection before all pings are written.
  }
  CHECK(flooder.waitForClose() == std::uint16_t{1008});
  checkBystanderUnharmed(bystander, flooderId);
}
