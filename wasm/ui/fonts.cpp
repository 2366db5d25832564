#include "rtclab/ui/fonts.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

#include <imgui.h>
#include <imgui_internal.h> // ImTextCharFromUtf8: ImGui's own UTF-8 decoder

namespace rtclab::ui {
namespace {

static_assert(std::is_same_v<ImWchar, unsigned short>,
              "PanelFont keeps 16-bit glyph ranges (ImGui built without IMGUI_USE_WCHAR32)");

bool isAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Calls `visit` with each code point of `utf8` beyond ASCII that ImGui can hold (the Basic
// Multilingual Plane: ImWchar is 16-bit here).
template <typename Visit> void forEachWideCharacter(std::string_view utf8, Visit&& visit) {
  const char* cursor = utf8.data();
  const char* const end = cursor + utf8.size();
  while (cursor < end) {
    if (static_cast<unsigned char>(*cursor) < 0x80) {
      ++cursor;
      continue;
    }
    unsigned int codePoint = 0;
    const int length = ImTextCharFromUtf8(&codePoint, cursor, end);
    cursor += length > 0 ? length : 1;
    if (codePoint >= 0x80 && codePoint <= IM_UNICODE_CODEPOINT_MAX)
      visit(codePoint);
  }
}

} // namespace

void PanelFont::setTextFont(std::vector<unsigned char> ttf) {
  ttf_ = std::move(ttf);
  dirty_ = true;
}

void PanelFont::noteText(std::string_view utf8) {
  if (isAscii(utf8))
    return;
  forEachWideCharacter(utf8, [this](unsigned int codePoint) {
    const auto position = std::lower_bound(noted_.begin(), noted_.end(), codePoint);
    if (position == noted_.end() || *position != codePoint) {
      noted_.insert(position, codePoint);
      dirty_ = true;
    }
  });
}

bool PanelFont::rebuildIfNeeded(ImFontAtlas& atlas, float sizePixels) {
  if (!dirty_)
    return false;
  build(atlas, sizePixels);
  return true;
}

void PanelFont::build(ImFontAtlas& atlas, float sizePixels) {
  atlas.Clear();
  ImFontConfig latin;
  latin.SizePixels = sizePixels;
  atlas.AddFontDefault(&latin);

  // Consecutive code points become one range: Hangul text is mostly scattered syllables, but
  // ranges keep the list short for runs (jamo, punctuation blocks).
  ranges_.clear();
  for (std::size_t i = 0; i < noted_.size();) {
    std::size_t last = i;
    while (last + 1 < noted_.size() && noted_[last + 1] == noted_[last] + 1)
      ++last;
    ranges_.push_back(static_cast<ImWchar>(noted_[i]));
    ranges_.push_back(static_cast<ImWchar>(noted_[last]));
    i = last + 1;
  }
  if (!ttf_.empty() && !ranges_.empty()) {
    ranges_.push_back(0);
    ImFontConfig merged;
    merged.MergeMode = true;            // into the default font: one ImFont for every text
    merged.FontDataOwnedByAtlas = false; // ttf_ stays ours; the atlas only reads it while building
    merged.PixelSnapH = true;
    atlas.AddFontFromMemoryTTF(ttf_.data(), static_cast<int>(ttf_.size()), sizePixels, &merged,
                               ranges_.data());
  }
  atlas.Build();
  dirty_ = false;
}

PanelFont& panelFont() {
  static PanelFont font;
  return font;
}

bool fontCovers(std::string_view utf8) {
  const ImFont* font = ImGui::GetFont();
  if (font == nullptr)
    return false;
  bool covered = true;
  forEachWideCharacter(utf8, [&](unsigned int codePoint) {
    covered = covered && font->FindGlyphNoFallback(static_cast<ImWchar>(codePoint)) != nullptr;
  });
  return covered;
}

} // namespace rtclab::ui
