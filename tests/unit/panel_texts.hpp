// panel_texts.hpp: the language tables and the Korean font for headless panel tests.
//
//   rtclab::testing::usePanelTexts("04-one-to-one");                 // English, as the page starts
//   CHECK(drawFrames(3, draw).showsText("Start camera"));
//   rtclab::testing::usePanelTexts("04-one-to-one", rtclab::Language::Korean);
//   HeadlessOptions options;
//   options.buildFonts = rtclab::testing::koreanPanelFont();          // Hangul drawn and read back
//   CHECK(drawFrames(3, draw, options).showsText("카메라 시작"));
//
// The tables come from the source tree (wasm/ui/texts.<lang>.json and the lab's own), the font
// from Debian's fonts-nanum: what the page fetches.
#pragma once

#include "rtclab/language.hpp"

#include <functional>
#include <string_view>

struct ImFontAtlas;

namespace rtclab::testing {

// Forgets every table, loads the shared ones and `labFolder`'s ("01-local-capture"; empty for
// none) in both languages, and switches to `language`.
void usePanelTexts(std::string_view labFolder = {}, Language language = Language::English);

// HeadlessOptions::buildFonts for Korean: ImGui's font merged with NanumGothic for every
// character of the current language's tables and of `extraText`.
std::function<void(ImFontAtlas&)> koreanPanelFont(std::string_view extraText = {});

} // namespace rtclab::testing
