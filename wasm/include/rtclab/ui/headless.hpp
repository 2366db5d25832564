// headless.hpp: draw ImGui frames without a window or a GPU, for tests of widgets and lab panels.
//
//   auto report = rtclab::ui::testing::drawFrames(3, [&] { drawPanel(fakeState); });
//   CHECK(report.errors.empty());          // no missing End()/EndChild()/PopID() ...
//   CHECK(report.vertexCount > 0);         // something was drawn
//   CHECK(report.showsText("connected"));  // and it says what it should
//
// Widgets may be drawn without a Begin(): they land in ImGui's implicit window, which the harness
// spreads over the whole display. ImGui needs frames to settle: a new window is sized in its
// first frame and shown from the second, and hovering takes one frame more; draw 4 frames to see
// a tooltip.
// Each call makes its own ImGui context (the default font, no imgui.ini) and destroys it, so
// tests do not leak state into each other. Misuse that ImGui can recover from (a Begin() without
// End(), an unpopped ID) is recovered and reported in `errors` instead of aborting the test;
// other ImGui assertions still abort, which ctest reports as a failure too; so does a Push...()
// not popped before its window's End(), which ImGui checks itself in End().
// Native tests link rtclab::ui_headless (ImGui core only: no backend, no window).
#pragma once

#include "rtclab/ui/drawn_text.hpp"

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct ImFontAtlas;

namespace rtclab::ui::testing {

struct HeadlessOptions {
  float displayWidth = 1280;
  float displayHeight = 800;
  // Where the mouse rests in every frame, in display pixels; std::nullopt: no mouse (nothing is
  // hovered). Set it over an item to draw its tooltip.
  std::optional<std::pair<float, float>> mousePosition;
  // A left click there: the mouse rests there in every frame, goes down in the next-to-last
  // frame and up in the last one (draw at least 4 frames), so an enabled button under it runs
  // and a disabled one does not.
  std::optional<std::pair<float, float>> clickAt;
  // Builds the context's font atlas instead of ImGui's default font: a test of Korean text
  // builds rtclab::ui::panelFont() with the Korean font, so Hangul is drawn and read back.
  std::function<void(ImFontAtlas&)> buildFonts;
};

// Where a glyph of FrameReport::text was drawn: its byte offset in `text` and its centre.
using GlyphPlace = rtclab::ui::GlyphPlace;

struct FrameReport {
  int framesDrawn = 0;
  int vertexCount = 0;             // of the last frame; 0 means nothing was drawn
  int drawListCount = 0;           // of the last frame: one per visible window, child or tooltip
  std::vector<std::string> errors; // recovered misuse and exceptions thrown by `draw`, all frames
  // The text the last frame drew, read back from its glyphs: one line per row of text, per
  // window in drawing order. Only what is visible counts (clipped, collapsed or scrolled-away
  // text is absent), and spaces are inferred from the gaps between glyphs.
  std::string text;

  bool showsText(std::string_view needle) const { return text.find(needle) != std::string::npos; }
  // Whether one line shows all `parts` in this order, whatever lies between them: a table row
  // reads "remote relay udp  198.51.100.4 3478 ..." with column padding in between.
  bool showsLine(std::initializer_list<std::string_view> parts) const;
  // The word right after `label` (a whole word, then spaces) on the first line that has it:
  // a badge "lab hung-up" gives wordAfter("lab") == "hung-up", and "disconnected" is never
  // taken for "connected".
  std::optional<std::string> wordAfter(std::string_view label) const;
  // Every line that starts with `prefix`, in order (one per peer panel, say).
  std::vector<std::string> linesStartingWith(std::string_view prefix) const;
  // The centre of the first glyph of the first whole-word occurrence of `needle`, in display
  // pixels: where to click a button labelled `needle`.
  std::optional<std::pair<float, float>> textPosition(std::string_view needle) const;

  std::vector<GlyphPlace> glyphPlaces; // one per glyph of `text`, in the order of `text`
};

// Runs `frames` frames (at least 1), calling `draw` between NewFrame() and Render().
FrameReport drawFrames(int frames, const std::function<void()>& draw,
                       const HeadlessOptions& options = {});

} // namespace rtclab::ui::testing
