// Room logic with fake participants (no sockets): join, limits, leave, relay, peer-left.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <rtclab/protocol/protocol.hpp>

#include "signaling.hpp"

using namespace rtclab::server;
namespace protocol = rtclab::protocol;

namespace {

// Records every message delivered to it, parsed.
class FakeParticipant final : public Participant {
public:
  void deliver(std::string message) override {
    protocol::ParseResult parsed = protocol::parse(message);
    REQUIRE_MESSAGE(parsed.ok(), "server sent unparsable text: " << message);
    received.push_back(parsed.message());
  }

  template <typename T> const T& last() const {
    REQUIRE_FALSE(received.empty());
    const T* message = std::get_if<T>(&received.back());
    REQUIRE_MESSAGE(message != nullptr,
                    "last message is a " << std::string(protocol::typeName(received.back())));
    return *message;
  }

  std::string lastErrorCode() const {
    return std::string(protocol::toString(last<protocol::Error>().code));
  }

  std::vector<protocol::Message> received;
};

// Keeps the exact texts delivered to it.
class RawParticipant final : public Participant {
public:
  void deliver(std::string message) override { texts.push_back(std::move(message)); }
  std::vector<std::string> texts;
};

std::string joinText(const std::string& room, const std::string& name = "") {
  return protocol::serialize(protocol::Join{room, name});
}

std::string join(Signaling& signaling, FakeParticipant& participant, const std::string& room,
                 const std::string& name = "") {
  signaling.receive(participant, joinText(room, name));
  return participant.last<protocol::Joined>().peer;
}

} // namespace

TEST_CASE("join: the joiner learns its id and who is there; the others learn about it") {
  Signaling signaling({10, 4});
  FakeParticipant alice, bob;
  const std::string aliceId = join(signaling, alice, "demo", "alice");
  CHECK(alice.last<protocol::Joined>().peers.empty());
  CHECK(alice.last<protocol::Joined>().room == "demo");
  CHECK(alice.last<protocol::Joined>().name == "alice");
  CHECK(alice.last<protocol::Joined>().version == protocol::kVersion);

  const std::string bobId = join(signaling, bob, "demo", "bob");
  CHECK(bobId != aliceId);
  CHECK(bob.last<protocol::Joined>().peers == std::vector<protocol::PeerInfo>{{aliceId, "alice"}});
  CHECK(alice.last<protocol::PeerJoined>() == protocol::PeerJoined{bobId, "bob"});

  // A third peer hears about both, in the order they joined, with their names.
  FakeParticipant carol;
  const std::string carolId = join(signaling, carol, "demo"); // no name given
  CHECK(carol.last<protocol::Joined>().peers ==
        std::vector<protocol::PeerInfo>{{aliceId, "alice"}, {bobId, "bob"}});
  CHECK(bob.last<protocol::PeerJoined>() == protocol::PeerJoined{carolId, ""});
  CHECK(signaling.peerCount("demo") == 3);
  CHECK(signaling.roomCount() == 1);
}

TEST_CASE("join: a bad display name or an unsupported version is refused, nobody hears of it") {
  Signaling signaling({10, 4});
  FakeParticipant alice, bob;
  join(signaling, alice, "demo", "alice");
  const auto aliceBefore = alice.received.size();
  signaling.receive(bob, R"({"type":"join","room":"demo","name":"a\nb"})");
  CHECK(bob.lastErrorCode() == "bad-name");
  signaling.receive(bob, R"({"type":"join","room":"demo","version":2})");
  CHECK(bob.lastErrorCode() == "unsupported-version");
  CHECK(alice.received.size() == aliceBefore);
  CHECK(signaling.peerCount("demo") == 1);
  CHECK(signaling.peerIdOf(bob).empty());
}

TEST_CASE("join limits: room-full, too-many-rooms, already-joined") {
  Signaling signaling({1, 2});
  FakeParticipant a, b, c, d;
  join(signaling, a, "one");
  join(signaling, b, "one");

  signaling.receive(c, joinText("one"));
  CHECK(c.lastErrorCode() == "room-full");
  signaling.receive(d, joinText("two"));
  CHECK(d.lastErrorCode() == "too-many-rooms");
  signaling.receive(a, joinText("one"));
  CHECK(a.lastErrorCode() == "already-joined");
  CHECK(signaling.peerCount("one") == 2);
  CHECK(signaling.roomCount() == 1);
}

