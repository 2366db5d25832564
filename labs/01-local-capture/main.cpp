// Lab 01: local capture.
//
// The guide's step 1 (미디어 스트림 획득), in C++:
//   const stream = await navigator.mediaDevices.getUserMedia({video: true, audio: true});
// Start and stop the camera and microphone, pick a device, choose resolution and frame rate,
// toggle a track, see the local preview, and read every failure explained by its name.
//
// Run: `make run`, open http://localhost:8080/labs/01-local-capture/
// Automation: Module.labState() / Module.labAction(name, arg); see README.md.
// Next: Lab 02 connects two RTCPeerConnections in one page.
#include "capture_panel.hpp"

#include "rtclab/console_handles.hpp"
#include "rtclab/lab_page.hpp"
#include "rtclab/latest_user_media.hpp"
#include "rtclab/media_devices.hpp"
#include "rtclab/ui/app.hpp"
#include "rtclab/video_view.hpp"

#include <optional>

namespace {

using rtclab::ui::LogLevel;
using namespace lab01;

class LocalCaptureLab {
public:
  LocalCaptureLab() {
    state_.secureContext = rtclab::MediaDevices::isSecureContext();
    state_.mediaDevicesAvailable = rtclab::MediaDevices::available();
    registerActions();
    devices_.onDeviceChange([this] { refreshDevices(); });
    capture_.onSuperseded([this] {
      log(LogLevel::Warn, "a later Start replaced this request: its tracks are stopped");
    });
    refreshDevices();
  }

  const rtclab::LabActions& actions() const { return actions_; }
  nlohmann::json snapshot() {
    refreshTracks();
    noteFailure();
    return toJson(state_);
  }

  void drawFrame() {
    // Track settings change rarely: reading them from JS a few times a second is plenty, and
    // getSettings() builds a new JS object on every call.
    if (const double now = rtclab::nowMs(); now - lastRefreshMs_ >= kRefreshIntervalMs) {
      lastRefreshMs_ = now;
      refreshTracks();
    }
    noteFailure();
    drawPanel(state_, actions_);
  }

private:
  // [lab01-start] Step 1: ask for the camera and microphone.
  rtclab::ActionResult start() {
    stopTracks(); // a new capture replaces the old one: release the devices first
    state_.phase = CapturePhase::Requesting;
    state_.error.reset();
    const auto constraints = constraintsFor(state_.form);
    log(LogLevel::Info, "getUserMedia(" + constraints.toJson().dump() + ")");
    // A second Start while this one is pending supersedes it: only the latest request keeps its
    // stream; a superseded stream is stopped on arrival (rtclab::LatestUserMedia).
    capture_.request(
        constraints,
        [this](rtclab::MediaStream stream) {
          log(LogLevel::Info,
              "got a MediaStream with " + std::to_string(stream.getTracks().size()) + " track(s)");
          for (auto& track : stream.getTracks()) {
            // `ended` fires when the source goes away on its own (unplugged, revoked).
            track.onEnded([this, kind = track.kind()] {
              log(LogLevel::Warn, kind + " track ended by its source");
            });
          }
          preview_.show(stream);
          rtclab::console::publish("localStream", stream); // DevTools: rtclab.localStream
          stream_ = std::move(stream);
          state_.phase = CapturePhase::Capturing;
          refreshDevices(); // labels become visible once permission is granted
        },
        [this](rtclab::MediaError error) {
          log(LogLevel::Error, error.name + ": " + error.message);
          state_.error = std::move(error);
          state_.phase = CapturePhase::Failed;
        });
    return rtclab::actionDone();
  }
  // [lab01-start]

  // [lab01-stop] Stopping every track releases the devices (the camera light goes off).
  rtclab::ActionResult stop() {
    if (state_.phase == CapturePhase::Requesting) {
      capture_.cancel(); // the pending stream is stopped when it arrives
      state_.phase = CapturePhase::Stopped;
      log(LogLevel::Info, "the pending request will be stopped on arrival");
      return rtclab::actionDone();
    }
    if (!stream_) {
      return "nothing to stop: press Start first";
    }
    stopTracks();
    state_.phase = CapturePhase::Stopped;
    log(LogLevel::Info, "stopped every track");
    return rtclab::actionDone();
  }
  // [lab01-stop]

  void stopTracks() {
    if (stream_) {
      stream_->stop();
      refreshTracks(); // keep the ended tracks on show: readyState "ended"
      preview_.clear();
      stream_.reset();
      rtclab::console::withdraw("localStream");
    }
  }

  // [lab01-toggle] track.enabled = !track.enabled: the device stays open, frames turn black.
  rtclab::ActionResult toggle(const std::string& kind) {
    auto* track = !stream_          ? nullptr
                  : kind == "video" ? stream_->getVideoTrack()
                                    : stream_->getAudioTrack();
    if (!track) {
      return "no live " + kind + " track";
    }
    track->setEnabled(!track->enabled());
    log(LogLevel::Info, kind + " track enabled=" + (track->enabled() ? "true" : "false"));
    return rtclab::actionDone();
  }
  // [lab01-toggle]

