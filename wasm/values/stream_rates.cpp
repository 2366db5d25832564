// rates(): counters in getStats() are totals since the stream started; a rate is the
// difference between two samples divided by the time between them.
#include "rtclab/stats.hpp"

namespace rtclab {
namespace {

// The frame counter that matters for the stream's direction: decoded when receiving, encoded
// when sending.
std::optional<std::uint64_t> frameCount(const RtpStreamStats& stream) {
  return stream.direction == RtpDirection::Inbound ? stream.framesDecoded : stream.framesEncoded;
}

} // namespace

std::optional<StreamRates> rates(const RtpStreamStats& earlier, const RtpStreamStats& later) {
  const double seconds = (later.timestamp - earlier.timestamp) / 1000.0;
  if (!(seconds > 0)) { // also rejects NaN
    return std::nullopt;
  }
  if (earlier.ssrc != later.ssrc || earlier.direction != later.direction) {
    return std::nullopt;
  }
  if (later.bytes < earlier.bytes || later.packets < earlier.packets) {
    return std::nullopt; // a counter reset: the difference would be meaningless
  }
  StreamRates result;
  result.bitsPerSecond = static_cast<double>(later.bytes - earlier.bytes) * 8.0 / seconds;
  result.packetsPerSecond = static_cast<double>(later.packets - earlier.packets) / seconds;
  const auto earlierFrames = frameCount(earlier);
  const auto laterFrames = frameCount(later);
  if (earlierFrames && laterFrames && *laterFrames >= *earlierFrames) {
    result.framesPerSecond = static_cast<double>(*laterFrames - *earlierFrames) / seconds;
  }
  return result;
}

} // namespace rtclab
