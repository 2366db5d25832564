// drawn_text.hpp: the text an ImGui frame really drew, read back from its glyphs.
//
// ImGui's own logging stops at the first End() of a window, so the text is read from the draw
// data instead: every glyph is a textured quad whose atlas UVs identify its character. A
// character the font lacks reads as the font's fallback ('?'), exactly as the learner sees it.
// The headless test harness (headless.hpp) and the page's Module.panelText() (app.cpp) both use
// it, so a browser test can assert what the panel shows.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

struct ImDrawData;

namespace rtclab::ui {

// Where a glyph of the read text was drawn: its byte offset in the text and its centre.
struct GlyphPlace {
  std::size_t offset;
  float x;
  float y;
};

// Appends the drawn text of `drawData` to `text`: one line per row of glyphs, per window in
// drawing order, top to bottom and left to right; spaces inferred from the gaps between glyphs.
// Only what is visible counts (clipped, collapsed or scrolled-away text is absent). Call while
// the frame's ImGui context (its font atlas) is current.
void readDrawnText(const ImDrawData& drawData, std::string& text, std::vector<GlyphPlace>& places);

} // namespace rtclab::ui
