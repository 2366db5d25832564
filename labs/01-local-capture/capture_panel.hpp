// capture_panel.hpp: Lab 01's state and panel, pure C++ + ImGui (no browser), so the panel is
// drawn headless in native tests against fake states (tests/unit/labs/).
#pragma once

#include "rtclab/lab_actions.hpp"
#include "rtclab/media_constraints.hpp"
#include "rtclab/media_error.hpp"
#include "rtclab/media_track_info.hpp"
#include "rtclab/ui/event_log.hpp"
#include "rtclab/ui/step_guide.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace lab01 {

// What the learner chose in the form; turned into getUserMedia's constraints by constraintsFor().
struct CaptureForm {
  bool video = true;
  bool audio = true;
  std::optional<int> width; // no value: let the browser choose
  std::optional<int> height;
  std::optional<double> frameRate;
  bool exact = false;   // `exact` instead of `ideal`: fails instead of settling for less
  std::string cameraId; // empty: the default device
  std::string microphoneId;
};

rtclab::MediaConstraints constraintsFor(const CaptureForm& form);

// "1280x720" -> {1280, 720}; "default" -> both empty. False for anything else.
bool parseResolution(const std::string& text, CaptureForm& form);

// The device list to show after a new enumerateDevices() result. Without camera and microphone
// permission (a NotAllowedError, a revoked grant) browsers hide the devices: empty labels and
// ids, or none listed at all. A list that names no device, after one that named some, is that
// hiding, not the devices going away: the menus keep the last list. Returns whether `fresh`
// was taken.
bool takeDeviceList(std::vector<rtclab::MediaDeviceInfo>& shown,
                    std::vector<rtclab::MediaDeviceInfo> fresh);

enum class CapturePhase { Idle, Requesting, Capturing, Stopped, Failed };
const char* toString(CapturePhase phase); // "idle", "requesting", ...

struct TrackSnapshot {
  std::string id;
  std::string kind;
  std::string label;
  bool enabled = true;
  bool muted = false;
  rtclab::MediaStreamTrackState readyState = rtclab::MediaStreamTrackState::Live;
  rtclab::MediaTrackSettings settings;
};

struct CaptureState {
  CapturePhase phase = CapturePhase::Idle;
  bool secureContext = true;
  bool mediaDevicesAvailable = true;
  CaptureForm form;
  std::vector<rtclab::MediaDeviceInfo> devices;
  std::vector<TrackSnapshot> tracks; // of the current (or last) capture
  std::optional<rtclab::MediaError> error;
  int previewWidth = 0; // what the <video> element renders: proof the frames arrive
  int previewHeight = 0;
  rtclab::ui::EventLog log;
  // What the learner has done so far, for the README's steps: a capture that ended still counts.
  bool captured = false;           // a getUserMedia request gave live tracks
  bool triedConstraints = false;   // one with a chosen resolution or frame rate settled
  bool toggledTrack = false;       // a track's `enabled` was flipped
  bool stoppedCapture = false;     // Stop ended live tracks
  rtclab::ui::StepGuide stepGuide; // the panel's checklist (which section it opened)
};

// The README's steps, each done from the state above: the panel's checklist and the snapshot's
// "steps" (rtclab::ui::StepGuide::toJson).
std::array<rtclab::ui::Step, 4> steps(const CaptureState& state);

// The snapshot behind Module.labState().
nlohmann::json toJson(const CaptureState& state);

// The whole panel. Buttons run `actions` (the same code path as Module.labAction); the form
// widgets edit state.form in place.
void drawPanel(CaptureState& state, const rtclab::LabActions& actions);

} // namespace lab01
