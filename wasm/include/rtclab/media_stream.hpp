// media_stream.hpp: MediaStream and MediaStreamTrack, handles over the browser's objects.
//
//   const localStream = await navigator.mediaDevices.getUserMedia({video: true, audio: true});
//   localStream.getTracks().forEach(track => ...);
//
// Handles are move-only and own a reference to their JS object; destroying one unregisters its
// event callbacks (onEnded, ...), so a destroyed handle is never called back. Stopping is
// explicit (stop()), as in JS: dropping a handle does not turn the camera off.
// MDN: https://developer.mozilla.org/en-US/docs/Web/API/MediaStream
#pragma once

#include "rtclab/media_track_info.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rtclab {

namespace browser {
struct HandleAccess; // the binding layer's door into handles (wasm/browser/handle_access.hpp)
}

class MediaStreamTrack {
public:
  MediaStreamTrack(MediaStreamTrack&&) noexcept;
  MediaStreamTrack& operator=(MediaStreamTrack&&) noexcept;
  ~MediaStreamTrack();

  std::string id() const;
  std::string kind() const; // "audio" or "video"
  std::string label() const;
  bool enabled() const;
  void setEnabled(bool enabled); // a disabled track sends black frames / silence
  bool muted() const;            // the source is not delivering media (not the same as enabled)
  MediaStreamTrackState readyState() const;
  MediaTrackSettings getSettings() const;
  void stop(); // releases the device; readyState becomes "ended"

  // The source ended on its own (device unplugged, permission revoked); not fired by stop().
  void onEnded(std::function<void()> callback);
  void onMute(std::function<void()> callback);
  void onUnmute(std::function<void()> callback);

private:
  friend struct browser::HandleAccess;
  struct Impl;
  explicit MediaStreamTrack(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class MediaStream {
public:
  MediaStream(MediaStream&&) noexcept;
  MediaStream& operator=(MediaStream&&) noexcept;
  ~MediaStream();

  std::string id() const;
  bool active() const;
  std::vector<MediaStreamTrack>& getTracks();
  const std::vector<MediaStreamTrack>& getTracks() const;
  MediaStreamTrack* getVideoTrack(); // the first video track, or nullptr
  MediaStreamTrack* getAudioTrack(); // the first audio track, or nullptr
  void stop();                       // stops every track (what a "Stop" button does)

private:
  friend struct browser::HandleAccess;
  struct Impl;
  explicit MediaStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace rtclab
