#include "rtclab/language.hpp"

#include <array>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace rtclab {
namespace {

// Looked up by the caller's const char* without making a std::string each time: the panel asks
// for a few hundred texts per frame.
struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
using Table = std::unordered_map<std::string, std::string, TransparentHash, std::equal_to<>>;

struct Texts {
  std::array<Table, 2> tables;
  // trLabel()'s "text###key" strings, made once per key and language.
  std::array<Table, 2> labels;
  Language language = Language::English;
  std::uint64_t generation = 0;
};

Texts& texts() {
  static Texts instance;
  return instance;
}

std::size_t indexOf(Language language) {
  return language == Language::Korean ? 1 : 0;
}

} // namespace

std::string_view toString(Language language) {
  return language == Language::Korean ? "ko" : "en";
}

std::optional<Language> languageFromTag(std::string_view tag) {
  const std::string_view primary = tag.substr(0, tag.find_first_of("-_"));
  if (primary.size() != 2)
    return std::nullopt;
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  const std::string code{lower(primary[0]), lower(primary[1])};
  if (code == "ko")
    return Language::Korean;
  if (code == "en")
    return Language::English;
  return std::nullopt;
}

bool addTexts(Language language, std::string_view json, std::string* error) {
  const auto fail = [&](std::string why) {
    if (error)
      *error = std::move(why);
    return false;
  };
  const auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return fail("not JSON");
  if (!parsed.is_object())
    return fail("not a JSON object of key -> text");
  std::vector<std::pair<std::string, std::string>> entries;
  entries.reserve(parsed.size());
  for (const auto& [key, value] : parsed.items()) {
    if (!value.is_string())
      return fail("the text of \"" + key + "\" is not a string");
    entries.emplace_back(key, value.get<std::string>());
  }
  Table& table = texts().tables[indexOf(language)];
  for (auto& [key, text] : entries)
    table.emplace(std::move(key), std::move(text));
  texts().labels[indexOf(language)].clear();
  ++texts().generation;
  return true;
}

void clearTexts() {
  for (auto& table : texts().tables)
    table.clear();
  for (auto& table : texts().labels)
    table.clear();
  ++texts().generation;
}

void setLanguage(Language language) {
  if (texts().language != language) {
    texts().language = language;
    ++texts().generation;
  }
}

Language currentLanguage() {
  return texts().language;
}

std::uint64_t textsGeneration() {
  return texts().generation;
}

const char* tr(const char* key) {
  const Texts& all = texts();
  const Table& current = all.tables[indexOf(all.language)];
  if (auto found = current.find(std::string_view(key)); found != current.end())
    return found->second.c_str();
  const Table& english = all.tables[indexOf(Language::English)];
  if (auto found = english.find(std::string_view(key)); found != english.end())
    return found->second.c_str();
  return key;
}

const char* trLabel(const char* key) {
  Table& labels = texts().labels[indexOf(texts().language)];
  auto found = labels.find(std::string_view(key));
  if (found == labels.end())
    found = labels.emplace(key, std::string(tr(key)) + "###" + key).first;
  return found->second.c_str();
}

void forEachText(Language language, const std::function<void(std::string_view)>& visit) {
  for (const auto& entry : texts().tables[indexOf(language)])
    visit(entry.second);
}

} // namespace rtclab
