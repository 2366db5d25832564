// language.hpp: the panel's words in the learner's language, Korean or English.
//
//   ImGui::Button(rtclab::tr("capture.start"));                  // "Start" or "시작"
//   if (ImGui::CollapsingHeader(rtclab::trLabel("ice.section")))  // the same ImGui id in both
//
// Every language has one table per part: a flat JSON object of key -> text. The words every lab
// shares are in wasm/ui/texts.<lang>.json, a lab's own in labs/NN-name/texts.<lang>.json; the
// lab page fetches both before the wasm starts (loadPageTexts() in lab_page.hpp) and the build
// serves them next to the lab. A text may be a printf format: tests/unit/texts checks that every
// key exists in both languages with the same conversions, so a translation cannot crash Text().
// The guide's own terms stay as the guide writes them: Offer, Answer, ICE Candidate, 시그널링.
//
// A key missing in the current language falls back to English, and one missing there too shows
// as the key itself: a forgotten string is visible in the panel, never a crash.
// The tables are process-wide (one page, one language). Pointers returned by tr() stay valid
// until the next addTexts() or setLanguage().
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rtclab {

enum class Language { English, Korean };

// "en" / "ko": the tables' file suffix and labState()'s "language".
std::string_view toString(Language language);
// A BCP 47 tag as navigator.language or ?lang= gives it: "ko", "ko-KR" -> Korean; "en", "en-US"
// -> English; anything else -> std::nullopt (the caller picks the default).
std::optional<Language> languageFromTag(std::string_view tag);

// Adds a table's entries to `language` (a key already there keeps its text). Returns false and
// says why in `error` when `json` is not a flat object of strings; nothing is added then.
bool addTexts(Language language, std::string_view json, std::string* error = nullptr);
// Forgets every table (tests start from nothing).
void clearTexts();

void setLanguage(Language language);
Language currentLanguage();
// Increases whenever the tables or the language change: a cache of drawn text (the font's glyph
// set) knows to look again.
std::uint64_t textsGeneration();

// The text for `key` in the current language (English, then the key itself, when missing).
const char* tr(const char* key);
// The same text with the key as its ImGui id ("ICE candidates###ice.section"), for widgets that
// keep state under their label: a header stays open when the learner switches language.
const char* trLabel(const char* key);

// Every text of `language`, for the font to build the glyphs it needs ahead of drawing.
void forEachText(Language language, const std::function<void(std::string_view)>& visit);

} // namespace rtclab
