#include "rtclab/lab_page.hpp"

#include "rtclab/json_text.hpp"
#include "rtclab/language.hpp"

#include "bridge.hpp"

#include <emscripten/bind.h>
#include <emscripten/em_js.h>
#include <emscripten/em_macros.h>
#include <emscripten/val.h>

// performance.now() itself, not emscripten_get_now(): the wasm unit tests' fake clock
// (tests/unit/browser/fake_web.js) replaces it, so it is looked up at each call. A plain import
// rather than an emscripten::val call: nowMs() runs on every event and every frame, and a number
// needs none of Embind's handles.
EM_JS(double, rtclabPerformanceNow, (), { return performance.now(); });

namespace rtclab {
namespace {

using emscripten::val;

struct Automation {
  std::function<nlohmann::json()> snapshot;
  const LabActions* actions = nullptr;
};

Automation& automation() {
  static Automation instance;
  return instance;
}

constexpr const char* kLanguageKey = "rtclab.language"; // localStorage: one choice for every lab

std::string labState() {
  if (!automation().snapshot) {
    return R"({"error":"the lab has not started yet"})";
  }
  auto snapshot = automation().snapshot();
  if (snapshot.is_object()) {
    snapshot["language"] = toString(currentLanguage());
    const auto browser = pageBrowser();
    snapshot["browser"] = {{"name", browser.name}, {"version", browser.version}};
  }
  return toJsonText(snapshot);
}

// Every lab's built-in action: the panel's language switch (widgets.hpp) by name.
std::optional<std::string> switchLanguage(const std::string& tag) {
  const auto language = languageFromTag(tag);
  if (!language) {
    return "unknown language '" + tag + "': use ko or en";
  }
  setLanguage(*language);
  return std::nullopt;
}

std::string labAction(const std::string& name, const std::string& argument) {
  if (!automation().actions) {
    return toJsonText({{"ok", false}, {"error", "the lab has not started yet"}});
  }
  if (name == "language") {
    if (auto error = switchLanguage(argument)) {
      return toJsonText({{"ok", false}, {"error", *error}});
    }
    return R"({"ok":true})";
  }
  if (auto error = automation().actions->run(name, argument)) {
    return toJsonText({{"ok", false}, {"error", *error}});
  }
  return R"({"ok":true})";
}

} // namespace

EMSCRIPTEN_BINDINGS(rtclab_lab_page) {
  // Published as Module.labState / Module.labAction by bridge.js (optional argument).
  emscripten::function("rtclabLabState", &labState);
  emscripten::function("rtclabLabAction", &labAction);
}

void exposeLabAutomation(std::function<nlohmann::json()> snapshot, const LabActions& actions) {
  automation().snapshot = std::move(snapshot);
  automation().actions = &actions;
  val::module_property("rtclabPublishAutomation")();
}

std::string labStateText() { return labState(); }

namespace {

val localStorage() {
  auto storage = bridge::callMethod(val::global("Reflect"), "get", val::global("globalThis"),
                                    val("localStorage")); // reading it may throw
  return storage.ok() ? storage.value : val::null();
}

void addTables(Language language, const val& tables) {
  if (tables.isUndefined() || tables.isNull()) {
    return;
  }
  const auto count = tables["length"].as<unsigned>();
  for (unsigned i = 0; i < count; ++i) {
    std::string error;
    if (!addTexts(language, tables[i].as<std::string>(), &error)) {
      val::global("console").call<void>("warn", "rtclab: a " + std::string(toString(language)) +
                                                    " text table is unusable: " + error);
    }
  }
}

} // namespace

PageBrowser pageBrowser() {
  // adapter.browserDetails: {browser: "chrome" | "firefox" | "safari" | "Not a supported browser.",
  // version: the major version, or null}.
  PageBrowser found{"unknown", 0};
  val adapter = val::global("adapter");
  if (adapter.isUndefined() || adapter.isNull()) {
    return found;
  }
  val details = adapter["browserDetails"];
  if (details["browser"].isString()) {
    found.name = details["browser"].as<std::string>();
  }
  if (details["version"].isNumber()) {
    found.version = details["version"].as<int>();
  }
  return found;
}

void loadPageTexts() {
  val tables = val::module_property("rtclabTexts");
  if (!tables.isUndefined()) {
    addTables(Language::English, tables["en"]);
    addTables(Language::Korean, tables["ko"]);
  }
  std::optional<Language> chosen;
  if (auto tag = pageQueryParameter("lang")) {
    chosen = languageFromTag(*tag);
  }
  if (val storage = localStorage(); !chosen && !storage.isNull() && !storage.isUndefined()) {
    auto item = bridge::callMethod(storage, "getItem", std::string(kLanguageKey));
    if (item.ok() && item.value.isString()) {
      chosen = languageFromTag(item.value.as<std::string>());
    }
  }
  if (!chosen) {
    chosen = languageFromTag(val::global("navigator")["language"].as<std::string>());
  }
  setLanguage(chosen.value_or(Language::English));
}

void rememberLanguage(Language language) {
  if (val storage = localStorage(); !storage.isNull() && !storage.isUndefined()) {
    bridge::callMethod(storage, "setItem", std::string(kLanguageKey),
                       std::string(toString(language)));
  }
}

std::optional<std::string> pageQueryParameter(std::string_view name) {
  val params = val::global("URLSearchParams").new_(val::global("location")["search"]);
  val value = params.call<val>("get", std::string(name));
  if (value.isNull()) {
    return std::nullopt;
  }
  return value.as<std::string>();
}

std::optional<std::string> tabStorageItem(std::string_view key) {
  auto storage = bridge::callMethod(val::global("Reflect"), "get", val::global("globalThis"),
                                    val("sessionStorage")); // reading it may throw
  if (!storage.ok() || storage.value.isNull() || storage.value.isUndefined()) {
    return std::nullopt;
  }
  auto item = bridge::callMethod(storage.value, "getItem", std::string(key));
  if (!item.ok() || !item.value.isString()) {
    return std::nullopt;
  }
  return item.value.as<std::string>();
}

bool setTabStorageItem(std::string_view key, std::string_view value) {
  auto storage = bridge::callMethod(val::global("Reflect"), "get", val::global("globalThis"),
                                    val("sessionStorage"));
  if (!storage.ok() || storage.value.isNull() || storage.value.isUndefined()) {
    return false;
  }
  return bridge::callMethod(storage.value, "setItem", std::string(key), std::string(value)).ok();
}

std::string randomHex(std::size_t bytes) {
  val buffer = val::global("Uint8Array").new_(bytes);
  val::global("crypto").call<void>("getRandomValues", buffer);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * bytes);
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto byte = buffer[i].as<unsigned>();
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xf];
  }
  return hex;
}

void offerDownload(std::string_view fileName, std::string_view mimeType, std::string_view content) {
  val parts = val::array();
  parts.call<void>("push", std::string(content));
  val options = val::object();
  options.set("type", std::string(mimeType));
  val url =
      val::global("URL").call<val>("createObjectURL", val::global("Blob").new_(parts, options));
  val document = val::global("document");
  val link = document.call<val>("createElement", std::string("a"));
  link.set("href", url);
  link.set("download", std::string(fileName));
  document["body"].call<void>("appendChild", link);
  link.call<void>("click");
  link.call<void>("remove");
  // The URL is not revoked: the download may still be reading it; a few hundred bytes a click.
}

double nowMs() { return rtclabPerformanceNow(); }
double unixTimeSeconds() { return val::global("Date").call<double>("now") / 1000.0; }

} // namespace rtclab
