// panel_texts.hpp: the language tables and the Korean font for headless panel tests.
//
//   rtclab::testing::usePanelTexts("04-one-to-one");                 // English, as the page starts
//   CHECK(drawFrames(3, draw).showsText("Start camera"));
//   auto korean = rtclab::testing::inKorean("04-one-to-one");           // tables + Korean font
//   CHECK(drawFrames(3, draw, korean).showsText("카메라 시작"));        // Hangul drawn and read back
//
// The tables come from the source tree (wasm/ui/texts.<lang>.json and the lab's own), the font
// from Debian's fonts-nanum: what the page fetches.
#pragma once

#include "rtclab/language.hpp"
#include "rtclab/ui/headless.hpp"

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

// usePanelTexts(labFolder, Korean), and headless options that draw with the Korean font.
ui::testing::HeadlessOptions inKorean(std::string_view labFolder);

} // namespace rtclab::testing
