// mesh_measurements.hpp: what a full mesh costs, per remote participant and in total, per N.
//
// In a mesh every participant holds one RTCPeerConnection per other participant and sends its
// camera on each of them: N-1 encodes and N-1 uploads of the same video, N-1 downloads and
// decodes. The model turns each connection's getStats() reports into a MeshLink (rates between
// two reports), sums the links into MeshTotals, and keeps the mean of those totals for every
// participant count seen (MeshMeasurements), which is the chart of upload against N and the CSV.
//
//   rtclab::MeshMeter meter;
//   meter.observe(peer, name, "connected", session.view().panel.latestStats); // every frame
//   meter.retainOnly(peersStillThere);                                       // a leaver's link
//   meter.tick(nowMs());              // once a second: the totals into meter.measurements()
//   std::string csv = meter.measurements().csv();
//
// Pure values: tested natively and under node (tests/unit/values/mesh_measurements_test.cpp).
#pragma once

#include "rtclab/cpu_pressure.hpp"
#include "rtclab/stats.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtclab {

// One remote participant's connection, from its latest getStats() and the one before.
struct MeshLink {
  std::string peer; // participant id
  std::string name; // display name
  std::string connectionState;
  std::string pairType;             // the selected pair's local candidate type: "host", "relay" ...
  std::optional<double> rttMs;      // the selected pair's currentRoundTripTime
  double kbpsUp = 0;                // bytes sent on the selected pair (media, RTCP, data channels)
  double kbpsDown = 0;              // bytes received on it
  std::optional<double> fpsEncoded; // outbound video framesEncoded per second
  std::optional<double> fpsDecoded; // inbound video framesDecoded per second
  // Outbound video: "none", "cpu", "bandwidth", "other"; std::nullopt where the browser does not
  // report it (Firefox).
  std::optional<std::string> qualityLimitationReason;
  std::uint64_t videoBytesReceived = 0; // inbound video, running total
  bool operator==(const MeshLink&) const = default;
};

// The rates between two reports of one connection (`earlier` nullptr, or of another selected
// pair: rates 0); state and pair type from `later`. Counters that went backwards give 0.
MeshLink meshLinkBetween(const StatsReport* earlier, const StatsReport& later);

// Everything this participant sends and receives at one moment.
struct MeshTotals {
  int participants = 1; // us and everyone we hold a connection with
  int connected = 0;    // connections in connectionState "connected"
  double kbpsUp = 0;
  double kbpsDown = 0;
  double fpsEncoded = 0;        // summed: each connection encodes its own copy of the camera
  double fpsDecodedPerTile = 0; // the mean over connections that decode video
  // The worst reason over the connections: "bandwidth" > "cpu" > "other" > "none"; std::nullopt
  // when no connection reports one.
  std::optional<std::string> qualityLimitation;
  // The page's CPU pressure (one machine encodes and decodes every stream); Unknown where the
  // browser has no Compute Pressure API.
  CpuPressureState cpuPressure = CpuPressureState::Unknown;
  bool operator==(const MeshTotals&) const = default;
};
MeshTotals meshTotalsOf(const std::vector<MeshLink>& links);

// The mean of the totals sampled while the mesh had `participants` members, all connected.
struct MeshRow {
  int participants = 0;
  int samples = 0;
  double kbpsUp = 0;
  double kbpsDown = 0;
  double fpsEncoded = 0;
  double fpsDecodedPerTile = 0;
  std::optional<std::string> qualityLimitation;             // the worst seen at this N
  CpuPressureState cpuPressure = CpuPressureState::Unknown; // the worst seen at this N
  double kbpsUpPerConnection() const;
  double kbpsDownPerConnection() const;
  bool operator==(const MeshRow&) const = default;
};

class MeshMeasurements {
public:
  // One sample. Ignored unless every connection is connected (a mesh of `participants`
  // members, in full): while someone joins or leaves the figures belong to no N.
  void add(const MeshTotals& totals);
  void clear() { rows_.clear(); }

  const std::vector<MeshRow>& rows() const { return rows_; } // by participants, ascending
  const MeshRow* row(int participants) const;
  // Upload at `row` against the 1:1 call (N = 2) of the same page; nullopt without one.
  std::optional<double> upRatioToPair(const MeshRow& row) const;

  // One header line, then one line per row, "\n"-terminated:
  // participants,connections,samples,up_kbps,down_kbps,up_kbps_per_connection,
  // down_kbps_per_connection,fps_encoded,fps_decoded_per_tile,quality_limitation,cpu_pressure,
  // up_ratio_to_n2
  std::string csv() const;

private:
  std::vector<MeshRow> rows_;
};

// The bookkeeping between a lab's sessions and the model: a link per remote participant, the
// totals once per interval.
class MeshMeter {
public:
  explicit MeshMeter(double intervalMs = 1000) : intervalMs_(intervalMs) {}

  // `peer`'s connection as it is now; a report already seen (same timestamp) keeps the rates.
  void observe(const std::string& peer, const std::string& name, std::string_view connectionState,
               const std::optional<StatsReport>& latest);
  // The page's latest CPU pressure reading: it goes into totals() and the samples.
  void setCpuPressure(CpuPressureState state) { cpuPressure_ = state; }
  // Drops the links of participants not in `peers` (they left).
  void retainOnly(const std::vector<std::string>& peers);
  // When an interval has passed since the last sample: the totals into measurements(). True
  // when it sampled.
  bool tick(double nowMs);

  std::vector<MeshLink> links() const; // by participant id
  MeshTotals totals() const;
  const MeshMeasurements& measurements() const { return measurements_; }

private:
  struct Track {
    std::optional<StatsReport> previous;
    MeshLink link;
  };
  double intervalMs_;
  std::optional<double> lastSampleMs_;
  CpuPressureState cpuPressure_ = CpuPressureState::Unknown;
  std::map<std::string, Track, std::less<>> tracks_;
  MeshMeasurements measurements_;
};

} // namespace rtclab
