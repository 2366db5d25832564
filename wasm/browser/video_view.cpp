#include "rtclab/video_view.hpp"

#include "bridge.hpp"
#include "handle_access.hpp"

#include <utility>

namespace rtclab {

using emscripten::val;

struct VideoView::Impl {
  val element; // the <video>
  val figure;  // its <figure>, with the caption
};

namespace {

// The shell (web/lab.html.in) has <div id="videos">; each view is a <figure> with a caption.
// The <video> and its <figure>.
std::pair<val, val> findOrCreateVideo(const std::string& elementId, const std::string& caption,
                                      bool muted, bool tile) {
  val document = val::global("document");
  val existing = document.call<val>("getElementById", elementId);
  if (!existing.isNull()) {
    return {existing, existing["parentNode"]};
  }
  val figure = document.call<val>("createElement", std::string("figure"));
  if (tile) {
    figure.set("className", std::string("tile")); // web/style.css lays tiles out in a grid
  }
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
  return {video, figure};
}

} // namespace

VideoView::VideoView(std::string elementId, std::string caption, bool muted)
    : VideoView(std::move(elementId), std::move(caption), muted, false) {}
VideoView::VideoView(std::string elementId, std::string caption, bool muted, Tile)
    : VideoView(std::move(elementId), std::move(caption), muted, true) {}
VideoView::VideoView(std::string elementId, std::string caption, bool muted, bool tile) {
  auto [video, figure] = findOrCreateVideo(elementId, caption, muted, tile);
  impl_ = std::make_unique<Impl>(Impl{std::move(video), std::move(figure)});
}
VideoView::VideoView(VideoView&&) noexcept = default;
VideoView& VideoView::operator=(VideoView&& other) noexcept {
  if (this != &other) {
    VideoView gone(std::move(*this)); // our element leaves the page now
    impl_ = std::move(other.impl_);
  }
  return *this;
}

VideoView::~VideoView() {
  if (!impl_) {
    return; // moved from
  }
  impl_->element.set("srcObject", val::null()); // let go of the stream (and its decoder)
  val& figure = impl_->figure;
  if (!figure.isNull() && !figure.isUndefined() && !figure["parentNode"].isNull()) {
    figure["parentNode"].call<void>("removeChild", figure);
  }
}

void VideoView::setCaption(const std::string& caption) {
  RTCLAB_CHECK_HANDLE("VideoView::setCaption");
  val label = impl_->figure.call<val>("querySelector", std::string("figcaption"));
  if (!label.isNull()) {
    label.set("textContent", caption);
  }
}

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
