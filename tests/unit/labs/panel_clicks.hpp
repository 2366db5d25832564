// panel_clicks.hpp: click a panel's button by its label in a headless test, so a test can check
// whether the button is enabled (a click on a disabled one runs nothing).
#pragma once

#include "rtclab/ui/headless.hpp"

#include <functional>

namespace rtclab::testing {

// Draws the panel, finds the button labelled `label` and clicks it. False when no such text
// is drawn; otherwise the click reached ImGui, and the recording actions tell what ran.
inline bool clickButton(const std::function<void()>& draw, const char* label) {
  const auto shown = ui::testing::drawFrames(3, draw);
  const auto where = shown.textPosition(label);
  if (!where) {
    return false;
  }
  ui::testing::HeadlessOptions click;
  click.clickAt = *where;
  ui::testing::drawFrames(4, draw, click);
  return true;
}

} // namespace rtclab::testing
