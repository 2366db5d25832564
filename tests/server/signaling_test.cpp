// The real server over WebSocket: join, relay to the addressee only, from stamped, leave.
#include <doctest/doctest.h>

#include <csignal>
#include <memory>

#include "server_process.hpp"
#include "temp_web_root.hpp"
#include "test_clients.hpp"

using namespace rtclab::server_test;
namespace protocol = rtclab::protocol;

TEST_CASE("ws-join-relay-leave") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  WsClient alice(server.port()), bob(server.port());

  const std::string aliceId = alice.join("demo", "alice");
  bob.send(protocol::Join{"demo", "bob"});
  const auto joined = bob.expect<protocol::Joined>();
  CHECK(joined.name == "bob");
  CHECK(joined.version == protocol::kVersion);
  CHECK(joined.peers == std::vector<protocol::PeerInfo>{{aliceId, "alice"}});
  CHECK(alice.expect<protocol::PeerJoined>() == protocol::PeerJoined{joined.peer, "bob"});

  alice.send(protocol::Offer{joined.peer, std::nullopt, "v=0 offer"});
  CHECK(bob.expect<protocol::Offer>() == protocol::Offer{joined.peer, aliceId, "v=0 offer"});
  bob.send(protocol::Answer{aliceId, std::nullopt, "v=0 answer"});
  CHECK(alice.expect<protocol::Answer>().sdp == "v=0 answer");
  bob.send(protocol::Candidate{aliceId, std::nullopt, "candidate:1 1 udp 1 127.0.0.1 9 typ host",
                               "0", 0});
  CHECK(alice.expect<protocol::Candidate>().sdpMLineIndex == 0u);

  bob.send(protocol::Leave{});
  CHECK(alice.expect<protocol::PeerLeft>() ==
        protocol::PeerLeft{joined.peer, protocol::LeaveReason::left});
}

TEST_CASE("ws-relay-large-sdp-intact") {
  // A real offer is several KB: read by the server in many pieces (its first read piece is
  // small), relayed byte for byte, also right after a small message on the same connection.
  TempWebRoot web;
  ServerProcess server(web.root().string());
  WsClient alice(server.port()), bob(server.port());
  alice.join("demo");
  const std::string bobId = bob.join("demo");
  alice.expect<protocol::PeerJoined>();
  std::string sdp;
  for (int line = 0; sdp.size() < 40000; ++line)
    sdp += "a=candidate:" + std::to_string(line) + " 1 udp 2122260223 192.0.2.1 9 typ host\r\n";
  alice.send(protocol::Offer{bobId, std::nullopt, "small"});
  CHECK(bob.expect<protocol::Offer>().sdp == "small");
  alice.send(protocol::Offer{bobId, std::nullopt, sdp});
  CHECK(bob.expect<protocol::Offer>().sdp == sdp);
  alice.send(protocol::Answer{bobId, std::nullopt, "after"});
  CHECK(bob.expect<protocol::Answer>().sdp == "after");
}

TEST_CASE("ws-relay-only-to-addressee") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  WsClient alice(server.port()), bob(server.port()), carol(server.port());
  alice.join("demo");
  const std::string bobId = bob.join("demo");
  alice.expect<protocol::PeerJoined>();
  carol.join("demo");
  alice.expect<protocol::PeerJoined>();
  bob.expect<protocol::PeerJoined>();

  alice.send(protocol::Offer{bobId, std::nullopt, "for bob only"});
  CHECK(bob.expect<protocol::Offer>().sdp == "for bob only");
  // Carol then gets a ping reply and nothing before it: the offer never reached her.
  carol.send(protocol::Ping{1});
  CHECK(carol.expect<protocol::Pong>().id == 1u);

  alice.send(protocol::Offer{"p999", std::nullopt, "nobody"});
  CHECK((alice.expect<protocol::Error>().code == protocol::ErrorCode::unknownPeer));
}

TEST_CASE("ws-from-not-spoofable") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  WsClient alice(server.port()), mallory(server.port());
  const std::string aliceId = alice.join("demo");
  const std::string malloryId = mallory.join("demo");
  alice.expect<protocol::PeerJoined>();

  mallory.send(R"({"type":"offer","to":")" + aliceId + R"(","from":")" + aliceId +
               R"(","sdp":"forged"})");
  const auto offer = alice.expect<protocol::Offer>();
  CHECK(offer.from == malloryId);
}

