#include "rtclab/video_view.hpp"

#include "bridge.hpp"
#include "handle_access.hpp"

namespace rtclab {

using emscripten::val;

struct VideoView::Impl {
  val element;
};

namespace {

// The shell (web/lab.html.in) has <div id="videos">; each view is a <figure> with a caption.
val findOrCreateVideo(const std::string& elementId, const std::string& caption, bool muted) {
  val document = val::global("document");
  val existing = document.call<val>("getElementById", elementId);
  if (!existing.isNull()) {
    return existing;
  }
  val figure = document.call<val>("createElement", std::string("figure"));
  val video = document.call<val>("createElement", std::string("video"));
  video.set("id", elementId);
  video.set("autoplay", true);
  video.set("playsInline", true);
  video.set("muted", muted);
  val label = document.call<val>("createElement", std::string("figcaption"));
  label.set("textContent", caption);
  figure.call<void>("appendChild", video);
  figure.call<void>("appendChild", label);
  val strip = document.call<val>("getElementById", std::string("videos"));
  (strip.isNull() ? document["body"] : strip).call<void>("appendChild", figure);
  return video;
}

} // namespace

VideoView::VideoView(std::string elementId, std::string caption, bool muted)
    : impl_(std::make_unique<Impl>(Impl{findOrCreateVideo(elementId, caption, muted)})) {}
VideoView::VideoView(VideoView&&) noexcept = default;
VideoView& VideoView::operator=(VideoView&&) noexcept = default;
VideoView::~VideoView() = default;

void VideoView::show(const MediaStream& stream) {
  RTCLAB_CHECK_HANDLE("VideoView::show");
  impl_->element.set("srcObject", browser::HandleAccess::js(stream));
}

void VideoView::clear() {
  RTCLAB_CHECK_HANDLE("VideoView::clear");
  impl_->element.set("srcObject", val::null());
}

int VideoView::videoWidth() const {
  RTCLAB_CHECK_HANDLE("VideoView::videoWidth", 0);
  return impl_->element["videoWidth"].as<int>();
}
int VideoView::videoHeight() const {
  RTCLAB_CHECK_HANDLE("VideoView::videoHeight", 0);
  return impl_->element["videoHeight"].as<int>();
}

} // namespace rtclab
