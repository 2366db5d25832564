// The language tables (rtclab/language.hpp) against each other and against the code that uses
// them: every key in both languages, the same printf conversions, and no key used in the code
// that the tables lack (it would show as the key) or kept in a table that nothing uses.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

const fs::path kSource = RTCLAB_SOURCE_DIR;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One part's tables: the folder whose code uses them, and the key prefix that part owns.
struct Part {
  fs::path folder;
  std::string prefix; // "ui." for wasm/ui, "lab01." for labs/01-local-capture
};

std::vector<Part> parts() {
  std::vector<Part> found{{kSource / "wasm/ui", "ui."}};
  for (const auto& entry : fs::directory_iterator(kSource / "labs")) {
    if (entry.is_directory())
      found.push_back({entry.path(), "lab" + entry.path().filename().string().substr(0, 2) + "."});
  }
  return found;
}

std::map<std::string, std::string> table(const Part& part, const char* language) {
  const fs::path path = part.folder / (std::string("texts.") + language + ".json");
  INFO(path.string());
  REQUIRE(fs::exists(path));
  const auto json = nlohmann::json::parse(readFile(path));
  REQUIRE(json.is_object());
  std::map<std::string, std::string> entries;
  for (const auto& [key, value] : json.items()) {
    REQUIRE(value.is_string());
    entries.emplace(key, value.get<std::string>());
  }
  return entries;
}

// The printf conversions of a text, in order ("%d", "%.1f", "%s"), without "%%".
std::vector<std::string> conversions(const std::string& text) {
  static const std::regex kConversion(R"(%[-+ #0]*[0-9*]*(?:\.[0-9*]+)?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcsp%])");
  std::vector<std::string> found;
  for (std::sregex_iterator it(text.begin(), text.end(), kConversion), end; it != end; ++it) {
    if (it->str() != "%%")
      found.push_back(it->str());
  }
  return found;
}

// Every string literal in the part's code that looks like one of its keys (or a shared one).
std::set<std::string> keysUsedIn(const fs::path& folder) {
  static const std::regex kKeyLiteral(R"re("((?:ui|lab[0-9]{2})\.[A-Za-z0-9_.-]+)")re");
  std::set<std::string> keys;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    const auto extension = entry.path().extension();
    if (extension != ".cpp" && extension != ".hpp")
      continue;
    const std::string code = readFile(entry.path());
    for (std::sregex_iterator it(code.begin(), code.end(), kKeyLiteral), end; it != end; ++it)
      keys.insert((*it)[1].str());
  }
  return keys;
}

} // namespace

TEST_CASE("every key exists in Korean and English, with the same printf conversions") {
  for (const Part& part : parts()) {
    const auto english = table(part, "en");
    const auto korean = table(part, "ko");
    for (const auto& [key, text] : english) {
      INFO(part.folder.filename().string() << ": " << key);
      CHECK(korean.count(key) == 1);
      CHECK(key.rfind(part.prefix, 0) == 0); // a part owns its prefix
      CHECK_FALSE(text.empty());
      if (korean.count(key) == 1) {
        CHECK_FALSE(korean.at(key).empty());
        CHECK(conversions(text) == conversions(korean.at(key)));
      }
    }
    for (const auto& [key, text] : korean) {
      INFO(part.folder.filename().string() << ": " << key << " is only in Korean");
      CHECK(english.count(key) == 1);
    }
  }
}

TEST_CASE("the code uses only keys the tables have, and the tables only keys the code uses") {
  const auto shared = table(parts().front(), "en");
  for (const Part& part : parts()) {
    const auto own = table(part, "en");
    const auto used = keysUsedIn(part.folder);
    for (const std::string& key : used) {
      INFO(part.folder.filename().string() << " uses " << key);
      CHECK((own.count(key) == 1 || shared.count(key) == 1));
    }
    for (const auto& [key, text] : own) {
      INFO(part.folder.filename().string() << ": nothing uses " << key);
      CHECK(used.count(key) == 1);
    }
  }
}

TEST_CASE("the conversion check sees what a translation could break") {
  CHECK(conversions("%d of %zu bytes, 100%%") == std::vector<std::string>{"%d", "%zu"});
  CHECK(conversions("%.1f kbps") != conversions("%s kbps"));
}
