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

std::string MediaStreamTrack::id() const { return impl_->track["id"].as<std::string>(); }
std::string MediaStreamTrack::kind() const { return impl_->track["kind"].as<std::string>(); }
std::string MediaStreamTrack::label() const { return impl_->track["label"].as<std::string>(); }
bool MediaStreamTrack::enabled() const { return impl_->track["enabled"].as<bool>(); }
void MediaStreamTrack::setEnabled(bool enabled) { impl_->track.set("enabled", enabled); }
bool MediaStreamTrack::muted() const { return impl_->track["muted"].as<bool>(); }

MediaStreamTrackState MediaStreamTrack::readyState() const {
  return impl_->track["readyState"].as<std::string>() == "live" ? MediaStreamTrackState::Live
                                                                : MediaStreamTrackState::Ended;
}

MediaTrackSettings MediaStreamTrack::getSettings() const {
  val settings = impl_->track.call<val>("getSettings");
  MediaTrackSettings result;
  result.width = optionalInt(settings, "width");
  result.height = optionalInt(settings, "height");
  result.frameRate = optionalDouble(settings, "frameRate");
  result.sampleRate = optionalInt(settings, "sampleRate");
  result.channelCount = optionalInt(settings, "channelCount");
  result.deviceId = bridge::stringProperty(settings, "deviceId");
  return result;
}

void MediaStreamTrack::stop() { impl_->track.call<void>("stop"); }

void MediaStreamTrack::onEnded(std::function<void()> callback) {
  impl_->listeners.setHandler(impl_->track, "onended", [cb = std::move(callback)](val) { cb(); });
}
void MediaStreamTrack::onMute(std::function<void()> callback) {
  impl_->listeners.setHandler(impl_->track, "onmute", [cb = std::move(callback)](val) { cb(); });
}
void MediaStreamTrack::onUnmute(std::function<void()> callback) {
  impl_->listeners.setHandler(impl_->track, "onunmute", [cb = std::move(callback)](val) { cb(); });
}

MediaStream::MediaStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MediaStream::MediaStream(MediaStream&&) noexcept = default;
MediaStream& MediaStream::operator=(MediaStream&&) noexcept = default;
MediaStream::~MediaStream() = default;

std::string MediaStream::id() const { return impl_->stream["id"].as<std::string>(); }
bool MediaStream::active() const { return impl_->stream["active"].as<bool>(); }
std::vector<MediaStreamTrack>& MediaStream::getTracks() { return impl_->tracks; }
const std::vector<MediaStreamTrack>& MediaStream::getTracks() const { return impl_->tracks; }

MediaStreamTrack* MediaStream::getVideoTrack() {
  for (auto& track : impl_->tracks) {
    if (track.kind() == "video") {
      return &track;
    }
  }
  return nullptr;
}

MediaStreamTrack* MediaStream::getAudioTrack() {
  for (auto& track : impl_->tracks) {
    if (track.kind() == "audio") {
      return &track;
    }
  }
  return nullptr;
}

void MediaStream::stop() {
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
  const int count = tracks["length"].as<int>();
  for (int i = 0; i < count; ++i) {
    impl->tracks.push_back(wrapTrack(tracks[i]));
  }
  return MediaStream(std::move(impl));
}

const val& HandleAccess::js(const MediaStreamTrack& track) { return track.impl_->track; }
const val& HandleAccess::js(const MediaStream& stream) { return stream.impl_->stream; }

} // namespace browser
} // namespace rtclab
