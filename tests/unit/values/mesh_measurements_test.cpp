// The mesh's measurement model: a link's rates between two getStats() reports, the totals of
// all links, the mean per participant count, the ratio to the 1:1 call and the CSV export.
#include <doctest/doctest.h>

#include "rtclab/mesh_measurements.hpp"

#include <string>

using namespace rtclab;

namespace {

// One connection's report at `timestampMs`: the selected pair (host) with its byte counters,
// an outbound and an inbound video stream with their frame counters.
StatsReport reportAt(double timestampMs, std::uint64_t bytesSent, std::uint64_t bytesReceived,
                     std::uint64_t framesEncoded, std::uint64_t framesDecoded,
                     std::string limitation = "none") {
  StatsReport report;
  CandidatePairStats pair;
  pair.id = "CP1";
  pair.state = "succeeded";
  pair.nominated = true;
  pair.localCandidateId = "L1";
  pair.remoteCandidateId = "R1";
  pair.currentRoundTripTime = 0.004;
  pair.bytesSent = bytesSent;
  pair.bytesReceived = bytesReceived;
  pair.timestamp = timestampMs;
  report.candidatePairs.push_back(pair);
  TransportStats transport;
  transport.id = "T1";
  transport.selectedCandidatePairId = "CP1";
  report.transports.push_back(transport);
  CandidateStats local;
  local.id = "L1";
  local.candidateType = "host";
  report.candidates.push_back(local);
  RtpStreamStats out;
  out.id = "OV";
  out.kind = "video";
  out.direction = RtpDirection::Outbound;
  out.ssrc = 1;
  out.framesEncoded = framesEncoded;
  out.timestamp = timestampMs;
  out.qualityLimitationReason = std::move(limitation);
  report.rtpStreams.push_back(out);
  RtpStreamStats in;
  in.id = "IV";
  in.kind = "video";
  in.direction = RtpDirection::Inbound;
  in.ssrc = 2;
  in.bytes = bytesReceived / 2;
  in.framesDecoded = framesDecoded;
  in.timestamp = timestampMs;
  report.rtpStreams.push_back(in);
  return report;
}

MeshLink connectedLink(std::string peer, double up, double down, double fpsIn = 30) {
  MeshLink link;
  link.peer = std::move(peer);
  link.connectionState = "connected";
  link.kbpsUp = up;
  link.kbpsDown = down;
  link.fpsEncoded = 30;
  link.fpsDecoded = fpsIn;
  link.qualityLimitationReason = "none";
  return link;
}

} // namespace

TEST_CASE("a link's rates come from two reports of its connection") {
  const StatsReport first = reportAt(1000, 10000, 20000, 100, 90);
  const StatsReport second = reportAt(2000, 10000 + 62500, 20000 + 125000, 130, 115, "cpu");
  const MeshLink link = meshLinkBetween(&first, second);
  CHECK(link.kbpsUp == doctest::Approx(500));    // 62,500 bytes in 1 s
  CHECK(link.kbpsDown == doctest::Approx(1000)); // 125,000 bytes in 1 s
  CHECK(link.fpsEncoded == doctest::Approx(30));
  CHECK(link.fpsDecoded == doctest::Approx(25));
  CHECK(link.rttMs == doctest::Approx(4));
  CHECK(link.pairType == "host");
  CHECK(link.qualityLimitationReason == "cpu");
  CHECK(link.videoBytesReceived == (20000 + 125000) / 2);

  // The first report alone: no rates yet; a counter that went backwards: no rate.
  CHECK(meshLinkBetween(nullptr, first).kbpsUp == 0);
  CHECK(meshLinkBetween(&second, reportAt(3000, 5, 5, 1, 1)).kbpsUp == 0);
}

TEST_CASE("the totals add up the links; fps decoded is per tile, fps encoded is summed") {
  std::vector<MeshLink> links{connectedLink("b", 500, 450, 30), connectedLink("c", 520, 470, 20),
                              connectedLink("d", 480, 400, 25)};
  links[1].qualityLimitationReason = "bandwidth";
  links[2].qualityLimitationReason = "cpu";
  links[2].fpsDecoded.reset(); // no video from d yet
  const MeshTotals totals = meshTotalsOf(links);
  CHECK(totals.participants == 4);
  CHECK(totals.connected == 3);
  CHECK(totals.kbpsUp == doctest::Approx(1500));
  CHECK(totals.kbpsDown == doctest::Approx(1320));
  CHECK(totals.fpsEncoded == doctest::Approx(90)); // three encodes of one camera
  CHECK(totals.fpsDecodedPerTile == doctest::Approx(25));
  CHECK(totals.qualityLimitation == "bandwidth"); // the worst reason wins
  CHECK(meshTotalsOf({}).participants == 1);
}

