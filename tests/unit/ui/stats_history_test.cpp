#include <doctest/doctest.h>

#include <utility>

#include "rtclab/ui/stats_history.hpp"

using rtclab::CandidatePairStats;
using rtclab::RtpDirection;
using rtclab::RtpStreamStats;
using rtclab::StatsReport;
using rtclab::ui::StatsHistory;
using rtclab::ui::StatsSample;

namespace {

// A report as getStats() gives it at `timestampMs`: one selected pair and one inbound video.
StatsReport reportAt(double timestampMs, std::uint64_t bytesReceived, std::uint64_t bytesSent,
                     std::uint64_t packetsReceived) {
  StatsReport report;
  CandidatePairStats pair;
  pair.id = "CP1";
  pair.state = "succeeded";
  pair.nominated = true;
  pair.currentRoundTripTime = 0.05;
  pair.bytesReceived = bytesReceived;
  pair.bytesSent = bytesSent;
  pair.timestamp = timestampMs;
  report.candidatePairs.push_back(pair);
  RtpStreamStats video;
  video.id = "IT01V";
  video.kind = "video";
  video.direction = RtpDirection::Inbound;
  video.ssrc = 1234;
  video.packets = packetsReceived;
  video.bytes = bytesReceived;
  video.framesPerSecond = 30;
  video.timestamp = timestampMs;
  report.rtpStreams.push_back(video);
  return report;
}

} // namespace

TEST_CASE("a sample turns two reports' totals into per-second rates") {
  const auto sample =
      rtclab::ui::sampleBetween(reportAt(1000, 0, 5000, 100), reportAt(2000, 125000, 30000, 190));
  CHECK(sample.kbpsIn == doctest::Approx(1000));
  CHECK(sample.kbpsOut == doctest::Approx(200));
  CHECK(sample.packetsPerSecondIn == doctest::Approx(90));
  REQUIRE(sample.roundTripTimeMs);
  CHECK(*sample.roundTripTimeMs == doctest::Approx(50));
  REQUIRE(sample.framesPerSecondIn);
  CHECK(*sample.framesPerSecondIn == doctest::Approx(30));
}

TEST_CASE("losses per second and the worst jitter of the received streams") {
  auto earlier = reportAt(1000, 0, 0, 100);
  auto later = reportAt(3000, 0, 0, 300);
  earlier.rtpStreams[0].packetsLost = 4;
  later.rtpStreams[0].packetsLost = 24; // 20 lost in 2 s
  later.rtpStreams[0].jitter = 0.012;
  RtpStreamStats audio;
  audio.id = "IT01A";
  audio.kind = "audio";
  audio.direction = RtpDirection::Inbound;
  audio.jitter = 0.003;
  later.rtpStreams.push_back(audio);
  const auto sample = rtclab::ui::sampleBetween(earlier, later);
  CHECK(sample.packetsLostPerSecondIn == doctest::Approx(10));
  REQUIRE(sample.jitterMs);
  CHECK(*sample.jitterMs == doctest::Approx(12));
  // Duplicates arriving late make packetsLost fall: that is no negative loss.
  std::swap(earlier.rtpStreams[0].packetsLost, later.rtpStreams[0].packetsLost);
  CHECK(rtclab::ui::sampleBetween(earlier, later).packetsLostPerSecondIn == 0);
}

TEST_CASE("counters that went backwards give no rate rather than a huge one") {
  const auto sample =
      rtclab::ui::sampleBetween(reportAt(1000, 125000, 30000, 190), reportAt(2000, 10, 10, 5));
  CHECK(sample.kbpsIn == 0);
  CHECK(sample.kbpsOut == 0);
  CHECK(sample.packetsPerSecondIn == 0);
}

TEST_CASE("before ICE has chosen a pair there is nothing to rate") {
  const auto sample = rtclab::ui::sampleBetween(StatsReport{}, StatsReport{});
  CHECK(sample == StatsSample{});
}

TEST_CASE("the history keeps the last `capacity` samples, oldest first") {
  StatsHistory history(3);
  CHECK_FALSE(history.latest());
  for (int second = 1; second <= 5; ++second) {
    StatsSample sample;
    sample.kbpsIn = second * 100;
    if (second % 2 == 0) {
      sample.roundTripTimeMs = second;
    }
    history.add(sample);
  }
  CHECK(history.size() == 3);
  CHECK(history.latest()->kbpsIn == 500);
  CHECK(history.series(&StatsSample::kbpsIn) == std::vector<float>{300, 400, 500});
  // A missing RTT reads as 0 in the plot.
  CHECK(history.series(&StatsSample::roundTripTimeMs) == std::vector<float>{0, 4, 0});
  history.clear();
  CHECK(history.size() == 0);
  CHECK(StatsHistory(0).capacity() == 1);
}
