// media_constraints.hpp: what getUserMedia() is asked for, as a C++ value type.
//
// The guide's step 1 (미디어 스트림 획득) calls
//   navigator.mediaDevices.getUserMedia({ video: true, audio: true })
// MediaConstraints is that argument: toJson() builds the exact JS object, so what a learner sets
// in the lab is what the browser receives. Pure C++ (no emscripten): tested natively.
// MDN: https://developer.mozilla.org/en-US/docs/Web/API/MediaTrackConstraints
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace rtclab {

// One constrainable property: `ideal` is a preference the browser may miss; `exact` is a demand
// that fails with OverconstrainedError when no device can meet it.
template <typename T> struct Constrain {
  std::optional<T> ideal;
  std::optional<T> exact;

  bool empty() const { return !ideal && !exact; }
  bool operator==(const Constrain&) const = default;
};

struct VideoConstraints {
  Constrain<int> width;
  Constrain<int> height;
  Constrain<double> frameRate;
  Constrain<std::string> deviceId;

  bool operator==(const VideoConstraints&) const = default;
};

struct AudioConstraints {
  Constrain<std::string> deviceId;
  std::optional<bool> echoCancellation;

  bool operator==(const AudioConstraints&) const = default;
};

// No value = the kind is not requested ({video: false}); an empty value = {video: true}.
struct MediaConstraints {
  std::optional<VideoConstraints> video;
  std::optional<AudioConstraints> audio;

  bool operator==(const MediaConstraints&) const = default;

  // The MediaStreamConstraints object for navigator.mediaDevices.getUserMedia().
  nlohmann::json toJson() const;
};

// {video: true, audio: true}: the guide's first example.
MediaConstraints cameraAndMicrophone();

} // namespace rtclab