TEST_CASE("leave: the others get peer-left reason leave; an empty room disappears") {
  Signaling signaling({10, 4});
  FakeParticipant alice, bob;
  const std::string aliceId = join(signaling, alice, "demo");
  join(signaling, bob, "demo");

  signaling.receive(alice, protocol::serialize(protocol::Leave{}));
  CHECK(bob.last<protocol::PeerLeft>() == protocol::PeerLeft{aliceId, protocol::LeaveReason::left});
  CHECK(signaling.peerCount("demo") == 1);
  CHECK(signaling.peerIdOf(alice).empty());

  signaling.receive(alice, protocol::serialize(protocol::Leave{}));
  CHECK(alice.lastErrorCode() == "not-joined");

  signaling.disconnect(bob, protocol::LeaveReason::disconnected);
  CHECK(signaling.roomCount() == 0);
  // After leaving, a peer may join again (with a fresh id).
  CHECK(join(signaling, alice, "demo") != aliceId);
}

TEST_CASE("relay goes to the addressee only, with from stamped by the server") {
  Signaling signaling({10, 4});
  FakeParticipant alice, bob, carol;
  const std::string aliceId = join(signaling, alice, "demo");
  const std::string bobId = join(signaling, bob, "demo");
  join(signaling, carol, "demo");
  const auto carolBefore = carol.received.size();
  const auto aliceBefore = alice.received.size();

  signaling.receive(alice, protocol::serialize(protocol::Offer{bobId, std::nullopt, "v=0"}));
  CHECK(bob.last<protocol::Offer>() == protocol::Offer{bobId, aliceId, "v=0"});
  CHECK(carol.received.size() == carolBefore);
  CHECK(alice.received.size() == aliceBefore);

  signaling.receive(
      bob, protocol::serialize(protocol::Candidate{aliceId, std::nullopt, "candidate:1", "0", 0}));
  CHECK(alice.last<protocol::Candidate>().from == bobId);
  CHECK(carol.received.size() == carolBefore);
}

TEST_CASE("relay passes unknown fields through and stamps from (the fast path)") {
  Signaling signaling({10, 4});
  RawParticipant alice, bob;
  signaling.receive(alice, joinText("demo"));
  signaling.receive(bob, joinText("demo"));
  signaling.receive(alice, R"({"type":"offer","to":"p2","sdp":"v=0","x-trace":"abc"})");
  REQUIRE_FALSE(bob.texts.empty());
  const std::string& relayed = bob.texts.back();
  CHECK(relayed.find(R"("x-trace":"abc")") != std::string::npos);
  CHECK(protocol::parse(relayed).message() ==
        protocol::Message{protocol::Offer{"p2", "p1", "v=0"}});
  // With a client-written from (escaped, even), the server's id still wins.
  signaling.receive(alice, R"({"type":"offer","to":"p2","fr\u006fm":"p2","sdp":"x"})");
  CHECK(std::get<protocol::Offer>(protocol::parse(bob.texts.back()).message()).from == "p1");
}

TEST_CASE("from cannot be spoofed: the server overwrites it") {
  Signaling signaling({10, 4});
  FakeParticipant alice, bob, mallory;
  const std::string aliceId = join(signaling, alice, "demo");
  const std::string bobId = join(signaling, bob, "demo");
  const std::string malloryId = join(signaling, mallory, "demo");

  signaling.receive(mallory, protocol::serialize(protocol::Answer{bobId, aliceId, "v=0"}));
  CHECK(bob.last<protocol::Answer>().from == malloryId);
}

TEST_CASE("relay errors: unknown peer, self, other room, not joined") {
  Signaling signaling({10, 4});
  FakeParticipant alice, bob, outsider;
  const std::string aliceId = join(signaling, alice, "demo");
  const std::string bobId = join(signaling, bob, "other");

  signaling.receive(alice, protocol::serialize(protocol::Offer{"p999", std::nullopt, "v=0"}));
  CHECK(alice.lastErrorCode() == "unknown-peer");
  signaling.receive(alice, protocol::serialize(protocol::Offer{aliceId, std::nullopt, "v=0"}));
  CHECK(alice.lastErrorCode() == "unknown-peer");
  const auto bobBefore = bob.received.size();
  signaling.receive(alice, protocol::serialize(protocol::Offer{bobId, std::nullopt, "v=0"}));
  CHECK(alice.lastErrorCode() == "unknown-peer");
  CHECK(bob.received.size() == bobBefore);

  signaling.receive(outsider, protocol::serialize(protocol::Offer{aliceId, std::nullopt, "v=0"}));
  CHECK(outsider.lastErrorCode() == "not-joined");
}

