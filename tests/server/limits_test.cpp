// Abuse is contained: an oversized frame closes only its sender with 1009, a flood gets
// rate-limited errors then 1008; the other peers keep working. A mesh newcomer's burst of offers
// to a full room is not abuse: it goes through whole.
#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

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
  ServerProcess server(web.root().string(),
                       {"--max-messages-per-second", "5", "--message-burst", "5"});
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

  INFO("server log:\n" << server.log());
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

TEST_CASE("ws-mesh-join-burst-at-room-limit") {
  // Default limits (50 messages a second, rooms of 8). Seven are in the room; the eighth joins
  // and at once offers to all seven, as a mesh newcomer does: per peer an offer with a
  // realistic SDP, 8 trickled candidates and end-of-candidates: 71 messages in one burst. A
  // bucket of one second's worth (50) would refuse some and close the newcomer with 1008.
  TempWebRoot web;
  ServerProcess server(web.root().string());
  constexpr int kRoomLimit = 8;
  constexpr int kCandidatesPerPeer = 8;
  std::vector<std::unique_ptr<WsClient>> present;
  std::vector<std::string> ids;
  for (int i = 0; i < kRoomLimit - 1; ++i) {
    present.push_back(std::make_unique<WsClient>(server.port()));
    ids.push_back(present.back()->join("mesh", "p" + std::to_string(i)));
    for (int j = 0; j < i; ++j)
      present[j]->expect<protocol::PeerJoined>();
  }
  WsClient newcomer(server.port());
  newcomer.send(protocol::Join{"mesh", "newcomer"});
  const std::string sdp(3000, 's');
  for (const std::string& to : ids) {
    newcomer.send(protocol::Offer{to, std::nullopt, sdp});
    for (int c = 0; c < kCandidatesPerPeer; ++c) {
      protocol::Candidate candidate;
      candidate.to = to;
      candidate.candidate = "candidate:" + std::to_string(c) + " 1 udp 2122260223 192.0.2." +
                            std::to_string(c) + " 50000 typ host generation 0";
      candidate.sdpMid = "0";
      newcomer.send(candidate);
    }
    protocol::Candidate end; // candidate "": end of candidates
    end.to = to;
    newcomer.send(end);
  }
  newcomer.send(protocol::Ping{7});
  // Nothing refused: joined, then the pong (an error or a close in between fails expect()).
  const std::string newcomerId = newcomer.expect<protocol::Joined>().peer;
  CHECK(newcomer.expect<protocol::Pong>().id == 7u);
  // Every peer got the newcomer, its offer and all its candidates, in order.
  for (auto& peer : present) {
    CHECK(peer->expect<protocol::PeerJoined>().peer == newcomerId);
    CHECK(peer->expect<protocol::Offer>().sdp == sdp);
    for (int c = 0; c <= kCandidatesPerPeer; ++c)
      CHECK(peer->expect<protocol::Candidate>().from.value_or("") == newcomerId);
  }
  // The room is full: a ninth is refused.
  WsClient ninth(server.port());
  ninth.send(protocol::Join{"mesh", "ninth"});
  const bool roomFull = ninth.expect<protocol::Error>().code == protocol::ErrorCode::roomFull;
  CHECK(roomFull);
}
