#include "rtclab/ui/stats_history.hpp"

#include <algorithm>
#include <cstdint>

namespace rtclab::ui {
namespace {

// Bytes per millisecond of report time, as kilobits per second; 0 when it cannot be told.
double kbpsBetween(std::uint64_t earlierBytes, std::uint64_t laterBytes, double elapsedMs) {
  if (elapsedMs <= 0 || laterBytes < earlierBytes) {
    return 0;
  }
  return static_cast<double>(laterBytes - earlierBytes) * 8.0 / elapsedMs; // bits/ms == kbit/s
}

const RtpStreamStats* findStream(const StatsReport& report, const RtpStreamStats& like) {
  for (const RtpStreamStats& stream : report.rtpStreams) {
    if (stream.id == like.id) {
      return &stream;
    }
  }
  return nullptr;
}

} // namespace

StatsSample sampleBetween(const StatsReport& earlier, const StatsReport& later) {
  StatsSample sample;
  const auto laterPair = later.selectedPair();
  if (laterPair) {
    if (laterPair->currentRoundTripTime) {
      sample.roundTripTimeMs = *laterPair->currentRoundTripTime * 1000.0;
    }
    // The same pair in both reports: the bytes on the wire (media and data channels alike).
    const auto earlierPair = earlier.selectedPair();
    if (earlierPair && earlierPair->id == laterPair->id) {
      const double elapsedMs = laterPair->timestamp - earlierPair->timestamp;
      sample.kbpsIn = kbpsBetween(earlierPair->bytesReceived, laterPair->bytesReceived, elapsedMs);
      sample.kbpsOut = kbpsBetween(earlierPair->bytesSent, laterPair->bytesSent, elapsedMs);
    }
  }
  for (const RtpStreamStats& stream : later.rtpStreams) {
    if (stream.direction != RtpDirection::Inbound) {
      continue;
    }
    if (const RtpStreamStats* before = findStream(earlier, stream)) {
      if (const auto streamRates = rates(*before, stream)) {
        sample.packetsPerSecondIn += streamRates->packetsPerSecond;
        const double elapsedMs = stream.timestamp - before->timestamp;
        if (stream.packetsLost > before->packetsLost) { // can fall: late duplicates count back
          sample.packetsLostPerSecondIn +=
              static_cast<double>(stream.packetsLost - before->packetsLost) * 1000.0 / elapsedMs;
        }
      }
    }
    if (stream.jitter) {
      sample.jitterMs = std::max(sample.jitterMs.value_or(0.0), *stream.jitter * 1000.0);
    }
    if (stream.kind == "video" && stream.framesPerSecond) {
      sample.framesPerSecondIn = *stream.framesPerSecond;
    }
  }
  return sample;
}

StatsHistory::StatsHistory(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

void StatsHistory::add(const StatsSample& sample) {
  if (samples_.size() == capacity_) {
    samples_.pop_front();
  }
  samples_.push_back(sample);
}

void StatsHistory::clear() { samples_.clear(); }

std::optional<StatsSample> StatsHistory::latest() const {
  if (samples_.empty()) {
    return std::nullopt;
  }
  return samples_.back();
}

std::vector<float> StatsHistory::series(double StatsSample::*field) const {
  std::vector<float> values;
  values.reserve(samples_.size());
  for (const StatsSample& sample : samples_) {
    values.push_back(static_cast<float>(sample.*field));
  }
  return values;
}

std::vector<float> StatsHistory::series(std::optional<double> StatsSample::*field) const {
  std::vector<float> values;
  values.reserve(samples_.size());
  for (const StatsSample& sample : samples_) {
    values.push_back(static_cast<float>((sample.*field).value_or(0.0)));
  }
  return values;
}

} // namespace rtclab::ui
