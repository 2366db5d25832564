#include "capture_panel.hpp"

#include "rtclab/ui/headless.hpp"

#include "panel_clicks.hpp"
#include "panel_texts.hpp"
#include "recording_actions.hpp"

#include <doctest/doctest.h>

using namespace lab01;
using rtclab::ui::testing::drawFrames;

namespace {

rtclab::LabActions recordingActions(std::vector<std::string>& ran) {
  return rtclab::testing::recordingActions(
      ran, {"start", "stop", "toggle-video", "toggle-audio", "refresh-devices", "set-resolution",
            "set-frame-rate", "select-camera", "select-microphone"});
}

CaptureState capturingState() {
  CaptureState state;
  state.phase = CapturePhase::Capturing;
  state.devices = {{"cam-1", rtclab::MediaDeviceKind::VideoInput, "fake_device_0", "g1"},
                   {"mic-1", rtclab::MediaDeviceKind::AudioInput, "Fake Default Audio", "g2"}};
  TrackSnapshot video{
      "v1", "video", "fake_device_0", true, false, rtclab::MediaStreamTrackState::Live, {}};
  video.settings.width = 640;
  video.settings.height = 480;
  video.settings.frameRate = 30;
  TrackSnapshot audio{
      "a1", "audio", "Fake Default Audio", true, false, rtclab::MediaStreamTrackState::Live, {}};
  audio.settings.sampleRate = 48000;
  audio.settings.channelCount = 1;
  state.tracks = {video, audio};
  state.previewWidth = 640;
  state.previewHeight = 480;
  state.log.add(10, rtclab::ui::LogLevel::Info, "got a MediaStream with 2 track(s)");
  return state;
}

// The state the "capture <state>" badge shows (the window title also ends in "capture").
std::string captureBadge(const rtclab::ui::testing::FrameReport& report) {
  const auto lines = report.linesStartingWith("capture ");
  if (lines.empty()) {
    return "(no capture badge)";
  }
  const auto state = lines.front().substr(std::string("capture ").size());
  return state.substr(0, state.find(' '));
}

} // namespace

TEST_CASE("the capturing panel shows each track with its settings and readyState") {
  rtclab::testing::usePanelTexts("01-local-capture");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = capturingState();
  auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.errors.empty());
  CHECK(report.vertexCount > 0);
  CHECK(captureBadge(report) == "capturing");
  CHECK(report.showsText("640x480 @ 30 fps"));
  CHECK(report.showsText("48000 Hz, 1 ch"));
  CHECK(report.showsText("live"));
  CHECK(ran.empty()); // drawing alone runs no action
}

TEST_CASE("ended tracks read as ended, not as a 0x0 camera at 0 fps") {
  rtclab::testing::usePanelTexts("01-local-capture");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = capturingState();
  for (auto& track : state.tracks) {
    track.readyState = rtclab::MediaStreamTrackState::Ended;
    track.settings = {}; // what getSettings() gives once the source is gone
  }
  state.phase = CapturePhase::Failed; // a new Start failed after stopping the old tracks
  auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.showsText("ended"));
  CHECK(report.showsText("(ended: no source)"));
  CHECK_FALSE(report.showsText("0x0 @ 0 fps"));
  CHECK_FALSE(report.showsText("0 Hz, 0 ch"));
}

TEST_CASE("a denied camera is shown by name with its explanation, and Start stays usable") {
  rtclab::testing::usePanelTexts("01-local-capture");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  CaptureState state;
  state.phase = CapturePhase::Failed;
  state.error = rtclab::makeMediaError("NotAllowedError", "Permission denied");
  auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("NotAllowedError"));
  CHECK(report.showsText("Permission denied"));
  CHECK(report.showsText("What to do"));
  CHECK(captureBadge(report) == "failed");
  // Start is enabled (press it again), Stop is not: there is nothing to stop.
  CHECK(rtclab::testing::clickButton([&] { drawPanel(state, actions); }, "Start"));
  CHECK(ran == std::vector<std::string>{"start"});
  ran.clear();
  CHECK(rtclab::testing::clickButton([&] { drawPanel(state, actions); }, "Stop"));
  CHECK(ran.empty());
}

TEST_CASE("while capturing, Stop is enabled") {
  rtclab::testing::usePanelTexts("01-local-capture");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = capturingState();
  CHECK(rtclab::testing::clickButton([&] { drawPanel(state, actions); }, "Stop"));
  CHECK(ran == std::vector<std::string>{"stop"});
}