TEST_CASE("the mean per participant count, its ratio to N = 2 and the CSV rows") {
  MeshMeasurements measurements;
  measurements.add(meshTotalsOf({connectedLink("b", 500, 500)}));
  MeshTotals underPressure = meshTotalsOf({connectedLink("b", 700, 500)});
  underPressure.cpuPressure = CpuPressureState::Serious;
  measurements.add(underPressure);
  auto three = std::vector<MeshLink>{connectedLink("b", 600, 550), connectedLink("c", 600, 550)};
  measurements.add(meshTotalsOf(three));
  // Someone still connecting: the sample belongs to no N and is left out.
  three.push_back(connectedLink("d", 0, 0));
  three.back().connectionState = "connecting";
  measurements.add(meshTotalsOf(three));
  measurements.add(MeshTotals{}); // alone

  REQUIRE(measurements.rows().size() == 2);
  const MeshRow* pair = measurements.row(2);
  REQUIRE(pair != nullptr);
  CHECK(pair->samples == 2);
  CHECK(pair->kbpsUp == doctest::Approx(600));
  CHECK(measurements.upRatioToPair(*pair) == doctest::Approx(1.0));
  const MeshRow* mesh3 = measurements.row(3);
  REQUIRE(mesh3 != nullptr);
  CHECK(mesh3->kbpsUp == doctest::Approx(1200));
  CHECK(mesh3->kbpsUpPerConnection() == doctest::Approx(600));
  CHECK(measurements.upRatioToPair(*mesh3) == doctest::Approx(2.0)); // N-1 uploads
  CHECK(measurements.row(4) == nullptr);

  CHECK(measurements.csv() ==
        "participants,connections,samples,up_kbps,down_kbps,up_kbps_per_connection,"
        "down_kbps_per_connection,fps_encoded,fps_decoded_per_tile,quality_limitation,"
        "cpu_pressure,up_ratio_to_n2\n"
        "2,1,2,600.0,500.0,600.0,500.0,30.0,30.0,none,serious,1.0\n"
        "3,2,1,1200.0,1100.0,600.0,550.0,60.0,30.0,none,,2.0\n");

  MeshMeasurements withoutPair;
  withoutPair.add(meshTotalsOf({connectedLink("b", 1, 1), connectedLink("c", 1, 1)}));
  CHECK_FALSE(withoutPair.upRatioToPair(withoutPair.rows()[0]).has_value());
  CHECK(withoutPair.csv().ends_with(",none,,\n")); // no ratio without a 1:1 reference
}

TEST_CASE("the meter: a link per remote, a report counted once, leavers dropped, a tick a second") {
  MeshMeter meter;
  meter.observe("b", "bob", "connected", reportAt(1000, 0, 0, 0, 0));
  meter.observe("b", "bob", "connected", reportAt(2000, 125000, 62500, 30, 30));
  // The same report again (the next frame): the rates stay.
  meter.observe("b", "bob", "connected", reportAt(2000, 125000, 62500, 30, 30));
  meter.observe("c", "carol", "connecting", std::nullopt);
  auto links = meter.links();
  REQUIRE(links.size() == 2);
  CHECK(links[0].peer == "b");
  CHECK(links[0].name == "bob");
  CHECK(links[0].kbpsUp == doctest::Approx(1000));
  CHECK(links[1].connectionState == "connecting");

  CHECK(meter.tick(5000)); // carol still connecting: nothing recorded
  CHECK(meter.measurements().rows().empty());
  meter.retainOnly({"b"});       // carol gave up
  CHECK_FALSE(meter.tick(5500)); // not a second yet
  meter.setCpuPressure(CpuPressureState::Critical);
  CHECK(meter.totals().cpuPressure == CpuPressureState::Critical);
  CHECK(meter.tick(6000));
  meter.setCpuPressure(CpuPressureState::Fair); // the worst of the samples stays in the row
  CHECK(meter.tick(7000));
  REQUIRE(meter.measurements().rows().size() == 1);
  CHECK(meter.measurements().rows()[0].participants == 2);
  CHECK(meter.measurements().rows()[0].samples == 2);
  CHECK(meter.measurements().rows()[0].kbpsUp == doctest::Approx(1000));
  CHECK(meter.measurements().rows()[0].cpuPressure == CpuPressureState::Critical);
}
