// drawStateTimeline(): "new => checking => connected", the way a learner reads a state machine.
#include <array>

#include <imgui.h>

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
  ImGui::Text("\"%s\" entered at %s (+%s)", transition.state.c_str(),
              formatTimestamp(transition.atMs).c_str(),
              formatDuration(transition.atMs - startMs).c_str());
  if (const auto lasted = timeline.durationInMs(index)) {
    ImGui::Text("lasted %s", formatDuration(*lasted).c_str());
  } else {
    ImGui::TextUnformatted("the current state");
  }
  ImGui::EndTooltip();
}

} // namespace

std::string_view explainStateMachine(std::string_view attributeName) {
  struct Explanation {
    std::string_view attribute;
    std::string_view text;
  };
  static constexpr std::array kExplanations{
      Explanation{"signalingState",
                  "Where the offer/answer exchange stands: stable => have-local-offer (after "
                  "setLocalDescription(offer)) => stable again once the answer is applied."},
      Explanation{"iceGatheringState",
                  "Whether the browser is still collecting its own candidates: new => gathering "
                  "=> complete."},
      Explanation{"iceConnectionState",
                  "The ICE agent testing candidate pairs: new => checking => connected "
                  "(=> completed); disconnected may recover, failed needs an ICE restart."},
      Explanation{"connectionState",
                  "ICE and DTLS together, the state an app should watch: new => connecting => "
                  "connected; failed means no path was found."},
      Explanation{"readyState",
                  "The data channel: connecting => open (send() works) => closing => closed."},
  };
  for (const auto& explanation : kExplanations) {
    if (explanation.attribute == attributeName) {
      return explanation.text;
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
    ImGui::TextDisabled("(no state yet)");
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
