#include "rtclab/media_devices.hpp"

#include "bridge.hpp"
#include "handle_access.hpp"

namespace rtclab {

using emscripten::val;

struct MediaDevices::Impl {
  bridge::Listeners listeners;
};

namespace {

val mediaDevices() { return val::global("navigator")["mediaDevices"]; }

MediaError toMediaError(const bridge::JsError& error) {
  std::string constraint;
  if (error.name == "OverconstrainedError" && error.error["constraint"].isString()) {
    constraint = error.error["constraint"].as<std::string>();
  }
  return makeMediaError(error.name, error.message, std::move(constraint));
}

// Without a secure context the browser does not define navigator.mediaDevices at all; report
// that as the TypeError a learner would get from calling it, with the reason spelled out.
MediaError insecureContextError() {
  return makeMediaError("TypeError",
                        "navigator.mediaDevices is undefined: this page is not a secure context "
                        "(getUserMedia needs HTTPS, except on localhost)");
}

} // namespace

MediaDevices::MediaDevices() : impl_(std::make_unique<Impl>()) {}
MediaDevices::~MediaDevices() = default;

bool MediaDevices::available() { return !mediaDevices().isUndefined(); }
bool MediaDevices::isSecureContext() { return val::global("isSecureContext").as<bool>(); }

void MediaDevices::getUserMedia(const MediaConstraints& constraints,
                                std::function<void(MediaStream)> onSuccess,
                                std::function<void(MediaError)> onError) {
  if (!bridge::checkHandle(impl_.get(), "MediaDevices::getUserMedia")) {
    onError(makeMediaError("InvalidStateError", "this MediaDevices object was moved from"));
    return;
  }
  if (!available()) {
    onError(insecureContextError());
    return;
  }
  val jsConstraints = bridge::toJs(constraints.toJson());
  // getUserMedia can also throw synchronously in old browsers; callMethod turns that into a value.
  auto call = bridge::callMethod(mediaDevices(), "getUserMedia", jsConstraints);
  if (!call.ok()) {
    onError(toMediaError(*call.error));
    return;
  }
  impl_->listeners.then(
      call.value,
      [onSuccess = std::move(onSuccess)](val stream) {
        onSuccess(browser::HandleAccess::wrapStream(std::move(stream)));
      },
      [onError = std::move(onError)](bridge::JsError error) { onError(toMediaError(error)); });
}

void MediaDevices::enumerateDevices(std::function<void(std::vector<MediaDeviceInfo>)> onSuccess,
                                    std::function<void(MediaError)> onError) {
  if (!bridge::checkHandle(impl_.get(), "MediaDevices::enumerateDevices")) {
    onError(makeMediaError("InvalidStateError", "this MediaDevices object was moved from"));
    return;
  }
  if (!available()) {
    onError(insecureContextError());
    return;
  }
  impl_->listeners.then(
      mediaDevices().call<val>("enumerateDevices"),
      [onSuccess = std::move(onSuccess)](val list) {
        std::vector<MediaDeviceInfo> devices;
        const int count = list["length"].as<int>();
        for (int i = 0; i < count; ++i) {
          val device = list[i];
          auto kind = parseMediaDeviceKind(device["kind"].as<std::string>());
          if (!kind) {
            continue; // a kind this API does not know yet: skip rather than guess
          }
          devices.push_back({device["deviceId"].as<std::string>(), *kind,
                             device["label"].as<std::string>(),
                             device["groupId"].as<std::string>()});
        }
        onSuccess(std::move(devices));
      },
      [onError = std::move(onError)](bridge::JsError error) { onError(toMediaError(error)); });
}

void MediaDevices::onDeviceChange(std::function<void()> callback) {
  RTCLAB_CHECK_HANDLE("MediaDevices::onDeviceChange");
  if (available()) {
    impl_->listeners.setHandler(mediaDevices(), "devicechange",
                                [cb = std::move(callback)](val) { cb(); });
  }
}

} // namespace rtclab
