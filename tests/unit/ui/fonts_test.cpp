// The panel font: Hangul drawn as Hangul once the Korean font and the text are known
// (rtclab/ui/fonts.hpp). Uses Debian's NanumGothic, which `make deps` installs.
#include <doctest/doctest.h>
#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "rtclab/ui/fonts.hpp"
#include "rtclab/ui/headless.hpp"

using rtclab::ui::PanelFont;
using rtclab::ui::testing::drawFrames;
using rtclab::ui::testing::HeadlessOptions;

namespace {

std::vector<unsigned char> koreanFont() {
  const std::filesystem::path path = RTCLAB_KOREAN_FONT;
  INFO("the Korean font " << path.string() << " (make deps installs fonts-nanum)");
  REQUIRE(std::filesystem::exists(path));
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

constexpr const char* kGreeting = "안녕하세요 B입니다";

} // namespace

TEST_CASE("Hangul noted before the build is drawn as Hangul, and read back as such") {
  PanelFont font;
  font.setTextFont(koreanFont());
  font.noteText(kGreeting);
  HeadlessOptions options;
  options.buildFonts = [&](ImFontAtlas& atlas) { font.build(atlas, 15.0f); };
  bool covered = false;
  bool unnotedCovered = true;
  const auto report = drawFrames(2, [&] {
    ImGui::TextUnformatted(kGreeting);
    covered = rtclab::ui::fontCovers(kGreeting);
    unnotedCovered = rtclab::ui::fontCovers("가"); // never noted: not in the atlas
  }, options);
  CHECK(covered);
  CHECK_FALSE(unnotedCovered);
  CHECK(report.showsText(kGreeting));
}

TEST_CASE("without the Korean font Hangul falls back to '?', as the bug showed") {
  PanelFont font; // no setTextFont(): the page could not fetch it
  font.noteText(kGreeting);
  HeadlessOptions options;
  options.buildFonts = [&](ImFontAtlas& atlas) { font.build(atlas, 15.0f); };
  bool covered = true;
  const auto report = drawFrames(2, [&] {
    ImGui::TextUnformatted(kGreeting);
    covered = rtclab::ui::fontCovers(kGreeting);
  }, options);
  CHECK_FALSE(covered);
  CHECK(report.showsText("????? B???"));
}

TEST_CASE("only new characters beyond ASCII ask for a rebuild") {
  PanelFont font;
  ImFontAtlas atlas;
  CHECK(font.rebuildIfNeeded(atlas, 15.0f)); // the first build
  CHECK_FALSE(font.rebuildIfNeeded(atlas, 15.0f));
  font.noteText("connected, ICE restart #2");
  CHECK_FALSE(font.rebuildIfNeeded(atlas, 15.0f));
  font.noteText("연결됨");
  CHECK(font.notedCharacterCount() == 3);
  CHECK(font.rebuildIfNeeded(atlas, 15.0f));
  font.noteText("연결"); // seen before
  CHECK_FALSE(font.rebuildIfNeeded(atlas, 15.0f));
  font.setTextFont(koreanFont());
  CHECK(font.rebuildIfNeeded(atlas, 15.0f));
  CHECK(atlas.Fonts.Size == 1); // ASCII and Hangul in one merged font
  CHECK(atlas.Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(U'연')) != nullptr);
  CHECK(atlas.Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(U'가')) == nullptr);
}

TEST_CASE("broken UTF-8 is skipped, never read past its end") {
  PanelFont font;
  font.noteText(std::string_view("\xed\x95", 2)); // half of 한
  font.noteText("\xff\xfe");
  ImFontAtlas atlas;
  font.build(atlas, 15.0f); // what was noted is whatever ImGui's decoder made of it; no crash
  CHECK(atlas.IsBuilt());
}
