#include "rtclab/ui/widgets.hpp"

#include "rtclab/language.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

#include <imgui.h>

#include "style_colors.hpp"

namespace rtclab::ui {

void helpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  tooltipOnHover(text);
}

void tooltipOnHover(std::string_view text) {
  if (!ImGui::IsItemHovered())
    return;
  ImGui::BeginTooltip();
  // Wrap long explanations at a readable width instead of one screen-wide line, and never wider
  // than the page: a narrow window (a phone) still shows the whole tooltip.
  const float readable = ImGui::GetFontSize() * 35.0f;
  const float onScreen = ImGui::GetIO().DisplaySize.x * 0.9f;
  ImGui::PushTextWrapPos(onScreen > 0 ? std::min(readable, onScreen) : readable);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void cellText(std::string_view text) {
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  tooltipOnHover(text);
}

void beginLabWindow(const char* title) {
  constexpr float kMargin = 8.0f;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(kMargin, kMargin), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(display.x - 2 * kMargin, display.y - 2 * kMargin),
                           ImGuiCond_FirstUseEver);
  ImGui::Begin(title);
  languageSwitch();
}

namespace {
std::string& pageBrowserDescription() {
  static std::string description;
  return description;
}
} // namespace

void setPageBrowser(std::string description) {
  pageBrowserDescription() = std::move(description);
}

void languageSwitch() {
  const Language current = currentLanguage();
  ImGui::TextDisabled("%s", tr("ui.language"));
  ImGui::SameLine();
  if (ImGui::RadioButton("한국어", current == Language::Korean))
    setLanguage(Language::Korean);
  ImGui::SameLine();
  if (ImGui::RadioButton("English", current == Language::English))
    setLanguage(Language::English);
  if (!pageBrowserDescription().empty()) {
    ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    ImGui::TextDisabled("%s %s", tr("ui.browser"), pageBrowserDescription().c_str());
    tooltipOnHover(tr("ui.browser.help"));
  }
}

StateTone toneOfState(std::string_view state) {
  struct ToneOf {
    std::string_view state;
    StateTone tone;
  };
  // Every string of the W3C state enums that is not Neutral ("new" and unknown strings are).
  static constexpr std::array kTones{
      ToneOf{"checking", StateTone::Progress},
      ToneOf{"connecting", StateTone::Progress},
      ToneOf{"gathering", StateTone::Progress},
      ToneOf{"have-local-offer", StateTone::Progress},
      ToneOf{"have-remote-offer", StateTone::Progress},
      ToneOf{"have-local-pranswer", StateTone::Progress},
      ToneOf{"have-remote-pranswer", StateTone::Progress},
      ToneOf{"connected", StateTone::Good},
      ToneOf{"completed", StateTone::Good},
      ToneOf{"complete", StateTone::Good},
      ToneOf{"stable", StateTone::Good},
      ToneOf{"open", StateTone::Good},
      ToneOf{"live", StateTone::Good},
      ToneOf{"failed", StateTone::Bad},
      ToneOf{"disconnected", StateTone::Inactive},
      ToneOf{"closed", StateTone::Inactive},
      ToneOf{"closing", StateTone::Inactive},
      ToneOf{"ended", StateTone::Inactive},
  };
  for (const auto& entry : kTones) {
    if (entry.state == state) {
      return entry.tone;
    }
  }
  return StateTone::Neutral;
}

void drawTextInTone(StateTone tone, std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colors::ofTone(tone));
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopStyleColor();
}

void drawStateBadge(const char* label, std::string_view state) {
  ImGui::TextUnformatted(label);
  ImGui::SameLine();
  if (state.empty()) {
    ImGui::TextDisabled("%s", tr("ui.none"));
  } else {
    drawTextInTone(toneOfState(state), state);
  }
}

std::string formatTimestamp(double timeMs) {
  const long long totalMs = timeMs > 0 ? std::llround(timeMs) : 0;
  char text[32];
  std::snprintf(text, sizeof text, "%02lld:%02lld.%03lld", totalMs / 60000, totalMs / 1000 % 60,
                totalMs % 1000);
  return text;
}

std::string formatDuration(double durationMs) {
  char text[32];
  if (durationMs < 1000) {
    std::snprintf(text, sizeof text, "%.0f ms", durationMs < 0 ? 0.0 : durationMs);
  } else if (durationMs < 60000) {
    std::snprintf(text, sizeof text, "%.2f s", durationMs / 1000);
  } else {
    const long long seconds = std::llround(durationMs / 1000);
    std::snprintf(text, sizeof text, "%lld min %lld s", seconds / 60, seconds % 60);
  }
  return text;
}

} // namespace rtclab::ui
