// drawStateTimeline(): "new => checking => connected", the way a learner reads a state machine.
#include <array>

#include <imgui.h>

#include "rtclab/language.hpp"
#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/widgets.hpp"

namespace rtclab::ui {
namespace {

// Keeps the next item on this line only if `width` pixels still fit: a long, flapping timeline
// wraps instead of running off the panel. The available width is the current cell's (a table
// column, a child window), not the whole window's, so side-by-side panels wrap too.
void sameLineIfFits(float width) {
  ImGui::SameLine();
  if (width > ImGui::GetContentRegionAvail().x) {
    ImGui::NewLine();
  }
}

void drawTransitionTooltip(const StateTimeline& timeline, std::size_t index) {
  const auto& transition = timeline.transitions()[index];
  const double startMs = timeline.transitions().front().atMs;
  ImGui::BeginTooltip();
  ImGui::Text(tr("ui.timeline.entered"), transition.state.c_str(),
              formatTimestamp(transition.atMs).c_str(),
              formatDuration(transition.atMs - startMs).c_str());
  if (const auto lasted = timeline.durationInMs(index)) {
    ImGui::Text(tr("ui.timeline.lasted"), formatDuration(*lasted).c_str());
  } else {
    ImGui::TextUnformatted(tr("ui.timeline.current"));
  }
  ImGui::EndTooltip();
}

} // namespace

std::string_view explainStateMachine(std::string_view attributeName) {
  // The explanations are texts of the language tables; the attribute names stay the W3C's.
  struct Explanation {
    std::string_view attribute;
    const char* textKey;
  };
  static constexpr std::array kExplanations{
      Explanation{"signalingState", "ui.state.signalingState"},
      Explanation{"iceGatheringState", "ui.state.iceGatheringState"},
      Explanation{"iceConnectionState", "ui.state.iceConnectionState"},
      Explanation{"connectionState", "ui.state.connectionState"},
      Explanation{"readyState", "ui.state.readyState"},
  };
  for (const auto& explanation : kExplanations) {
    if (explanation.attribute == attributeName) {
      return tr(explanation.textKey);
    }
  }
  return {};
}

void drawStateTimeline(const char* label, const StateTimeline& timeline) {
  ImGui::PushID(label);
  ImGui::TextUnformatted(label);
  if (const auto help = explainStateMachine(label); !help.empty()) {
    helpMarker(std::string(help).c_str());
  }
  const auto& transitions = timeline.transitions();
  if (transitions.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("ui.timeline.none"));
  }
  for (std::size_t i = 0; i < transitions.size(); ++i) {
    const bool isCurrent = i + 1 == transitions.size();
    const std::string& state = transitions[i].state;
    std::string text = state;
    if (const auto lasted = timeline.durationInMs(i)) {
      text += " (" + formatDuration(*lasted) + ")";
    }
    sameLineIfFits(ImGui::CalcTextSize(" => ").x + ImGui::CalcTextSize(text.c_str()).x);
    if (i > 0) {
      ImGui::TextDisabled("=>");
      ImGui::SameLine();
    }
    if (isCurrent) {
      drawTextInTone(toneOfState(state), text);
    } else {
      ImGui::TextDisabled("%s", text.c_str());
    }
    if (ImGui::IsItemHovered()) {
      drawTransitionTooltip(timeline, i);
    }
  }
  ImGui::PopID();
}

} // namespace rtclab::ui