TEST_CASE("ws-malformed-messages-get-errors") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  WsClient client(server.port());
  struct Case {
    const char* text;
    protocol::ErrorCode code;
  };
  for (const Case& c :
       {Case{"nope", protocol::ErrorCode::notJson}, Case{"[1,2]", protocol::ErrorCode::notObject},
        Case{R"({"type":"dance"})", protocol::ErrorCode::unknownType},
        Case{R"({"type":"join","room":"a b"})", protocol::ErrorCode::badRoom},
        Case{R"({"type":"join","room":"ab","name":"\u0007bell"})", protocol::ErrorCode::badName},
        Case{R"({"type":"join","room":"ab","version":2})", protocol::ErrorCode::unsupportedVersion},
        Case{R"({"type":"offer","to":"p1","sdp":"x"})", protocol::ErrorCode::notJoined}}) {
    CAPTURE(c.text);
    client.send(std::string(c.text));
    CHECK(std::string(protocol::toString(client.expect<protocol::Error>().code)) ==
          std::string(protocol::toString(c.code)));
  }
}

TEST_CASE("ws-identity-capacity-restart") {
  // Secrets as a browser tab makes them (22+ characters of base64url); ids computed with
  //   printf 'rtclab participant id\n%s' SECRET | sha256sum | cut -c1-20
  const std::string aliceSecret = "alice-secret-0123456789abcdef";
  const std::string bobSecret = "bob-secret-0123456789abcdefgh";
  const std::string aliceId = "u-b1874f825488a6785eb4";
  const std::string bobId = "u-25e8259b1a7a74d0bd76";
  const auto joinAs = [](WsClient& client, const std::string& secret, const std::string& session) {
    client.send(
        protocol::Join{.room = "call", .secret = secret, .session = session, .capacity = 2});
  };

  TempWebRoot web;
  auto server = std::make_unique<ServerProcess>(web.root().string(),
                                                std::vector<std::string>{"--log-level", "debug"});
  const std::string port = std::to_string(server->port());
  {
    WsClient alice(server->port()), bob(server->port()), carol(server->port());
    joinAs(alice, aliceSecret, "a1");
    CHECK(alice.expect<protocol::Joined>().peer == aliceId);
    joinAs(bob, bobSecret, "b1");
    const auto joined = bob.expect<protocol::Joined>();
    CHECK(joined.peer == bobId);
    CHECK(joined.peers == std::vector<protocol::PeerInfo>{{aliceId, "", "a1"}});
    CHECK(alice.expect<protocol::PeerJoined>() == protocol::PeerJoined{bobId, "", "b1"});

    carol.send(protocol::Join{.room = "call", .capacity = 5}); // the first joiner chose 2
    const auto refused = carol.expect<protocol::Error>();
    CHECK(std::string(protocol::toString(refused.code)) == "room-full");
    CHECK(refused.message == "room 'call' is full (2 of 2 participants)");
  }
  const std::string firstLog = server->log();
  CHECK(firstLog.find(aliceSecret) == std::string::npos);
  CHECK(firstLog.find(bobSecret) == std::string::npos);

  // Killed without a goodbye, started again on the same port: nothing is remembered, yet the
  // same secrets come back as the same ids, so a page that reconnects keeps its id.
  server->signal(SIGKILL);
  REQUIRE(server->waitForExit(5s).has_value());
  server = std::make_unique<ServerProcess>(web.root().string(),
                                           std::vector<std::string>{"--port", port});
  REQUIRE(std::to_string(server->port()) == port);
  WsClient bob(server->port()), alice(server->port());
  joinAs(bob, bobSecret, "b2");
  CHECK(bob.expect<protocol::Joined>().peer == bobId);
  joinAs(alice, aliceSecret, "a2");
  CHECK(alice.expect<protocol::Joined>().peer == aliceId);
  CHECK(bob.expect<protocol::PeerJoined>() == protocol::PeerJoined{aliceId, "", "a2"});
}

TEST_CASE("ws-replaced-connection") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  const std::string secret = "reloading-tab-0123456789";
  WsClient first(server.port()), other(server.port()), second(server.port());
  first.send(protocol::Join{.room = "demo", .secret = secret, .session = "load1"});
  const std::string id = first.expect<protocol::Joined>().peer;
  other.join("demo");
  first.expect<protocol::PeerJoined>();

  second.send(protocol::Join{.room = "demo", .secret = secret, .session = "load2"});
  CHECK(second.expect<protocol::Joined>().peer == id);
  const auto replaced = first.expect<protocol::Error>();
  CHECK(std::string(protocol::toString(replaced.code)) == "replaced");
  // The other peer hears of the new page load and nothing else (no peer-left first).
  CHECK(other.expect<protocol::PeerJoined>() == protocol::PeerJoined{id, "", "load2"});
}
