#include "bridge.hpp"
#include "handle_access.hpp"

namespace rtclab {

using emscripten::val;

struct MediaStreamTrack::Impl {
  explicit Impl(val jsTrack) : track(std::move(jsTrack)) {}
  val track;
  bridge::Listeners listeners;
};

struct MediaStream::Impl {
  explicit Impl(val jsStream) : stream(std::move(jsStream)) {}
  val stream;
  std::vector<MediaStreamTrack> tracks;
};

namespace {

std::optional<int> optionalInt(const val& object, const char* name) {
  val v = object[name];
  return v.isNumber() ? std::optional<int>(v.as<int>()) : std::nullopt;
}

std::optional<double> optionalDouble(const val& object, const char* name) {
  val v = object[name];
  return v.isNumber() ? std::optional<double>(v.as<double>()) : std::nullopt;
}

} // namespace

MediaStreamTrack::MediaStreamTrack(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MediaStreamTrack::MediaStreamTrack(MediaStreamTrack&&) noexcept = default;
MediaStreamTrack& MediaStreamTrack::operator=(MediaStreamTrack&&) noexcept = default;
MediaStreamTrack::~MediaStreamTrack() = default;

std::string MediaStreamTrack::id() const {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::id", {});
  return bridge::stringProperty(impl_->track, bridge::key<"id">());
}
std::string MediaStreamTrack::kind() const {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::kind", {});
  return bridge::stringProperty(impl_->track, bridge::key<"kind">());
}
std::string MediaStreamTrack::label() const {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::label", {});
  return bridge::stringProperty(impl_->track, bridge::key<"label">());
}
bool MediaStreamTrack::enabled() const {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::enabled", false);
  return impl_->track[bridge::key<"enabled">()].as<bool>();
}
void MediaStreamTrack::setEnabled(bool enabled) {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::setEnabled");
  impl_->track.set("enabled", enabled);
}
bool MediaStreamTrack::muted() const {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::muted", false);
  return impl_->track[bridge::key<"muted">()].as<bool>();
}

MediaStreamTrackState MediaStreamTrack::readyState() const {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::readyState", MediaStreamTrackState::Ended);
  return impl_->track[bridge::key<"readyState">()].as<std::string>() == "live"
             ? MediaStreamTrackState::Live
             : MediaStreamTrackState::Ended;
}

MediaTrackSettings MediaStreamTrack::getSettings() const {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::getSettings", {});
  val settings = impl_->track.call<val>("getSettings");
  MediaTrackSettings result;
  result.width = optionalInt(settings, "width");
  result.height = optionalInt(settings, "height");
  result.frameRate = optionalDouble(settings, "frameRate");
  result.sampleRate = optionalInt(settings, "sampleRate");
  result.channelCount = optionalInt(settings, "channelCount");
  result.deviceId = bridge::stringProperty(settings, bridge::key<"deviceId">());
  return result;
}

void MediaStreamTrack::stop() {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::stop");
  impl_->track.call<void>("stop");
}

void MediaStreamTrack::onEnded(std::function<void()> callback) {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::onEnded");
  impl_->listeners.setHandler(impl_->track, "ended", [cb = std::move(callback)](val) { cb(); });
}
void MediaStreamTrack::onMute(std::function<void()> callback) {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::onMute");
  impl_->listeners.setHandler(impl_->track, "mute", [cb = std::move(callback)](val) { cb(); });
}
void MediaStreamTrack::onUnmute(std::function<void()> callback) {
  RTCLAB_CHECK_HANDLE("MediaStreamTrack::onUnmute");
  impl_->listeners.setHandler(impl_->track, "unmute", [cb = std::move(callback)](val) { cb(); });
}

MediaStream::MediaStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MediaStream::MediaStream(MediaStream&&) noexcept = default;
MediaStream& MediaStream::operator=(MediaStream&&) noexcept = default;
MediaStream::~MediaStream() = default;

namespace {
// What getTracks() returns for a moved-from stream: always empty (nothing may be added to it).
std::vector<MediaStreamTrack>& noTracks() {
  static std::vector<MediaStreamTrack> none;
  none.clear();
  return none;
}
} // namespace

std::string MediaStream::id() const {
  RTCLAB_CHECK_HANDLE("MediaStream::id", {});
  return bridge::stringProperty(impl_->stream, bridge::key<"id">());
}
bool MediaStream::active() const {
  RTCLAB_CHECK_HANDLE("MediaStream::active", false);
  return impl_->stream[bridge::key<"active">()].as<bool>();
}
std::vector<MediaStreamTrack>& MediaStream::getTracks() {
  RTCLAB_CHECK_HANDLE("MediaStream::getTracks", noTracks());
  return impl_->tracks;
}
const std::vector<MediaStreamTrack>& MediaStream::getTracks() const {
  RTCLAB_CHECK_HANDLE("MediaStream::getTracks", noTracks());
  return impl_->tracks;
}

MediaStreamTrack* MediaStream::getVideoTrack() {
  RTCLAB_CHECK_HANDLE("MediaStream::getVideoTrack", nullptr);
  for (auto& track : impl_->tracks) {
    if (track.kind() == "video") {
      return &track;
    }
  }
  return nullptr;
}

MediaStreamTrack* MediaStream::getAudioTrack() {
  RTCLAB_CHECK_HANDLE("MediaStream::getAudioTrack", nullptr);
  for (auto& track : impl_->tracks) {
    if (track.kind() == "audio") {
      return &track;
    }
  }
  return nullptr;
}

void MediaStream::stop() {
  RTCLAB_CHECK_HANDLE("MediaStream::stop");
  for (auto& track : impl_->tracks) {
    track.stop();
  }
}

namespace browser {

MediaStreamTrack HandleAccess::wrapTrack(val track) {
  return MediaStreamTrack(std::make_unique<MediaStreamTrack::Impl>(std::move(track)));
}

MediaStream HandleAccess::wrapStream(val stream) {
  auto impl = std::make_unique<MediaStream::Impl>(std::move(stream));
  val tracks = impl->stream.call<val>("getTracks");
  const int count = tracks[bridge::key<"length">()].as<int>();
  for (int i = 0; i < count; ++i) {
    impl->tracks.push_back(wrapTrack(tracks[i]));
  }
  return MediaStream(std::move(impl));
}

namespace {
const val& undefinedValue() {
  static const val undefined = val::undefined();
  return undefined;
}
} // namespace

const val& HandleAccess::js(const MediaStreamTrack& track) {
  return bridge::checkHandle(track.impl_.get(), "MediaStreamTrack (passed as an argument)")
             ? track.impl_->track
             : undefinedValue();
}
const val& HandleAccess::js(const MediaStream& stream) {
  return bridge::checkHandle(stream.impl_.get(), "MediaStream (passed as an argument)")
             ? stream.impl_->stream
             : undefinedValue();
}

} // namespace browser
} // namespace rtclab
