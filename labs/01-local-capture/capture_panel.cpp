#include "capture_panel.hpp"

#include "rtclab/language.hpp"
#include "rtclab/ui/lab_widgets.hpp"
#include "rtclab/ui/widgets.hpp"

#include <algorithm>
#include <imgui.h>

#include <array>
#include <cstdio>

namespace lab01 {
namespace {

using rtclab::tr;
using rtclab::trLabel;
using rtclab::ui::runAction;

using rtclab::MediaDeviceKind;

struct Resolution {
  const char* label;
  std::optional<int> width;
  std::optional<int> height;
};
constexpr std::array kResolutions{Resolution{"default", std::nullopt, std::nullopt},
                                  Resolution{"320x240", 320, 240}, Resolution{"640x480", 640, 480},
                                  Resolution{"1280x720", 1280, 720},
                                  Resolution{"1920x1080", 1920, 1080}};

struct FrameRate {
  const char* label;
  std::optional<double> fps;
};
constexpr std::array kFrameRates{FrameRate{"default", std::nullopt}, FrameRate{"5", 5.0},
                                 FrameRate{"15", 15.0}, FrameRate{"30", 30.0},
                                 FrameRate{"60", 60.0}};

template <typename T> rtclab::Constrain<T> constrain(std::optional<T> value, bool exact) {
  rtclab::Constrain<T> result;
  (exact ? result.exact : result.ideal) = value;
  return result;
}

void drawForm(CaptureState& state, const rtclab::LabActions& actions) {
  CaptureForm& form = state.form;
  // `video`, `audio` and `exact` are getUserMedia's own words, the same in every language.
  ImGui::Checkbox("video", &form.video);
  ImGui::SameLine();
  ImGui::Checkbox("audio", &form.audio);
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab01.help.kinds"));

  std::string current =
      form.width ? std::to_string(*form.width) + "x" + std::to_string(form.height.value_or(0))
                 : tr("lab01.default");
  ImGui::SetNextItemWidth(140);
  if (ImGui::BeginCombo(trLabel("lab01.resolution"), current.c_str())) {
    for (const auto& r : kResolutions) {
      // The action takes the English name ("default"), whatever the menu shows.
      const char* shown = r.width ? r.label : tr("lab01.default");
      if (ImGui::Selectable(shown, current == shown)) {
        runAction(actions, "set-resolution", r.label, state.log);
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  std::string fps =
      form.frameRate ? std::to_string(static_cast<int>(*form.frameRate)) : tr("lab01.default");
  ImGui::SetNextItemWidth(90);
  if (ImGui::BeginCombo(trLabel("lab01.fps"), fps.c_str())) {
    for (const auto& f : kFrameRates) {
      const char* shown = f.fps ? f.label : tr("lab01.default");
      if (ImGui::Selectable(shown, fps == shown)) {
        runAction(actions, "set-frame-rate", f.label, state.log);
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::Checkbox("exact", &form.exact);
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab01.help.exact"));

  auto deviceCombo = [&](const char* label, MediaDeviceKind kind, const std::string& selected,
                         const char* action) {
    std::string preview = tr("lab01.default");
    for (const auto& device : state.devices) {
      if (device.kind == kind && device.deviceId == selected) {
        preview = device.label.empty() ? device.deviceId : device.label;
      }
    }
    ImGui::SetNextItemWidth(260);
    if (ImGui::BeginCombo(trLabel(label), preview.c_str())) {
      if (ImGui::Selectable(tr("lab01.default"), selected.empty())) {
        runAction(actions, action, "", state.log);
      }
      for (const auto& device : state.devices) {
        if (device.kind != kind) {
          continue;
        }
        std::string name = device.label.empty() ? tr("lab01.label-hidden") : device.label;
        ImGui::PushID(device.deviceId.c_str());
        if (ImGui::Selectable(name.c_str(), device.deviceId == selected)) {
          runAction(actions, action, device.deviceId, state.log);
        }
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
  };
  deviceCombo("lab01.camera", MediaDeviceKind::VideoInput, form.cameraId, "select-camera");
  deviceCombo("lab01.microphone", MediaDeviceKind::AudioInput, form.microphoneId,
              "select-microphone");
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab01.help.devices"));

  if (ImGui::Button(trLabel("lab01.start"))) {
    runAction(actions, "start", "", state.log);
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(state.phase != CapturePhase::Capturing &&
                       state.phase != CapturePhase::Requesting);
  if (ImGui::Button(trLabel("lab01.stop"))) {
    runAction(actions, "stop", "", state.log);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(trLabel("lab01.refresh-devices"))) {
    runAction(actions, "refresh-devices", "", state.log);
  }
}

void drawTracks(CaptureState& state, const rtclab::LabActions& actions) {
  if (state.tracks.empty()) {
    ImGui::TextDisabled("%s", tr("lab01.no-tracks"));
    return;
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
  if (!ImGui::BeginTable("tracks", 6, kFlags)) {
    return;
  }
  // MediaStreamTrack's attribute names: what the learner reads in the API, in every language.
  for (const char* header : {"kind", "label", "readyState", "enabled", "muted", "settings"}) {
    ImGui::TableSetupColumn(header);
  }
  ImGui::TableHeadersRow();
  for (const auto& track : state.tracks) {
    ImGui::PushID(track.id.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(track.kind.c_str());
    ImGui::TableNextColumn();
    rtclab::ui::cellText(track.label); // a long device label is cut by the column
    ImGui::TableNextColumn();
    rtclab::ui::drawTextInTone(rtclab::ui::toneOfState(toString(track.readyState)),
                               toString(track.readyState));
    ImGui::TableNextColumn();
    bool enabled = track.enabled;
    if (ImGui::Checkbox("##enabled", &enabled)) {
      runAction(actions, "toggle-" + track.kind, "", state.log);
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(tr(track.muted ? "lab01.yes" : "lab01.no"));
    ImGui::TableNextColumn();
    const auto& s = track.settings;
    char text[96];
    if (track.readyState == rtclab::MediaStreamTrackState::Ended) {
      // An ended track has no source any more: getSettings() is empty, not 0x0 at 0 fps.
      std::snprintf(text, sizeof text, "%s", tr("lab01.ended-no-source"));
    } else if (track.kind == "video") {
      std::snprintf(text, sizeof text, "%dx%d @ %.0f fps", s.width.value_or(0),
                    s.height.value_or(0), s.frameRate.value_or(0));
    } else {
      std::snprintf(text, sizeof text, "%d Hz, %d ch", s.sampleRate.value_or(0),
                    s.channelCount.value_or(0));
    }
    rtclab::ui::cellText(text);
    ImGui::PopID();
  }
  ImGui::EndTable();
  ImGui::TextDisabled("%s", tr("lab01.hint.enabled-stop"));
}

void drawError(const CaptureState& state) {
  if (!state.secureContext || !state.mediaDevicesAvailable) {
    ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "%s", tr("lab01.insecure"));
  }
  if (!state.error) {
    return;
  }
  const auto& error = *state.error;
  const auto explanation = rtclab::explain(error);
  ImGui::Separator();
  ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", error.name.c_str());
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab01.help.error"));
  ImGui::TextWrapped("%s", error.message.c_str());
  if (!error.constraint.empty()) {
    ImGui::Text(tr("lab01.error.constraint"), error.constraint.c_str());
  }
  // The explanation itself stays English: rtclab::explain() is shared with labState().
  ImGui::TextWrapped(tr("lab01.error.meaning"), explanation.meaning.c_str());
  ImGui::TextWrapped(tr("lab01.error.remedy"), explanation.remedy.c_str());
}

} // namespace

rtclab::MediaConstraints constraintsFor(const CaptureForm& form) {
  rtclab::MediaConstraints constraints;
  if (form.video) {
    rtclab::VideoConstraints video;
    video.width = constrain(form.width, form.exact);
    video.height = constrain(form.height, form.exact);
    video.frameRate = constrain(form.frameRate, form.exact);
    // A chosen device is always `exact`: the learner picked it, a fallback would be a surprise.
    if (!form.cameraId.empty()) {
      video.deviceId.exact = form.cameraId;
    }
    constraints.video = video;
  }
  if (form.audio) {
    rtclab::AudioConstraints audio;
    if (!form.microphoneId.empty()) {
      audio.deviceId.exact = form.microphoneId;
    }
    constraints.audio = audio;
  }
  return constraints;
}

bool parseResolution(const std::string& text, CaptureForm& form) {
  for (const auto& r : kResolutions) {
    if (text == r.label) {
      form.width = r.width;
      form.height = r.height;
      return true;
    }
  }
  int width = 0;
  int height = 0;
  char trailing = 0;
  if (std::sscanf(text.c_str(), "%dx%d%c", &width, &height, &trailing) == 2 && width > 0 &&
      height > 0) {
    form.width = width;
    form.height = height;
    return true;
  }
  return false;
}

const char* toString(CapturePhase phase) {
  switch (phase) {
  case CapturePhase::Idle:
    return "idle";
  case CapturePhase::Requesting:
    return "requesting";
  case CapturePhase::Capturing:
    return "capturing";
  case CapturePhase::Stopped:
    return "stopped";
  case CapturePhase::Failed:
    return "failed";
  }
  return "idle";
}

nlohmann::json toJson(const CaptureState& state) {
  using nlohmann::json;
  json tracks = json::array();
  for (const auto& t : state.tracks) {
    json settings = json::object();
    if (t.settings.width)
      settings["width"] = *t.settings.width;
    if (t.settings.height)
      settings["height"] = *t.settings.height;
    if (t.settings.frameRate)
      settings["frameRate"] = *t.settings.frameRate;
    if (t.settings.sampleRate)
      settings["sampleRate"] = *t.settings.sampleRate;
    settings["deviceId"] = t.settings.deviceId;
    tracks.push_back({{"id", t.id},
                      {"kind", t.kind},
                      {"label", t.label},
                      {"enabled", t.enabled},
                      {"muted", t.muted},
                      {"readyState", toString(t.readyState)},
                      {"settings", settings}});
  }
  json devices = json::array();
  for (const auto& d : state.devices) {
    devices.push_back({{"deviceId", d.deviceId}, {"kind", toString(d.kind)}, {"label", d.label}});
  }
  json error = nullptr;
  if (state.error) {
    auto explanation = rtclab::explain(*state.error);
    error = {{"name", state.error->name},
             {"message", state.error->message},
             {"constraint", state.error->constraint},
             {"meaning", explanation.meaning},
             {"remedy", explanation.remedy}};
  }
  return {{"lab", "01-local-capture"},
          {"phase", toString(state.phase)},
          {"secureContext", state.secureContext},
          {"mediaDevicesAvailable", state.mediaDevicesAvailable},
          {"constraints", constraintsFor(state.form).toJson()},
          {"tracks", tracks},
          {"devices", devices},
          {"error", error},
          {"preview", {{"width", state.previewWidth}, {"height", state.previewHeight}}},
          {"steps", rtclab::ui::StepGuide::toJson(steps(state))},
          {"log", toJson(state.log)}};
}

std::array<rtclab::ui::Step, 4> steps(const CaptureState& state) {
  const bool devicesNamed =
      std::any_of(state.devices.begin(), state.devices.end(),
                  [](const rtclab::MediaDeviceInfo& device) { return !device.label.empty(); });
  return {{
      {"lab01.step.request", state.captured, nullptr},
      {"lab01.step.constraints", state.triedConstraints, nullptr},
      {"lab01.step.devices", devicesNamed, nullptr},
      {"lab01.step.enabled-stop", state.toggledTrack && state.stoppedCapture,
       "lab01.section.tracks"},
  }};
}

bool takeDeviceList(std::vector<rtclab::MediaDeviceInfo>& shown,
                    std::vector<rtclab::MediaDeviceInfo> fresh) {
  const auto namesOne = [](const std::vector<rtclab::MediaDeviceInfo>& devices) {
    return std::any_of(devices.begin(), devices.end(),
                       [](const auto& device) { return !device.label.empty(); });
  };
  if (!namesOne(fresh) && namesOne(shown))
    return false;
  shown = std::move(fresh);
  return true;
}

void drawPanel(CaptureState& state, const rtclab::LabActions& actions) {
  rtclab::ui::beginLabWindow(trLabel("lab01.title"));
  const auto checklist = steps(state);
  state.stepGuide.draw(checklist);
  rtclab::ui::drawStateBadge("capture", toString(state.phase));
  ImGui::SameLine();
  rtclab::ui::helpMarker(tr("lab01.help.capture"));
  if (state.previewWidth > 0) {
    ImGui::SameLine();
    ImGui::Text(tr("lab01.preview-size"), state.previewWidth, state.previewHeight);
  }
  drawForm(state, actions);
  drawError(state);
  state.stepGuide.openIfCurrent("lab01.section.tracks");
  if (ImGui::CollapsingHeader(trLabel("lab01.section.tracks"), ImGuiTreeNodeFlags_DefaultOpen)) {
    drawTracks(state, actions);
  }
  if (ImGui::CollapsingHeader(trLabel("lab01.section.log"), ImGuiTreeNodeFlags_DefaultOpen)) {
    rtclab::ui::drawEventLog(state.log, "##log");
  }
  ImGui::End();
}

} // namespace lab01