TEST_CASE("peer-left carries the reason: disconnect and timeout") {
  Signaling signaling({10, 4});
  FakeParticipant alice, bob, carol;
  join(signaling, alice, "demo");
  const std::string bobId = join(signaling, bob, "demo");
  const std::string carolId = join(signaling, carol, "demo");

  signaling.disconnect(bob, protocol::LeaveReason::timeout);
  CHECK(alice.last<protocol::PeerLeft>() ==
        protocol::PeerLeft{bobId, protocol::LeaveReason::timeout});
  CHECK((carol.last<protocol::PeerLeft>().reason == protocol::LeaveReason::timeout));

  signaling.disconnect(carol, protocol::LeaveReason::disconnected);
  CHECK(alice.last<protocol::PeerLeft>() ==
        protocol::PeerLeft{carolId, protocol::LeaveReason::disconnected});
  // Disconnecting a participant that never joined is harmless.
  FakeParticipant stranger;
  signaling.disconnect(stranger, protocol::LeaveReason::disconnected);
  CHECK(stranger.received.empty());
}

TEST_CASE("every malformed or server-only message gets an error, ping gets pong") {
  Signaling signaling({10, 4});
  FakeParticipant alice;
  signaling.receive(alice, "not json");
  CHECK(alice.lastErrorCode() == "not-json");
  signaling.receive(alice, R"({"type":"join","room":"has space"})");
  CHECK(alice.lastErrorCode() == "bad-room");
  signaling.receive(alice, R"({"type":"peer-joined","peer":"p1"})");
  CHECK(alice.lastErrorCode() == "unexpected-type");
  signaling.receive(alice, protocol::serialize(protocol::Ping{7}));
  CHECK(alice.last<protocol::Pong>().id == 7u);
}

TEST_CASE("relay keeps unknown fields even when the text contains from or \\u") {
  Signaling signaling({10, 4});
  RawParticipant alice, bob;
  signaling.receive(alice, joinText("demo"));
  signaling.receive(bob, joinText("demo"));
  signaling.receive(alice, R"({"type":"offer","to":"p2","sdp":"a=x-note:from here","x":1})");
  REQUIRE_FALSE(bob.texts.empty());
  CHECK(bob.texts.back().find(R"("x":1)") != std::string::npos);
  signaling.receive(alice, R"({"type":"candidate","to":"p2","candidate":"caf\u00e9",)"
                           R"("usernameFragment":"abcd","from":"p2"})");
  const std::string& candidate = bob.texts.back();
  CHECK(candidate.find(R"("usernameFragment":"abcd")") != std::string::npos);
  CHECK(std::get<protocol::Candidate>(protocol::parse(candidate).message()).from == "p1");
}

TEST_CASE("with a join authorizer, a refused join gets bad-token and enters no room") {
  std::vector<std::string> seenTokens;
  Signaling signaling({10, 4}, [&](const protocol::Join& join, std::string_view urlToken) {
    seenTokens.push_back(join.token.empty() ? std::string(urlToken) : join.token);
    if (join.token == "good")
      return JoinVerdict{true, {}, "granted-name"};
    return JoinVerdict{false, "expired", {}};
  });
  FakeParticipant alice, mallory;
  signaling.receive(mallory, protocol::serialize(protocol::Join{.room = "demo", .token = "bad"}));
  CHECK(mallory.lastErrorCode() == "bad-token");
  CHECK(mallory.last<protocol::Error>().message.find("expired") != std::string::npos);
  CHECK(signaling.roomCount() == 0);

  signaling.receive(
      alice, protocol::serialize(protocol::Join{.room = "demo", .name = "al", .token = "good"}));
  CHECK(alice.last<protocol::Joined>().name == "granted-name");
  CHECK(seenTokens == std::vector<std::string>{"bad", "good"});
}

// Identity, replacement and capacity ----------------------------------------------------------
namespace {

const std::string kAliceSecret = "alice-secret-0123456789abcdef";
const std::string kBobSecret = "bob-secret-0123456789abcdefgh";

std::string joinAs(Signaling& signaling, FakeParticipant& participant, const std::string& room,
                   const std::string& secret, const std::string& session = "",
                   std::uint32_t capacity = 0) {
  signaling.receive(participant,
                    protocol::serialize(protocol::Join{
                        .room = room, .secret = secret, .session = session, .capacity = capacity}));
  return participant.last<protocol::Joined>().peer;
}

} // namespace

