#include "rtclab/mesh_measurements.hpp"

#include <algorithm>
#include <cstdio>

namespace rtclab {
namespace {

double kbpsBetween(std::uint64_t earlierBytes, std::uint64_t laterBytes, double elapsedMs) {
  if (elapsedMs <= 0 || laterBytes < earlierBytes) {
    return 0;
  }
  return static_cast<double>(laterBytes - earlierBytes) * 8.0 / elapsedMs; // bits/ms == kbit/s
}

const RtpStreamStats* videoStream(const StatsReport& report, RtpDirection direction) {
  for (const RtpStreamStats& stream : report.rtpStreams) {
    if (stream.kind == "video" && stream.direction == direction) {
      return &stream;
    }
  }
  return nullptr;
}

// Frames per second of the video stream of `direction`, from its framesDecoded/framesEncoded
// counter; the browser's own framesPerSecond when there is no earlier report to compare with.
std::optional<double> videoFps(const StatsReport* earlier, const StatsReport& later,
                               RtpDirection direction) {
  const RtpStreamStats* now = videoStream(later, direction);
  if (!now) {
    return std::nullopt;
  }
  const RtpStreamStats* before = earlier ? videoStream(*earlier, direction) : nullptr;
  if (before && before->id == now->id) {
    if (auto streamRates = rates(*before, *now); streamRates && streamRates->framesPerSecond) {
      return streamRates->framesPerSecond;
    }
  }
  return now->framesPerSecond;
}

int severity(std::string_view reason) {
  if (reason == "bandwidth") {
    return 4;
  }
  if (reason == "cpu") {
    return 3;
  }
  if (reason == "other") {
    return 2;
  }
  return reason == "none" ? 1 : 0;
}

std::string worse(const std::string& a, const std::string& b) {
  return severity(b) > severity(a) ? b : a;
}

// Of two reasons, the one reported; of two reported, the worse.
std::optional<std::string> worse(const std::optional<std::string>& a,
                                 const std::optional<std::string>& b) {
  if (!a || !b) {
    return a ? a : b;
  }
  return worse(*a, *b);
}

std::string formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// A running mean: `mean` over `count` samples, plus `value`.
double meanWith(double mean, int count, double value) {
  return mean + (value - mean) / static_cast<double>(count + 1);
}

} // namespace

MeshLink meshLinkBetween(const StatsReport* earlier, const StatsReport& later) {
  MeshLink link;
  if (const auto pair = later.selectedPair()) {
    if (pair->currentRoundTripTime) {
      link.rttMs = *pair->currentRoundTripTime * 1000.0;
    }
    if (const auto local = later.candidate(pair->localCandidateId)) {
      link.pairType = local->candidateType;
    }
    const auto before = earlier ? earlier->selectedPair() : std::nullopt;
    if (before && before->id == pair->id) {
      const double elapsedMs = pair->timestamp - before->timestamp;
      link.kbpsUp = kbpsBetween(before->bytesSent, pair->bytesSent, elapsedMs);
      link.kbpsDown = kbpsBetween(before->bytesReceived, pair->bytesReceived, elapsedMs);
    }
  }
  link.fpsEncoded = videoFps(earlier, later, RtpDirection::Outbound);
  link.fpsDecoded = videoFps(earlier, later, RtpDirection::Inbound);
  if (const RtpStreamStats* sent = videoStream(later, RtpDirection::Outbound)) {
    link.qualityLimitationReason = sent->qualityLimitationReason;
  }
  if (const RtpStreamStats* received = videoStream(later, RtpDirection::Inbound)) {
    link.videoBytesReceived = received->bytes;
  }
  return link;
}

MeshTotals meshTotalsOf(const std::vector<MeshLink>& links) {
  MeshTotals totals;
  totals.participants = static_cast<int>(links.size()) + 1;
  double decodedSum = 0;
  int decoding = 0;
  for (const MeshLink& link : links) {
    totals.connected += link.connectionState == "connected" ? 1 : 0;
    totals.kbpsUp += link.kbpsUp;
    totals.kbpsDown += link.kbpsDown;
    totals.fpsEncoded += link.fpsEncoded.value_or(0);
    if (link.fpsDecoded) {
      decodedSum += *link.fpsDecoded;
      ++decoding;
    }
    totals.qualityLimitation = worse(totals.qualityLimitation, link.qualityLimitationReason);
  }
  totals.fpsDecodedPerTile = decoding > 0 ? decodedSum / decoding : 0;
  return totals;
}

double MeshRow::kbpsUpPerConnection() const {
  return participants > 1 ? kbpsUp / (participants - 1) : 0;
}
double MeshRow::kbpsDownPerConnection() const {
  return participants > 1 ? kbpsDown / (participants - 1) : 0;
}

void MeshMeasurements::add(const MeshTotals& totals) {
  if (totals.participants < 2 || totals.connected != totals.participants - 1) {
    return;
  }
  auto it = std::lower_bound(rows_.begin(), rows_.end(), totals.participants,
                             [](const MeshRow& row, int n) { return row.participants < n; });
  if (it == rows_.end() || it->participants != totals.participants) {
    MeshRow fresh;
    fresh.participants = totals.participants;
    it = rows_.insert(it, fresh);
  }
  MeshRow& row = *it;
  row.kbpsUp = meanWith(row.kbpsUp, row.samples, totals.kbpsUp);
  row.kbpsDown = meanWith(row.kbpsDown, row.samples, totals.kbpsDown);
  row.fpsEncoded = meanWith(row.fpsEncoded, row.samples, totals.fpsEncoded);
  row.fpsDecodedPerTile = meanWith(row.fpsDecodedPerTile, row.samples, totals.fpsDecodedPerTile);
  row.qualityLimitation = worse(row.qualityLimitation, totals.qualityLimitation);
  row.cpuPressure = worse(row.cpuPressure, totals.cpuPressure);
  ++row.samples;
}

const MeshRow* MeshMeasurements::row(int participants) const {
  for (const MeshRow& candidate : rows_) {
    if (candidate.participants == participants) {
      return &candidate;
    }
  }
  return nullptr;
}

std::optional<double> MeshMeasurements::upRatioToPair(const MeshRow& of) const {
  const MeshRow* pair = row(2);
  if (!pair || pair->kbpsUp <= 0) {
    return std::nullopt;
  }
  return of.kbpsUp / pair->kbpsUp;
}

std::string MeshMeasurements::csv() const {
  std::string out = "participants,connections,samples,up_kbps,down_kbps,up_kbps_per_connection,"
                    "down_kbps_per_connection,fps_encoded,fps_decoded_per_tile,"
                    "quality_limitation,cpu_pressure,up_ratio_to_n2\n";
  for (const MeshRow& r : rows_) {
    const auto ratio = upRatioToPair(r);
    out += std::to_string(r.participants) + ',' + std::to_string(r.participants - 1) + ',' +
           std::to_string(r.samples) + ',' + formatNumber(r.kbpsUp) + ',' +
           formatNumber(r.kbpsDown) + ',' + formatNumber(r.kbpsUpPerConnection()) + ',' +
           formatNumber(r.kbpsDownPerConnection()) + ',' + formatNumber(r.fpsEncoded) + ',' +
           formatNumber(r.fpsDecodedPerTile) + ',' + r.qualityLimitation.value_or("") + ',' +
           std::string(toString(r.cpuPressure)) + ',' +
           (ratio ? formatNumber(*ratio) : std::string()) + '\n';
  }
  return out;
}

void MeshMeter::observe(const std::string& peer, const std::string& name,
                        std::string_view connectionState,
                        const std::optional<StatsReport>& latest) {
  Track& track = tracks_[peer];
  if (latest) {
    const auto stamp = [](const StatsReport& report) {
      const auto pair = report.selectedPair();
      return pair ? pair->timestamp : 0.0;
    };
    const bool seen = track.previous && stamp(*track.previous) == stamp(*latest) &&
                      track.previous->rtpStreams == latest->rtpStreams;
    if (!seen) {
      track.link = meshLinkBetween(track.previous ? &*track.previous : nullptr, *latest);
      track.previous = latest;
    }
  }
  track.link.peer = peer;
  track.link.name = name;
  track.link.connectionState = std::string(connectionState);
}

void MeshMeter::retainOnly(const std::vector<std::string>& peers) {
  std::erase_if(tracks_, [&peers](const auto& entry) {
    return std::find(peers.begin(), peers.end(), entry.first) == peers.end();
  });
}

bool MeshMeter::tick(double nowMs) {
  if (lastSampleMs_ && nowMs - *lastSampleMs_ < intervalMs_) {
    return false;
  }
  lastSampleMs_ = nowMs;
  measurements_.add(totals());
  return true;
}

MeshTotals MeshMeter::totals() const {
  MeshTotals totals = meshTotalsOf(links());
  totals.cpuPressure = cpuPressure_;
  return totals;
}

std::vector<MeshLink> MeshMeter::links() const {
  std::vector<MeshLink> out;
  out.reserve(tracks_.size());
  for (const auto& [peer, track] : tracks_) {
    out.push_back(track.link);
  }
  return out;
}

} // namespace rtclab
