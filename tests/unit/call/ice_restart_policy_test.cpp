#include <doctest/doctest.h>

#include <utility>
#include <vector>

#include "rtclab/ice_restart_policy.hpp"

using rtclab::IceRestartDecision;
using rtclab::IceRestartPolicy;
using rtclab::NegotiationRole;
using rtclab::PeerConnectionState;

namespace {

// The first time in [fromMs, toMs] (1 ms steps) at which poll() does not say None, and what it
// said.
std::optional<std::pair<double, IceRestartDecision>> firstDecision(IceRestartPolicy& policy,
                                                                   double fromMs, double toMs) {
  for (double now = fromMs; now <= toMs; now += 1) {
    const auto decision = policy.poll(now);
    if (decision != IceRestartDecision::None) {
      return std::pair{now, decision};
    }
  }
  return std::nullopt;
}

} // namespace

TEST_CASE("the first restart: after the grace on disconnected, at once on failed; polite later") {
  struct Row {
    NegotiationRole role;
    PeerConnectionState state;
    double restartAtMs; // the symptom appears at 1000
  };
  const Row rows[] = {
      {NegotiationRole::Impolite, PeerConnectionState::Disconnected, 1000 + 3000},
      {NegotiationRole::Impolite, PeerConnectionState::Failed, 1000},
      {NegotiationRole::Polite, PeerConnectionState::Disconnected, 1000 + 3000 + 2000},
      {NegotiationRole::Polite, PeerConnectionState::Failed, 1000 + 2000},
  };
  for (const Row& row : rows) {
    CAPTURE(toString(row.role));
    CAPTURE(toString(row.state));
    IceRestartPolicy policy(row.role);
    policy.connectionStateChanged(PeerConnectionState::Connected, 0);
    CHECK(policy.poll(500) == IceRestartDecision::None);
    policy.connectionStateChanged(row.state, 1000);
    CHECK(policy.nextPollMs() == row.restartAtMs);
    const auto first = firstDecision(policy, 1000, 20000);
    REQUIRE(first);
    CHECK(first->first == row.restartAtMs);
    CHECK(first->second == IceRestartDecision::RestartIce);
    CHECK(policy.attempts() == 1);
  }
}

TEST_CASE("a return to connected cancels the pending restart and clears the attempts") {
  IceRestartPolicy policy(NegotiationRole::Impolite);
  policy.connectionStateChanged(PeerConnectionState::Disconnected, 0);
  policy.connectionStateChanged(PeerConnectionState::Connected, 2000); // healed by itself
  CHECK_FALSE(policy.nextPollMs());
  CHECK_FALSE(firstDecision(policy, 2000, 60000));

  policy.connectionStateChanged(PeerConnectionState::Failed, 70000);
  CHECK(policy.poll(70000) == IceRestartDecision::RestartIce);
  policy.connectionStateChanged(PeerConnectionState::Connecting, 70100);
  policy.connectionStateChanged(PeerConnectionState::Connected, 71000); // the restart worked
  CHECK(policy.attempts() == 0);
  CHECK_FALSE(firstDecision(policy, 71000, 130000));
}

TEST_CASE("repeated failures back off, then the policy gives up: the other side is gone") {
  IceRestartPolicy policy(NegotiationRole::Impolite); // 3 s grace, 5 s timeout doubling, 3 tries
  policy.connectionStateChanged(PeerConnectionState::Disconnected, 0);
  using Decision = std::pair<double, IceRestartDecision>;
  const auto restart = IceRestartDecision::RestartIce;
  CHECK(firstDecision(policy, 0, 120000) == Decision{3000, restart}); // the grace is over
  // The first restart did not connect within 5 s.
  CHECK(firstDecision(policy, 3001, 120000) == Decision{8000, restart});
  // ICE reports failed during the second attempt: no hurry, the next one still waits its 10 s.
  policy.connectionStateChanged(PeerConnectionState::Failed, 10000);
  CHECK(firstDecision(policy, 8001, 120000) == Decision{18000, restart});
  // The third did not connect within 20 s: give up.
  CHECK(firstDecision(policy, 18001, 120000) == Decision{38000, IceRestartDecision::GiveUp});
  CHECK(policy.gaveUp());
  CHECK(policy.attempts() == 3);
  // Given up means given up: later symptoms ask for nothing until reset().
  policy.connectionStateChanged(PeerConnectionState::Failed, 40000);
  CHECK_FALSE(firstDecision(policy, 40000, 100000));
  policy.reset();
  policy.connectionStateChanged(PeerConnectionState::Failed, 100000);
  CHECK(policy.poll(100000) == IceRestartDecision::RestartIce);
}

TEST_CASE("failed during the disconnected grace restarts at once") {
  IceRestartPolicy policy(NegotiationRole::Impolite);
  policy.connectionStateChanged(PeerConnectionState::Disconnected, 0);
  policy.connectionStateChanged(PeerConnectionState::Failed, 1000);
  CHECK(policy.poll(1000) == IceRestartDecision::RestartIce);
}

TEST_CASE("the polite side leaves the restart to the impolite one, and takes over if it stalls") {
  IceRestartPolicy polite(NegotiationRole::Polite);
  polite.connectionStateChanged(PeerConnectionState::Disconnected, 0); // would restart at 5000
  polite.remoteIceRestartSeen(3100); // the impolite side restarted at 3000
  CHECK(polite.nextPollMs() == 3100 + 5000);
  CHECK_FALSE(firstDecision(polite, 0, 8099));
  SUBCASE("the other side's restart works") {
    polite.connectionStateChanged(PeerConnectionState::Connected, 4000);
    CHECK_FALSE(firstDecision(polite, 4000, 60000));
    CHECK(polite.attempts() == 0);
  }
  SUBCASE("it does not: the polite side restarts on its own") {
    CHECK(polite.poll(8100) == IceRestartDecision::RestartIce);
    CHECK(polite.attempts() == 1);
  }
}

TEST_CASE("a remote restart while connected changes nothing") {
  IceRestartPolicy policy(NegotiationRole::Polite);
  policy.connectionStateChanged(PeerConnectionState::Connected, 0);
  policy.remoteIceRestartSeen(100);
  CHECK_FALSE(policy.nextPollMs());
}

TEST_CASE("impossible options are clamped") {
  IceRestartPolicy::Options options;
  options.disconnectedGraceMs = -1;
  options.politeExtraWaitMs = -1;
  options.attemptTimeoutMs = -1;
  options.backoffFactor = 0.5;
  options.maxAttempts = -2;
  IceRestartPolicy policy(NegotiationRole::Polite, options);
  CHECK(policy.options().disconnectedGraceMs == 0);
  CHECK(policy.options().politeExtraWaitMs == 0);
  CHECK(policy.options().attemptTimeoutMs == 0);
  CHECK(policy.options().backoffFactor == 1);
  CHECK(policy.options().maxAttempts == 0);
  policy.connectionStateChanged(PeerConnectionState::Disconnected, 0);
  CHECK(policy.poll(0) == IceRestartDecision::GiveUp); // no restarts allowed at all
}

TEST_CASE("decisions are spelled for the panel") {
  CHECK(toString(IceRestartDecision::None) == "none");
  CHECK(toString(IceRestartDecision::RestartIce) == "restart-ice");
  CHECK(toString(IceRestartDecision::GiveUp) == "give-up");
}
