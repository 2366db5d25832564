#include <doctest/doctest.h>

#include <string>

#include "rtclab/language.hpp"

using rtclab::Language;

namespace {
// Each test starts from empty tables in English (the tables are process-wide).
struct FreshTexts {
  FreshTexts() {
    rtclab::clearTexts();
    rtclab::setLanguage(Language::English);
  }
  ~FreshTexts() { rtclab::clearTexts(); }
};
} // namespace

TEST_CASE("a browser's language tag picks Korean or English") {
  CHECK(rtclab::languageFromTag("ko") == Language::Korean);
  CHECK(rtclab::languageFromTag("ko-KR") == Language::Korean);
  CHECK(rtclab::languageFromTag("KO_kr") == Language::Korean);
  CHECK(rtclab::languageFromTag("en-US") == Language::English);
  CHECK(rtclab::languageFromTag("en") == Language::English);
  CHECK_FALSE(rtclab::languageFromTag("ja-JP"));
  CHECK_FALSE(rtclab::languageFromTag("kor"));
  CHECK_FALSE(rtclab::languageFromTag(""));
  CHECK(rtclab::toString(Language::Korean) == "ko");
  CHECK(rtclab::toString(Language::English) == "en");
}

TEST_CASE_FIXTURE(FreshTexts, "tr() gives the current language, then English, then the key") {
  REQUIRE(rtclab::addTexts(Language::English, R"({"call": "Call", "only.en": "English only"})"));
  REQUIRE(rtclab::addTexts(Language::Korean, R"({"call": "통화"})"));
  CHECK(std::string(rtclab::tr("call")) == "Call");
  rtclab::setLanguage(Language::Korean);
  CHECK(std::string(rtclab::tr("call")) == "통화");
  CHECK(std::string(rtclab::tr("only.en")) == "English only");
  CHECK(std::string(rtclab::tr("nowhere")) == "nowhere");
}

TEST_CASE_FIXTURE(FreshTexts, "trLabel() keeps the key as the ImGui id in every language") {
  REQUIRE(rtclab::addTexts(Language::English, R"({"ice.section": "ICE candidates"})"));
  REQUIRE(rtclab::addTexts(Language::Korean, R"({"ice.section": "ICE 후보"})"));
  CHECK(std::string(rtclab::trLabel("ice.section")) == "ICE candidates###ice.section");
  rtclab::setLanguage(Language::Korean);
  CHECK(std::string(rtclab::trLabel("ice.section")) == "ICE 후보###ice.section");
}

TEST_CASE_FIXTURE(FreshTexts, "a table that is not a flat object of strings is refused whole") {
  std::string error;
  CHECK_FALSE(rtclab::addTexts(Language::English, "{", &error));
  CHECK(error == "not JSON");
  CHECK_FALSE(rtclab::addTexts(Language::English, R"(["a"])", &error));
  CHECK(error == "not a JSON object of key -> text");
  CHECK_FALSE(rtclab::addTexts(Language::English, R"({"a": "A", "b": 2})", &error));
  CHECK(error == "the text of \"b\" is not a string");
  CHECK(std::string(rtclab::tr("a")) == "a"); // nothing of the refused table was added
}

TEST_CASE_FIXTURE(FreshTexts, "the generation moves on every change, so the font looks again") {
  const auto before = rtclab::textsGeneration();
  REQUIRE(rtclab::addTexts(Language::Korean, R"({"hello": "안녕하세요"})"));
  const auto afterAdd = rtclab::textsGeneration();
  CHECK(afterAdd > before);
  rtclab::setLanguage(Language::English); // unchanged: no new generation
  CHECK(rtclab::textsGeneration() == afterAdd);
  rtclab::setLanguage(Language::Korean);
  CHECK(rtclab::textsGeneration() > afterAdd);
  std::string all;
  rtclab::forEachText(Language::Korean, [&](std::string_view text) { all += text; });
  CHECK(all == "안녕하세요");
}
