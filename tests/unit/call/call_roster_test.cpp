// CallRoster: what becomes of a call when the other side reconnects, reloads, hangs up or
// vanishes, and when the signaling server restarts.
#include <doctest/doctest.h>

#include "rtclab/call_roster.hpp"

#include <string>
#include <vector>

using namespace rtclab;

namespace {

const RemoteParticipant kBob{"u-b0b", "bob", "session-1"};
const RemoteParticipant kBobReloaded{"u-b0b", "bob", "session-2"};
const RemoteParticipant kCarol{"u-ca401", "carol", "session-9"};

RosterAction actionOf(const RosterDecision& decision) { return decision.action; }

} // namespace

TEST_CASE("whoever finds others in the room offers; whoever was there waits for the offer") {
  CallRoster alice;
  const auto decisions = alice.joined({kBob, kCarol});
  REQUIRE(decisions.size() == 2);
  CHECK(decisions[0] == RosterDecision{"u-b0b", RosterAction::Connect, true, decisions[0].why});
  CHECK(decisions[1].action == RosterAction::Connect);
  CHECK(decisions[1].weOffer);

  CallRoster bob;
  const auto arrival = bob.peerJoined({"u-a11ce", "alice", "s"});
  CHECK(arrival.action == RosterAction::Connect);
  CHECK_FALSE(arrival.weOffer);
  CHECK(bob.entries().size() == 1);
}

TEST_CASE("a reconnect (same session) keeps the call; a reload (new session) replaces it") {
  CallRoster alice;
  alice.peerJoined(kBob);

  // Bob's socket drops: the call stays while he may come back.
  CHECK(actionOf(alice.peerLeft("u-b0b", false, 1000)) == RosterAction::None);
  CHECK_FALSE(alice.find("u-b0b")->inRoom);
  CHECK(alice.nextPollMs() == 1000 + CallRoster::Options{}.leaveGraceMs);
  // He is back from the same page: keep, and the grace period is over.
  const auto back = alice.peerJoined(kBob);
  CHECK(back.action == RosterAction::Keep);
  CHECK(alice.find("u-b0b")->inRoom);
  CHECK_FALSE(alice.nextPollMs());

  // He reloads: the old page's PeerConnection died with it.
  alice.peerLeft("u-b0b", false, 2000);
  const auto reloaded = alice.peerJoined(kBobReloaded);
  CHECK(reloaded.action == RosterAction::Replace);
  CHECK_FALSE(reloaded.weOffer); // the reloaded page finds us in the room and offers
  CHECK(alice.find("u-b0b")->participant.session == "session-2");
  CHECK_FALSE(alice.nextPollMs());
}

TEST_CASE("a server restart: nobody leaves, everyone rejoins, every call is kept") {
  CallRoster alice;
  alice.joined({kBob});
  // The server restarts. Alice rejoins first: the room is empty, Bob's call stays.
  CHECK(alice.joined({}).empty());
  CHECK(alice.find("u-b0b") != nullptr);
  CHECK(alice.find("u-b0b")->inRoom);
  // Bob rejoins: alice sees peer-joined from the same page load.
  CHECK(actionOf(alice.peerJoined(kBob)) == RosterAction::Keep);
  // Had Bob rejoined first, alice's joined would list him.
  CHECK(actionOf(alice.joined({kBob})[0]) == RosterAction::Keep);
}

TEST_CASE("hang up closes at once; a vanished participant is closed after the grace period") {
  CallRoster alice;
  alice.joined({kBob, kCarol});
  const auto hungUp = alice.peerLeft("u-b0b", true, 0);
  CHECK(hungUp.action == RosterAction::Close);
  CHECK(alice.find("u-b0b") == nullptr);

  CallRoster::Options options;
  options.leaveGraceMs = 500;
  CallRoster bob(options);
  bob.joined({kCarol});
  bob.peerLeft("u-ca401", false, 100);
  CHECK(bob.poll(599).empty());
  const auto closed = bob.poll(600);
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].action == RosterAction::Close);
  CHECK(closed[0].peer == "u-ca401");
  CHECK(bob.entries().empty());
  CHECK(bob.poll(10000).empty()); // once
  // Coming back after that is a new call.
  CHECK(actionOf(bob.peerJoined(kCarol)) == RosterAction::Connect);
}

TEST_CASE("without a session nobody can tell a reload from a reconnect: start over") {
  CallRoster alice;
  alice.peerJoined({"p1", "old client", ""});
  CHECK(actionOf(alice.peerJoined({"p1", "old client", ""})) == RosterAction::Replace);
}

TEST_CASE("unknown participants leaving change nothing; forget and clear drop entries") {
  CallRoster alice;
  CHECK(actionOf(alice.peerLeft("u-nobody", false, 0)) == RosterAction::None);
  alice.joined({kBob, kCarol});
  alice.forget("u-b0b");
  CHECK(alice.entries().size() == 1);
  alice.clear();
  CHECK(alice.entries().empty());
  CHECK(toString(RosterAction::Replace) == "replace");
}

TEST_CASE("a mesh built by arrivals: every pair has exactly one offerer, the newcomer") {
  // Participants arrive one by one; each arrival sees joined(everyone there) and everyone there
  // sees peerJoined(it). No pair ever has two offerers, so a join never causes glare.
  constexpr int kParticipants = 8;
  std::vector<CallRoster> rosters(kParticipants);
  std::vector<RemoteParticipant> present;
  int offers[kParticipants][kParticipants] = {}; // offers[from][to]
  for (int n = 0; n < kParticipants; ++n) {
    const RemoteParticipant me{"u-" + std::to_string(n), "p" + std::to_string(n), "s"};
    for (const RosterDecision& decision : rosters[n].joined(present)) {
      REQUIRE(decision.action == RosterAction::Connect);
      offers[n][std::stoi(decision.peer.substr(2))] += decision.weOffer ? 1 : 0;
    }
    for (int other = 0; other < n; ++other) {
      const RosterDecision decision = rosters[other].peerJoined(me);
      REQUIRE(decision.action == RosterAction::Connect);
      offers[other][n] += decision.weOffer ? 1 : 0;
    }
    present.push_back(me);
  }
  for (int a = 0; a < kParticipants; ++a) {
    CHECK(rosters[a].entries().size() == kParticipants - 1); // a full mesh: N-1 calls each
    for (int b = a + 1; b < kParticipants; ++b) {
      CHECK(offers[a][b] + offers[b][a] == 1); // one offerer per pair
      CHECK(offers[b][a] == 1);                // and it is the one who came later
    }
  }
}
