// media_track_info.hpp: plain values the media handles report (pure C++, tested natively).
//   MediaDeviceInfo    one entry of navigator.mediaDevices.enumerateDevices()
//   MediaTrackSettings what a live track actually runs at: track.getSettings()
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rtclab {

enum class MediaDeviceKind { AudioInput, AudioOutput, VideoInput };
std::string_view toString(MediaDeviceKind kind); // "audioinput", "audiooutput", "videoinput"
std::optional<MediaDeviceKind> parseMediaDeviceKind(std::string_view text);

struct MediaDeviceInfo {
  std::string deviceId;
  MediaDeviceKind kind = MediaDeviceKind::VideoInput;
  std::string label; // empty until the page has been granted permission: a privacy rule
  std::string groupId;

  bool operator==(const MediaDeviceInfo&) const = default;
};

enum class MediaStreamTrackState { Live, Ended };
std::string_view toString(MediaStreamTrackState state); // "live", "ended"

struct MediaTrackSettings {
  std::optional<int> width;
  std::optional<int> height;
  std::optional<double> frameRate;
  std::string deviceId;
  std::optional<int> sampleRate;
  std::optional<int> channelCount;

  bool operator==(const MediaTrackSettings&) const = default;
};

} // namespace rtclab