TEST_CASE("a secret gives the same derived id on every server run; old joins keep p<N>") {
  // printf 'rtclab participant id\n%s' alice-secret-0123456789abcdef | sha256sum | cut -c1-20
  const std::string expected = "u-b1874f825488a6785eb4";
  std::string firstRun, secondRun;
  {
    Signaling signaling({10, 4});
    FakeParticipant alice, old;
    firstRun = joinAs(signaling, alice, "demo", kAliceSecret);
    CHECK(join(signaling, old, "demo") == "p1");
  }
  {
    Signaling signaling({10, 4}); // a restarted server: nothing remembered
    FakeParticipant old, alice;
    CHECK(join(signaling, old, "demo") == "p1");
    secondRun = joinAs(signaling, alice, "demo", kAliceSecret);
  }
  CHECK(firstRun == expected);
  CHECK(secondRun == expected);
}

TEST_CASE("old-style joins are unchanged on the wire: no session, p<N> ids") {
  Signaling signaling({10, 4});
  RawParticipant alice, bob;
  signaling.receive(alice, R"({"type":"join","room":"demo","name":"a"})");
  signaling.receive(bob, R"({"type":"join","room":"demo","name":"b"})");
  REQUIRE(alice.texts.size() == 2);
  CHECK(alice.texts[0] == R"({"type":"joined","room":"demo","peer":"p1","name":"a","peers":[],)"
                          R"("version":1})");
  CHECK(alice.texts[1] == R"({"type":"peer-joined","peer":"p2","name":"b"})");
  CHECK(bob.texts.back() == R"({"type":"joined","room":"demo","peer":"p2","name":"b",)"
                            R"("peers":[{"id":"p1","name":"a"}],"version":1})");
}

TEST_CASE("sessions travel with the member: in joined.peers and in peer-joined") {
  Signaling signaling({10, 4});
  FakeParticipant alice, bob;
  const std::string aliceId = joinAs(signaling, alice, "demo", kAliceSecret, "tab-a");
  const std::string bobId = joinAs(signaling, bob, "demo", kBobSecret, "tab-b");
  CHECK(bob.last<protocol::Joined>().peers ==
        std::vector<protocol::PeerInfo>{{aliceId, "", "tab-a"}});
  CHECK(alice.last<protocol::PeerJoined>() == protocol::PeerJoined{bobId, "", "tab-b"});
}

TEST_CASE(
    "the same secret again replaces the old connection: no peer-left, replaced, peer-joined") {
  Signaling signaling({10, 4});
  FakeParticipant alice, bob, aliceAgain;
  const std::string aliceId = joinAs(signaling, alice, "demo", kAliceSecret, "load-1");
  const std::string bobId = joinAs(signaling, bob, "demo", kBobSecret, "load-b");
  const auto bobBefore = bob.received.size();

  // A reload: the same participant from a new connection with a new session.
  CHECK(joinAs(signaling, aliceAgain, "demo", kAliceSecret, "load-2") == aliceId);
  CHECK(aliceAgain.last<protocol::Joined>().peers ==
        std::vector<protocol::PeerInfo>{{bobId, "", "load-b"}});
  CHECK(alice.lastErrorCode() == "replaced");
  CHECK(alice.last<protocol::Error>().message ==
        "participant " + aliceId + " joined again from another connection");
  REQUIRE(bob.received.size() == bobBefore + 1); // peer-joined only, no peer-left first
  CHECK(bob.last<protocol::PeerJoined>() == protocol::PeerJoined{aliceId, "", "load-2"});
  CHECK(signaling.peerCount("demo") == 2);
  CHECK(signaling.peerIdOf(aliceAgain) == aliceId);
  CHECK(signaling.peerIdOf(alice).empty());

  // Relays reach the new connection only; the old one is out of the room.
  const auto oldBefore = alice.received.size();
  signaling.receive(bob, protocol::serialize(protocol::Offer{aliceId, std::nullopt, "v=0"}));
  CHECK(aliceAgain.last<protocol::Offer>().from == bobId);
  CHECK(alice.received.size() == oldBefore);
  // The old socket closing late changes nothing for the room.
  signaling.disconnect(alice, protocol::LeaveReason::disconnected);
  CHECK(bob.received.size() == bobBefore + 1);
  CHECK(signaling.peerCount("demo") == 2);
}

TEST_CASE("replacement does not count against capacity; a new participant does") {
  Signaling signaling({10, 16});
  FakeParticipant alice, bob, aliceAgain, carol;
  joinAs(signaling, alice, "call", kAliceSecret, "s1", 2);
  joinAs(signaling, bob, "call", kBobSecret, "s1");
  joinAs(signaling, aliceAgain, "call", kAliceSecret, "s1"); // a reconnect: same session
  CHECK(alice.lastErrorCode() == "replaced");
  signaling.receive(carol, joinText("call"));
  CHECK(carol.lastErrorCode() == "room-full");
  CHECK(carol.last<protocol::Error>().message == "room 'call' is full (2 of 2 participants)");
  CHECK(signaling.peerCount("call") == 2);
}

