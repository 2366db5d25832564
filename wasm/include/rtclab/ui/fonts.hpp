// fonts.hpp: Hangul (and any other non-Latin text) in the panel.
//
// ImGui's default font has Latin only, so `안녕하세요` drew as `?????`. The page fetches a Korean
// font (Debian's fonts-nanum NanumGothic, served next to the labs, never in the wasm) and hands
// its bytes to setTextFont(). A font atlas with all 11,172 Hangul syllables would cost megabytes
// of texture at a high-DPI size, so the atlas holds only the characters the panel has been asked
// to show: noteText() adds them, and before the next frame the shell rebuilds the atlas when
// something new arrived (rebuildIfNeeded()). ASCII stays in ImGui's own font, merged with the
// Korean one.
//
// What feeds noteText(): the current language's whole table (on every switch), text typed or
// composed through the input method, and every string value of the lab's labState() snapshot
// once a second, which is where a lab keeps what it shows (chat, peer ids, device labels,
// errors). A character first seen in a snapshot may show as `?` for up to a second.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

struct ImFontAtlas;

namespace rtclab::ui {

class PanelFont {
public:
  // The TrueType font for what ImGui's default font lacks (a copy is kept; the atlas borrows it).
  void setTextFont(std::vector<unsigned char> ttf);
  bool hasTextFont() const { return !ttf_.empty(); }

  // Characters the panel will draw. Cheap for ASCII (nothing to do) and for characters seen
  // before; a new one marks the atlas for rebuilding.
  void noteText(std::string_view utf8);

  // Characters noted so far beyond ASCII (what the next build adds from the text font).
  std::size_t notedCharacterCount() const { return noted_.size(); }

  // (Re)builds `atlas` at `sizePixels` when a font or a character arrived since the last build;
  // returns whether it did (the renderer must then upload the new texture).
  bool rebuildIfNeeded(ImFontAtlas& atlas, float sizePixels);
  // Builds unconditionally (setup, tests).
  void build(ImFontAtlas& atlas, float sizePixels);

private:
  std::vector<unsigned char> ttf_;
  std::vector<std::uint32_t> noted_;      // sorted code points beyond ASCII
  std::vector<unsigned short> ranges_;    // ImGui glyph ranges: pairs, 0-terminated; must outlive the build
  bool dirty_ = true;
};

// The page's one panel font (the shell and the labs share it).
PanelFont& panelFont();

// Every character of `utf8` has a real glyph (not the `?` fallback) in the current ImGui
// context's font: what a test asks to know that Hangul is drawn as Hangul.
bool fontCovers(std::string_view utf8);

} // namespace rtclab::ui
