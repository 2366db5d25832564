#include "rtclab/lab_page.hpp"

#include "rtclab/json_text.hpp"

#include "bridge.hpp"

#include <emscripten/bind.h>
#include <emscripten/val.h>

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

std::string labState() {
  if (!automation().snapshot) {
    return R"({"error":"the lab has not started yet"})";
  }
  return toJsonText(automation().snapshot());
}

std::string labAction(const std::string& name, const std::string& argument) {
  if (!automation().actions) {
    return toJsonText({{"ok", false}, {"error", "the lab has not started yet"}});
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

double nowMs() { return val::global("performance").call<double>("now"); }
double unixTimeSeconds() { return val::global("Date").call<double>("now") / 1000.0; }

} // namespace rtclab
