// latest_user_media.hpp: getUserMedia where only the latest request counts.
//
// A learner may press Start twice, or Stop while the permission prompt is still open. Every
// getUserMedia() call then resolves on its own, and a stream nobody keeps would leave the camera
// on. LatestUserMedia numbers the requests: the newest one reaches its callbacks; a stream of an
// earlier (or cancelled) one is stopped the moment it arrives, and its error is dropped.
//
//   rtclab::LatestUserMedia capture;
//   capture.request(rtclab::cameraAndMicrophone(),
//                   [this](rtclab::MediaStream stream) { stream_ = std::move(stream); },
//                   [this](rtclab::MediaError error) { show(error); });
//   capture.cancel(); // Stop while the prompt is open: whatever arrives is stopped
//
// Destroying it drops every pending callback (a stream arriving later is not seen by anyone,
// as with MediaDevices). MDN: https://developer.mozilla.org/en-US/docs/Web/API/MediaDevices/getUserMedia
#pragma once

#include "rtclab/media_devices.hpp"

#include <functional>

namespace rtclab {

class LatestUserMedia {
public:
  // navigator.mediaDevices.getUserMedia(constraints); a pending earlier request is superseded.
  void request(const MediaConstraints& constraints, std::function<void(MediaStream)> onStream,
               std::function<void(MediaError)> onError);
  // Supersedes the pending request without making a new one.
  void cancel();
  bool pending() const { return pending_; }
  // A superseded request's stream arrived and was stopped (for a lab's log).
  void onSuperseded(std::function<void()> callback) { superseded_ = std::move(callback); }

private:
  MediaDevices devices_;
  unsigned latest_ = 0;
  bool pending_ = false;
  std::function<void()> superseded_;
};

} // namespace rtclab
