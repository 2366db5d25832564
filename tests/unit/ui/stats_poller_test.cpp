// StatsPoller: when it asks for stats, how it pairs reports, and its glue over a fake connection.
#include <doctest/doctest.h>

#include "rtclab/ui/stats_poller.hpp"

#include "stats_fixtures.hpp"

#include <functional>
#include <string>
#include <vector>

using rtclab::StatsReport;
using rtclab::ui::PeerPanelState;
using rtclab::ui::StatsPoller;

namespace {

// A report at `timestampMs` with `bytesReceived` on a selected host-to-host pair.
StatsReport reportAt(double timestampMs, std::uint64_t bytesReceived) {
  StatsReport report;
  auto pair = rtclab::testing::succeededPair("L1", "R1");
  pair.bytesReceived = bytesReceived;
  pair.timestamp = timestampMs;
  report.candidatePairs.push_back(pair);
  report.candidates.push_back(rtclab::testing::candidateStats("L1", "host", "127.0.0.1", 50001));
  report.candidates.push_back(
      rtclab::testing::candidateStats("R1", "host", "127.0.0.1", 50002, true));
  return report;
}

struct FakeError {
  std::string name;
};

// What poll() needs of a PeerConnection: getStats(onReport, onError), settled by the test.
struct FakeConnection {
  std::vector<std::function<void(StatsReport)>> pendingReports;
  std::vector<std::function<void(FakeError)>> pendingErrors;
  void getStats(std::function<void(StatsReport)> onReport, std::function<void(FakeError)> onError) {
    pendingReports.push_back(std::move(onReport));
    pendingErrors.push_back(std::move(onError));
  }
  int requests() const { return static_cast<int>(pendingReports.size()); }
};

} // namespace

TEST_CASE("the first poll asks at once, then once per interval, never two at a time") {
  StatsPoller poller{1000};
  CHECK(poller.due(0));
  const auto first = poller.requested(0);
  CHECK(poller.inFlight());
  CHECK_FALSE(poller.due(5000)); // still waiting for the first answer
  PeerPanelState peer;
  CHECK(poller.received(first, reportAt(0, 0), peer));
  CHECK_FALSE(poller.due(999));
  CHECK(poller.due(1000));
}

TEST_CASE("each report after the first adds a sample against the previous one") {
  StatsPoller poller{1000};
  PeerPanelState peer;
  CHECK(poller.received(poller.requested(0), reportAt(1000, 0), peer));
  CHECK(peer.stats.size() == 0); // one report gives no rate
  REQUIRE(peer.latestStats);
  REQUIRE(peer.selectedPair);
  CHECK(peer.selectedPair->local.port == 50001);
  CHECK(peer.selectedPair->remote.port == 50002);
  CHECK(poller.received(poller.requested(1000), reportAt(2000, 125000), peer));
  REQUIRE(peer.stats.size() == 1);
  CHECK(peer.stats.latest()->kbpsIn == doctest::Approx(1000));
  CHECK(peer.latestStats->candidatePairs[0].bytesReceived == 125000);
}

TEST_CASE("a failed request frees the way; an answer from before reset() is dropped") {
  StatsPoller poller{1000};
  PeerPanelState peer;
  const auto lost = poller.requested(0);
  poller.failed(lost);
  CHECK_FALSE(poller.inFlight());
  CHECK(poller.due(1000));

  const auto old = poller.requested(1000);
  poller.reset(); // a new connection: the old request's answer no longer belongs here
  CHECK(poller.due(1001));
  CHECK_FALSE(poller.received(old, reportAt(1000, 0), peer));
  CHECK_FALSE(peer.latestStats);
  const auto fresh = poller.requested(1001);
  poller.failed(old); // a stale failure does not free the fresh request
  CHECK(poller.inFlight());
  CHECK(poller.received(fresh, reportAt(1001, 0), peer));
}

TEST_CASE("poll() asks the connection when due and routes its answer or its error") {
  StatsPoller poller{1000};
  FakeConnection pc;
  PeerPanelState peer;
  std::vector<std::string> errors;
  const auto onError = [&](FakeError error) { errors.push_back(error.name); };
  for (double now : {0.0, 16.0, 500.0}) {
    poller.poll(now, pc, peer, onError);
  }
  REQUIRE(pc.requests() == 1); // in flight: no second request
  pc.pendingReports[0](reportAt(0, 0));
  poller.poll(900, pc, peer, onError);
  CHECK(pc.requests() == 1); // not due yet
  poller.poll(1000, pc, peer, onError);
  REQUIRE(pc.requests() == 2);
  pc.pendingErrors[1](FakeError{"InvalidStateError"});
  CHECK(errors == std::vector<std::string>{"InvalidStateError"});
  poller.poll(2000, pc, peer, onError);
  REQUIRE(pc.requests() == 3);
  pc.pendingReports[2](reportAt(2000, 250000));
  CHECK(peer.stats.size() == 1);
  CHECK(peer.stats.latest()->kbpsIn == doctest::Approx(1000));
}