TEST_CASE("no device found and an insecure context are both explained") {
  rtclab::testing::usePanelTexts("01-local-capture");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  CaptureState state;
  state.phase = CapturePhase::Failed;
  state.secureContext = false;
  state.mediaDevicesAvailable = false;
  state.error = rtclab::makeMediaError("NotFoundError", "Requested device not found");
  auto report = drawFrames(2, [&] { drawPanel(state, actions); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("NotFoundError"));
  CHECK(report.showsText("HTTPS"));
}

TEST_CASE("the form becomes getUserMedia constraints") {
  CaptureForm form;
  CHECK(constraintsFor(form).toJson() == nlohmann::json{{"video", true}, {"audio", true}});
  REQUIRE(parseResolution("1280x720", form));
  form.frameRate = 15;
  form.audio = false;
  form.cameraId = "cam-1";
  auto json = constraintsFor(form).toJson();
  CHECK(json["audio"] == false);
  CHECK(json["video"]["width"] == nlohmann::json{{"ideal", 1280}});
  CHECK(json["video"]["frameRate"] == nlohmann::json{{"ideal", 15.0}});
  CHECK(json["video"]["deviceId"] == nlohmann::json{{"exact", "cam-1"}});
  form.exact = true;
  CHECK(constraintsFor(form).toJson()["video"]["height"] == nlohmann::json{{"exact", 720}});
}

TEST_CASE("resolutions parse strictly") {
  CaptureForm form;
  CHECK(parseResolution("640x480", form));
  CHECK(form.width == 640);
  CHECK(parseResolution("default", form));
  CHECK_FALSE(form.width);
  CHECK_FALSE(parseResolution("640", form));
  CHECK_FALSE(parseResolution("0x480", form));
  CHECK_FALSE(parseResolution("640x480p", form));
}

TEST_CASE("the snapshot carries phase, tracks and the explained error") {
  auto state = capturingState();
  auto json = toJson(state);
  CHECK(json["phase"] == "capturing");
  REQUIRE(json["tracks"].size() == 2);
  CHECK(json["tracks"][0]["settings"]["width"] == 640);
  CHECK(json["tracks"][0]["readyState"] == "live");
  CHECK(json["error"].is_null());
  state.error = rtclab::makeMediaError("NotAllowedError", "denied");
  CHECK(toJson(state)["error"]["name"] == "NotAllowedError");
  CHECK_FALSE(toJson(state)["error"]["remedy"].get<std::string>().empty());
}

TEST_CASE("device menus keep their last list when the browser starts hiding the devices") {
  auto state = capturingState();
  const auto named = state.devices;
  // After a NotAllowedError: one hidden entry per kind, or none at all.
  std::vector<rtclab::MediaDeviceInfo> hidden = {{"", rtclab::MediaDeviceKind::VideoInput, "", ""},
                                                 {"", rtclab::MediaDeviceKind::AudioInput, "", ""}};
  CHECK_FALSE(takeDeviceList(state.devices, hidden));
  CHECK(state.devices == named);
  CHECK_FALSE(takeDeviceList(state.devices, {}));
  CHECK(state.devices == named);

  // A real change, named: taken (a camera unplugged while permission holds).
  std::vector<rtclab::MediaDeviceInfo> fewer = {named[1]};
  CHECK(takeDeviceList(state.devices, fewer));
  CHECK(state.devices == fewer);
  // Before any permission: nothing named yet, so the hidden list is all there is to show.
  std::vector<rtclab::MediaDeviceInfo> none;
  CHECK(takeDeviceList(none, hidden));
  CHECK(none == hidden);
}

TEST_CASE("the panel reads Korean with the Korean tables and English with the English ones") {
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  auto state = capturingState();
  auto korean = rtclab::testing::inKorean("01-local-capture");
  const auto inKorean = drawFrames(
      3, [&] { drawPanel(state, actions); }, korean);
  CHECK(inKorean.showsText("1. 카메라와 마이크 요청"));
  CHECK(inKorean.showsText("4. enabled와 stop()"));
  CHECK(inKorean.showsText("장치 새로 고침")); // the Refresh devices button
  CHECK(inKorean.showsText("트랙"));           // the Tracks header
  CHECK(inKorean.showsText("640x480 @ 30 fps"));
  CHECK_FALSE(inKorean.showsText("Refresh devices"));
  CHECK(toJson(state)["steps"]["list"][0]["text"] == "1. 카메라와 마이크 요청 (getUserMedia)");

  rtclab::testing::usePanelTexts("01-local-capture");
  const auto inEnglish = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(inEnglish.showsText("1. Ask for the camera and microphone"));
  CHECK(inEnglish.showsText("Refresh devices"));
  CHECK(inEnglish.showsText("Tracks"));
  CHECK_FALSE(inEnglish.showsText("트랙"));
  CHECK(ran.empty());
}

TEST_CASE("the checklist ticks each step from the lab's state") {
  rtclab::testing::usePanelTexts("01-local-capture");
  const auto doneFlags = [](const CaptureState& state) {
    std::vector<bool> done;
    const auto json = toJson(state);
    for (const auto& step : json["steps"]["list"])
      done.push_back(step["done"].get<bool>());
    return done;
  };
  CaptureState idle;
  CHECK(toJson(idle)["steps"]["current"] == 0);
  CHECK(doneFlags(idle) == std::vector<bool>{false, false, false, false});
  CHECK(toJson(idle)["steps"]["list"][3]["step"] == "lab01.step.enabled-stop");

  auto state = capturingState(); // its devices are named: permission was granted
  state.captured = true;
  CHECK(doneFlags(state) == std::vector<bool>{true, false, true, false});
  CHECK(toJson(state)["steps"]["current"] == 1);
  state.triedConstraints = true;
  CHECK(toJson(state)["steps"]["current"] == 3);
  state.toggledTrack = true; // step 4 wants both halves: enabled, then stop()
  CHECK(toJson(state)["steps"]["current"] == 3);
  state.stoppedCapture = true;
  CHECK(doneFlags(state) == std::vector<bool>{true, true, true, true});
  CHECK(toJson(state)["steps"]["current"] == 4);

  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  const auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.showsText("Steps"));
  CHECK(report.showsText("2. Constraints, ideal versus exact"));
  CHECK(state.stepGuide.current() == 4); // the panel's guide reads the same state
}