TEST_CASE("capacity: fixed by the first joiner, capped by the server's limit") {
  Signaling signaling({10, 3});
  FakeParticipant a, b, c, d;
  join(signaling, a, "open"); // capacity 0: the server's limit (3)
  signaling.receive(b, protocol::serialize(protocol::Join{.room = "open", .capacity = 1}));
  CHECK(b.last<protocol::Joined>().peers.size() == 1); // a later capacity changes nothing
  join(signaling, c, "open");
  signaling.receive(d, protocol::serialize(protocol::Join{.room = "open", .capacity = 100}));
  CHECK(d.lastErrorCode() == "room-full");
  CHECK(d.last<protocol::Error>().message == "room 'open' is full (3 of 3 participants)");

  FakeParticipant e, f, g;
  signaling.receive(e, protocol::serialize(protocol::Join{.room = "big", .capacity = 500}));
  join(signaling, f, "big");
  join(signaling, g, "big");
  FakeParticipant h;
  signaling.receive(h, joinText("big"));
  CHECK(h.last<protocol::Error>().message == "room 'big' is full (3 of 3 participants)");

  // An emptied room is gone: its next first joiner sets a new capacity.
  FakeParticipant x, y, z;
  signaling.receive(x, protocol::serialize(protocol::Join{.room = "pair", .capacity = 1}));
  signaling.receive(y, joinText("pair"));
  CHECK(y.last<protocol::Error>().message == "room 'pair' is full (1 of 1 participants)");
  signaling.disconnect(x, protocol::LeaveReason::disconnected);
  signaling.receive(y, protocol::serialize(protocol::Join{.room = "pair", .capacity = 2}));
  join(signaling, z, "pair");
  CHECK(signaling.peerCount("pair") == 2);
}

TEST_CASE("the same secret in two rooms at once: two members, nobody replaced") {
  Signaling signaling({10, 4});
  FakeParticipant inOne, inTwo;
  const std::string one = joinAs(signaling, inOne, "one", kAliceSecret);
  const std::string two = joinAs(signaling, inTwo, "two", kAliceSecret);
  CHECK(one == two);
  CHECK(inOne.received.size() == 1);
  CHECK(signaling.peerIdOf(inOne) == one);
  CHECK(signaling.peerCount("one") == 1);
  CHECK(signaling.peerCount("two") == 1);
}

TEST_CASE("joined carries the ICE servers issued for the joiner's own peer id, on every join") {
  std::vector<std::string> issuedFor;
  Signaling signaling({10, 4}, {}, [&](std::string_view peer) {
    issuedFor.emplace_back(peer);
    return grantIceServers(
        {{"stun:127.0.0.1:3478", "turn:127.0.0.1:3478"}, "secret-0123456789", 60}, peer, 1000);
  });
  FakeParticipant alice, bob;
  const std::string aliceId = join(signaling, alice, "demo");
  const protocol::Joined& joined = alice.last<protocol::Joined>();
  REQUIRE(joined.iceServers.size() == 2);
  CHECK(joined.iceServers[0] == protocol::IceServer{{"stun:127.0.0.1:3478"}});
  CHECK(joined.iceServers[1].username == "1060:" + aliceId);
  CHECK(joined.iceServers[1].credential ==
        base64Encode(hmacSha1("secret-0123456789", "1060:" + aliceId)));
  CHECK(joined.iceServersExpireAt == 1060u);
  // The others never see anyone's credentials.
  const std::string bobId = join(signaling, bob, "demo");
  CHECK(alice.received.size() == 2);
  CHECK(alice.last<protocol::PeerJoined>() == protocol::PeerJoined{bobId, ""});
  // A rejoin (leave, join) is issued fresh ones.
  signaling.receive(alice, R"({"type":"leave"})");
  join(signaling, alice, "demo");
  CHECK(issuedFor == std::vector<std::string>{aliceId, bobId, alice.last<protocol::Joined>().peer});
}

TEST_CASE("without an ICE servers issuer, joined has no iceServers") {
  Signaling signaling({10, 4});
  RawParticipant alice;
  signaling.receive(alice, joinText("demo"));
  REQUIRE(alice.texts.size() == 1);
  CHECK(alice.texts[0].find("ice") == std::string::npos);
}
