#include "panel_texts.hpp"

#include "rtclab/ui/fonts.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

namespace rtclab::testing {
namespace {

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in, "cannot read " << path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void addTable(Language language, const std::filesystem::path& path) {
  std::string error;
  REQUIRE_MESSAGE(addTexts(language, readFile(path), &error), path.string() << ": " << error);
}

} // namespace

void usePanelTexts(std::string_view labFolder, Language language) {
  const std::filesystem::path source = RTCLAB_SOURCE_DIR;
  clearTexts();
  for (const Language each : {Language::English, Language::Korean}) {
    const std::string file = "texts." + std::string(toString(each)) + ".json";
    addTable(each, source / "wasm/ui" / file);
    if (!labFolder.empty())
      addTable(each, source / "labs" / std::string(labFolder) / file);
  }
  setLanguage(language);
}

std::function<void(ImFontAtlas&)> koreanPanelFont(std::string_view extraText) {
  auto font = std::make_shared<ui::PanelFont>();
  std::ifstream in(RTCLAB_KOREAN_FONT, std::ios::binary);
  REQUIRE_MESSAGE(in, "no Korean font at " RTCLAB_KOREAN_FONT " (make deps installs fonts-nanum)");
  font->setTextFont({std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()});
  forEachText(currentLanguage(), [&](std::string_view text) { font->noteText(text); });
  font->noteText(extraText);
  font->noteText("한국어");
  // The atlas borrows the font's bytes while building; the lambda keeps them alive.
  return [font](ImFontAtlas& atlas) { font->build(atlas, 13.0f); };
}

ui::testing::HeadlessOptions inKorean(std::string_view labFolder) {
  usePanelTexts(labFolder, Language::Korean);
  ui::testing::HeadlessOptions options;
  options.buildFonts = koreanPanelFont();
  return options;
}

} // namespace rtclab::testing
