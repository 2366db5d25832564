// media_devices.hpp: navigator.mediaDevices, typed.
//
//   navigator.mediaDevices.getUserMedia({video: true, audio: true})
//     .then(stream => ...)
//     .catch(error => ...);           // error.name: NotAllowedError, NotFoundError, ...
//
// becomes
//
//   devices.getUserMedia(cameraAndMicrophone(),
//       [](MediaStream stream) { ... },
//       [](MediaError error) { ... });  // error.kind: MediaErrorKind::NotAllowed, ...
//
// Exactly one of the callbacks runs, unless this MediaDevices object is destroyed first: then
// neither does. Failures are values (MediaError), never exceptions or silence.
// MDN: https://developer.mozilla.org/en-US/docs/Web/API/MediaDevices
#pragma once

#include "rtclab/media_constraints.hpp"
#include "rtclab/media_error.hpp"
#include "rtclab/media_stream.hpp"
#include "rtclab/media_track_info.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace rtclab {

class MediaDevices {
public:
  MediaDevices();
  MediaDevices(const MediaDevices&) = delete;
  MediaDevices& operator=(const MediaDevices&) = delete;
  ~MediaDevices();

  // False outside a secure context (http:// other than localhost): navigator.mediaDevices is
  // then undefined, and getUserMedia reports a TypeError explaining why.
  static bool available();
  static bool isSecureContext();

  void getUserMedia(const MediaConstraints& constraints, std::function<void(MediaStream)> onSuccess,
                    std::function<void(MediaError)> onError);

  // Labels are empty until the page has been granted permission once (a privacy rule).
  void enumerateDevices(std::function<void(std::vector<MediaDeviceInfo>)> onSuccess,
                        std::function<void(MediaError)> onError);

  // A camera or microphone was plugged in or removed.
  void onDeviceChange(std::function<void()> callback);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace rtclab
