// RoomRoster: the room's other peers from joined / peer-joined / peer-left.
#include <doctest/doctest.h>

#include "rtclab/room_roster.hpp"

namespace protocol = rtclab::protocol;
using rtclab::RoomRoster;
using rtclab::RosterEntry;

namespace {

RoomRoster joinedWithBob() {
  RoomRoster roster;
  roster.recordJoined(
      protocol::Joined{
          .room = "demo", .peer = "p1", .name = "alice", .peers = {{"p2", "bob", "s-bob"}}},
      10);
  return roster;
}

} // namespace

TEST_CASE("joined gives our id, the room and the peers already there") {
  const auto roster = joinedWithBob();
  CHECK(roster.self() == "p1");
  CHECK(roster.room() == "demo");
  REQUIRE(roster.peers().size() == 1);
  CHECK(roster.peers()[0] == RosterEntry{"p2", "bob", "s-bob", 10});
  REQUIRE(roster.find("p2") != nullptr);
  CHECK(roster.find("p2")->session == "s-bob");
  CHECK(roster.find("p1") == nullptr); // we are not our own peer
}

TEST_CASE("peers arrive in order; a repeated peer-joined replaces, never duplicates") {
  auto roster = joinedWithBob();
  roster.recordPeerJoined(protocol::PeerJoined{.peer = "p3", .name = "carol"}, 20);
  const auto& again = roster.recordPeerJoined(
      protocol::PeerJoined{.peer = "p3", .name = "carol", .session = "s2"}, 30);
  CHECK(again == RosterEntry{"p3", "carol", "s2", 30});
  REQUIRE(roster.peers().size() == 2);
  CHECK(roster.peers()[0].id == "p2");
  CHECK(roster.peers()[1].session == "s2");
}

TEST_CASE("peer-left removes the peer and hands back its entry; an unknown one is ignored") {
  auto roster = joinedWithBob();
  const auto gone = roster.recordPeerLeft(
      protocol::PeerLeft{.peer = "p2", .reason = protocol::LeaveReason::disconnected});
  REQUIRE(gone);
  CHECK(gone->name == "bob");
  CHECK(roster.empty());
  CHECK_FALSE(roster.recordPeerLeft(protocol::PeerLeft{.peer = "p9"}));
}

TEST_CASE("a second joined (a rejoin after reconnecting) starts over; clear() forgets all") {
  auto roster = joinedWithBob();
  roster.recordPeerJoined(protocol::PeerJoined{.peer = "p3"}, 20);
  roster.recordJoined(protocol::Joined{.room = "demo", .peer = "p7", .peers = {{"p3", ""}}}, 90);
  CHECK(roster.self() == "p7");
  REQUIRE(roster.peers().size() == 1);
  CHECK(roster.peers()[0] == RosterEntry{"p3", "", "", 90});
  roster.clear();
  CHECK(roster.self().empty());
  CHECK(roster.room().empty());
  CHECK(roster.empty());
}

TEST_CASE("the snapshot lists every field of every entry") {
  const auto out = toJson(joinedWithBob());
  CHECK(out == nlohmann::json::parse(R"({"room":"demo","you":"p1","peers":[
      {"id":"p2","name":"bob","session":"s-bob","joinedAtMs":10}]})"));
}
