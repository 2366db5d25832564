#include "rtclab/latest_user_media.hpp"

namespace rtclab {

void LatestUserMedia::request(const MediaConstraints& constraints,
                              std::function<void(MediaStream)> onStream,
                              std::function<void(MediaError)> onError) {
  const unsigned ticket = ++latest_;
  pending_ = true;
  devices_.getUserMedia(
      constraints,
      [this, ticket, onStream = std::move(onStream)](MediaStream stream) {
        if (ticket != latest_) {
          stream.stop(); // nobody keeps it: without this the camera stays on
          if (superseded_) {
            superseded_();
          }
          return;
        }
        pending_ = false;
        onStream(std::move(stream));
      },
      [this, ticket, onError = std::move(onError)](MediaError error) {
        if (ticket != latest_) {
          return; // a later request is in charge now
        }
        pending_ = false;
        onError(std::move(error));
      });
}

void LatestUserMedia::cancel() {
  ++latest_;
  pending_ = false;
}

} // namespace rtclab
