#include "rtclab/media_track_info.hpp"

namespace rtclab {

std::string_view toString(MediaDeviceKind kind) {
  switch (kind) {
  case MediaDeviceKind::AudioInput:
    return "audioinput";
  case MediaDeviceKind::AudioOutput:
    return "audiooutput";
  case MediaDeviceKind::VideoInput:
    return "videoinput";
  }
  return "videoinput";
}

std::optional<MediaDeviceKind> parseMediaDeviceKind(std::string_view text) {
  for (auto kind :
       {MediaDeviceKind::AudioInput, MediaDeviceKind::AudioOutput, MediaDeviceKind::VideoInput}) {
    if (toString(kind) == text) {
      return kind;
    }
  }
  return std::nullopt;
}

std::string_view toString(MediaStreamTrackState state) {
  return state == MediaStreamTrackState::Live ? "live" : "ended";
}

} // namespace rtclab
