// stats_history.hpp: the last minute of getStats(), one sample per second, for the panel's plots.
//
//   // every second, after `await pc.getStats()` has been parsed into `now`:
//   history.add(rtclab::ui::sampleBetween(previous, now));
//   previous = now;
//
// A sample holds what the plots show; sampleBetween() derives it from two stats reports, because
// the browser reports running totals (bytes, packets) and the plots want per-second rates.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include "rtclab/stats.hpp"

namespace rtclab::ui {

struct StatsSample {
  double kbpsIn = 0;                       // everything received on the selected candidate pair
  double kbpsOut = 0;                      // everything sent on it
  double packetsPerSecondIn = 0;           // RTP packets received, all inbound streams
  std::optional<double> roundTripTimeMs;   // the selected pair's currentRoundTripTime
  std::optional<double> framesPerSecondIn; // inbound video; std::nullopt without video
  double packetsLostPerSecondIn = 0;       // inbound RTP packets lost, all streams
  std::optional<double> jitterMs;          // the largest inbound stream jitter
  bool operator==(const StatsSample&) const = default;
};

// Rates between two reports taken about a second apart (`earlier` first). Counters that went
// backwards or streams present in only one report contribute nothing; RTT and fps come from
// `later` alone.
StatsSample sampleBetween(const StatsReport& earlier, const StatsReport& later);

class StatsHistory {
public:
  static constexpr std::size_t kDefaultCapacity = 60; // one minute at one sample a second
  explicit StatsHistory(std::size_t capacity = kDefaultCapacity); // capacity 0 counts as 1

  void add(const StatsSample& sample); // drops the oldest sample when full
  void clear();

  const std::deque<StatsSample>& samples() const { return samples_; } // oldest first
  std::optional<StatsSample> latest() const;
  std::size_t size() const { return samples_.size(); }
  std::size_t capacity() const { return capacity_; }

  // One field of every sample, oldest first, as the floats ImGui::PlotLines() takes; a missing
  // optional value (no RTT yet, no video) reads as 0.
  std::vector<float> series(double StatsSample::*field) const;
  std::vector<float> series(std::optional<double> StatsSample::*field) const;

private:
  std::size_t capacity_;
  std::deque<StatsSample> samples_;
};

} // namespace rtclab::ui
