#include "rtclab/lab_page.hpp"

#include "rtclab/json_text.hpp"

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

double nowMs() { return val::global("performance").call<double>("now"); }

} // namespace rtclab
