// lab_page.hpp: what every lab page offers besides its panel.
//
// The labs' automation interface (stable; documented in each lab README):
//   Module.labState()            -> JSON string: a snapshot of states, tracks, stats, errors
//   Module.labAction(name, arg)  -> JSON string {"ok":true} or {"ok":false,"error":"..."}
// Every lab also has the action "language" ("ko" or "en": the panel's language switch), and
// "language" and "browser" ({"name", "version"} from adapter.js) in its snapshot.
// labAction runs the same code path as the lab's buttons, so headless browser tests drive a lab
// without clicking canvas pixels.
#pragma once

#include "rtclab/lab_actions.hpp"
#include "rtclab/language.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rtclab {

// Publishes Module.labState / Module.labAction for this page. Call once from main().
void exposeLabAutomation(std::function<nlohmann::json()> snapshot, const LabActions& actions);

// The browser as adapter.js (webrtc-adapter, loaded by the lab shell) detected it: "chrome",
// "firefox", "safari" and its major version; {"unknown", 0} without adapter.js.
struct PageBrowser {
  std::string name;
  int version;
};
PageBrowser pageBrowser();

// Module.labState()'s text, for the page's own use (the panel font looks for new characters in it).
std::string labStateText();

// The panel's words (language.hpp): adds the tables the page fetched before the wasm started
// (Module.rtclabTexts = {en: [json, ...], ko: [...]}, see web/lab.html.in) and starts in the
// language of ?lang=, else the learner's last choice on any lab page, else the browser's
// language (Korean for ko-*), else English.
void loadPageTexts();
// Keeps `language` as the learner's choice for every lab page (localStorage).
void rememberLanguage(Language language);

// A query parameter of the page URL (`?room=demo` -> "demo"), if present.
std::optional<std::string> pageQueryParameter(std::string_view name);

// This tab's sessionStorage: it survives a reload of the page, not the tab, and every tab has its
// own (the call layer keeps the participant secret there). std::nullopt when the key is absent or
// the browser refuses storage (a sandboxed frame, storage disabled): then setTabStorageItem()
// returns false and a caller simply gets no memory across reloads.
std::optional<std::string> tabStorageItem(std::string_view key);
bool setTabStorageItem(std::string_view key, std::string_view value);

// `bytes` random bytes from the browser's CSPRNG (crypto.getRandomValues), as lower-case hex.
std::string randomHex(std::size_t bytes);

// Offers `content` to the user as a file download named `fileName` (a Blob behind a link the page
// clicks for them): a lab's "Export CSV" button.
void offerDownload(std::string_view fileName, std::string_view mimeType, std::string_view content);

// Milliseconds since the page loaded (performance.now()): the time base of state timelines.
double nowMs();
// Seconds since 1970 (Date.now() / 1000): the clock TURN credentials' expiry is written in.
double unixTimeSeconds();

} // namespace rtclab