  // [lab01-devices] enumerateDevices(): labels stay empty until permission is granted.
  void refreshDevices() {
    devices_.enumerateDevices(
        [this](std::vector<rtclab::MediaDeviceInfo> devices) {
          if (!takeDeviceList(state_.devices, std::move(devices)))
            log(LogLevel::Info, "the browser hides the devices now (no permission): the menus "
                                "keep the last list");
        },
        [this](rtclab::MediaError error) {
          log(LogLevel::Error, "enumerateDevices: " + error.name + ": " + error.message);
        });
  }
  // [lab01-devices]

  void refreshTracks() {
    state_.previewWidth = preview_.videoWidth();
    state_.previewHeight = preview_.videoHeight();
    if (!stream_) {
      return;
    }
    state_.tracks.clear();
    for (const auto& track : stream_->getTracks()) {
      state_.tracks.push_back({track.id(), track.kind(), track.label(), track.enabled(),
                               track.muted(), track.readyState(), track.getSettings()});
    }
    noteCapture();
  }

  // The step checklist's memory, kept apart from the actions the README quotes. A capture counts
  // for step 2 when the learner chose a resolution or frame rate before its Start.
  void noteCapture() {
    if (state_.phase != CapturePhase::Capturing) {
      return;
    }
    state_.captured = true;
    state_.triedConstraints = state_.triedConstraints || chosenAtStart_;
  }
  void noteFailure() {
    // An impossible `exact` teaches step 2 as well as a camera that settled for less.
    if (state_.error && state_.error->name == "OverconstrainedError") {
      state_.triedConstraints = true;
    }
  }

  void registerActions() {
    actions_.add("start", [this](const std::string&) {
      chosenAtStart_ = state_.form.width || state_.form.frameRate;
      return start();
    });
    actions_.add("stop", [this](const std::string&) {
      const bool capturing = stream_.has_value();
      auto result = stop();
      state_.stoppedCapture = state_.stoppedCapture || (!result && capturing);
      return result;
    });
    for (const char* kind : {"video", "audio"}) {
      actions_.add(std::string("toggle-") + kind, [this, kind](const std::string&) {
        auto result = toggle(kind);
        state_.toggledTrack = state_.toggledTrack || !result;
        return result;
      });
    }
    actions_.add("refresh-devices", [this](const std::string&) {
      refreshDevices();
      return rtclab::actionDone();
    });
    actions_.add("select-camera", [this](const std::string& id) {
      state_.form.cameraId = id;
      return rtclab::actionDone();
    });
    actions_.add("select-microphone", [this](const std::string& id) {
      state_.form.microphoneId = id;
      return rtclab::actionDone();
    });
    actions_.add("set-resolution", [this](const std::string& text) -> rtclab::ActionResult {
      if (!parseResolution(text, state_.form)) {
        return "resolution must be WIDTHxHEIGHT or 'default', not '" + text + "'";
      }
      return rtclab::actionDone();
    });
    actions_.add("set-frame-rate", [this](const std::string& text) -> rtclab::ActionResult {
      if (text == "default") {
        state_.form.frameRate.reset();
        return rtclab::actionDone();
      }
      char* end = nullptr;
      const double fps = std::strtod(text.c_str(), &end);
      if (end == text.c_str() || *end != '\0' || fps <= 0) {
        return "frame rate must be a positive number or 'default', not '" + text + "'";
      }
      state_.form.frameRate = fps;
      return rtclab::actionDone();
    });
    actions_.add("set-exact", [this](const std::string& text) {
      state_.form.exact = text == "true";
      return rtclab::actionDone();
    });
    actions_.add("set-kinds", [this](const std::string& kinds) {
      state_.form.video = kinds.find("video") != std::string::npos;
      state_.form.audio = kinds.find("audio") != std::string::npos;
      return rtclab::actionDone();
    });
  }

  void log(LogLevel level, std::string text) {
    state_.log.add(rtclab::nowMs(), level, std::move(text));
  }

  static constexpr double kRefreshIntervalMs = 250;
  bool chosenAtStart_ = false; // the latest Start had a chosen resolution or frame rate
  double lastRefreshMs_ = 0;
  rtclab::MediaDevices devices_;    // the device list
  rtclab::LatestUserMedia capture_; // the captures
  rtclab::VideoView preview_{"local-preview", "local preview (muted: no echo)", true};
  std::optional<rtclab::MediaStream> stream_;
  CaptureState state_;
  rtclab::LabActions actions_;
};

} // namespace

int main() {
  static LocalCaptureLab lab; // lives as long as the page: the frame loop outlives main()
  rtclab::exposeLabAutomation([] { return lab.snapshot(); }, lab.actions());
  return rtclab::ui::runApp({.title = "Lab 01 - local capture"}, [] { lab.drawFrame(); });
}
