// style_colors.hpp (private to rtclab::ui): the few colours the widgets agree on, so a state,
// a log level and a highlighted table row mean the same colour everywhere. Tuned for the dark
// style.
#pragma once

#include <imgui.h>

#include "rtclab/ui/widgets.hpp"

namespace rtclab::ui::colors {

inline const ImVec4 kGood{0.40f, 0.85f, 0.45f, 1.0f};
inline const ImVec4 kProgress{0.95f, 0.80f, 0.30f, 1.0f};
inline const ImVec4 kBad{0.95f, 0.40f, 0.40f, 1.0f};
inline const ImVec4 kInactive{0.55f, 0.55f, 0.55f, 1.0f};
inline const ImVec4 kSelectedRow{0.25f, 0.55f, 0.30f, 0.45f};

// The colour of a tone; Neutral is the style's text colour.
inline ImVec4 ofTone(StateTone tone) {
  switch (tone) {
  case StateTone::Progress:
    return kProgress;
  case StateTone::Good:
    return kGood;
  case StateTone::Bad:
    return kBad;
  case StateTone::Inactive:
    return kInactive;
  case StateTone::Neutral:
    break;
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

} // namespace rtclab::ui::colors
