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
