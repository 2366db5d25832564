#include "bridge.hpp"

#include <emscripten/bind.h>

#include <memory>
#include <unordered_map>
#include <utility>

namespace rtclab::bridge {
namespace {

// Callables by id. shared_ptr: a callback may destroy its own owner (and so unregister itself)
// while it runs; the local copy in invoke() keeps the callable alive until it returns.
using Callback = std::function<void(val)>;
std::unordered_map<std::uint32_t, std::shared_ptr<Callback>>& registry() {
  static std::unordered_map<std::uint32_t, std::shared_ptr<Callback>> callbacks;
  return callbacks;
}
std::uint32_t nextId = 1;

void invoke(std::uint32_t id, val argument) {
  auto found = registry().find(id);
  if (found == registry().end()) {
    return; // its owner is gone: a late event or promise settlement is dropped on purpose
  }
  std::shared_ptr<Callback> keepAlive = found->second;
  (*keepAlive)(std::move(argument));
}

} // namespace

EMSCRIPTEN_BINDINGS(rtclab_bridge) { emscripten::function("rtclabInvoke", &invoke); }

std::string stringProperty(const val& object, const char* name) {
  val property = object[name];
  return property.isString() ? property.as<std::string>() : std::string();
}

val toJs(const nlohmann::json& json) { return val::global("JSON").call<val>("parse", json.dump()); }

JsError toJsError(const val& reason) {
  JsError error;
  error.error = reason;
  if (reason.isString()) {
    error.name = "Error";
    error.message = reason.as<std::string>();
  } else if (reason.isNull() || reason.isUndefined()) {
    error.name = "Error";
    error.message = "rejected without a reason";
  } else {
    error.name = stringProperty(reason, "name");
    error.message = stringProperty(reason, "message");
    if (error.name.empty()) {
      error.name = "Error";
    }
  }
  return error;
}

Listeners::~Listeners() { clear(); }

std::uint32_t Listeners::registerCallback(std::function<void(val)> callback) {
  const std::uint32_t id = nextId++;
  registry().emplace(id, std::make_shared<Callback>(std::move(callback)));
  ids_.insert(id);
  return id;
}

void Listeners::release(std::uint32_t id) {
  registry().erase(id);
  ids_.erase(id);
}

val Listeners::add(std::function<void(val)> callback) {
  return detail::moduleFunction("rtclabMakeListener")(registerCallback(std::move(callback)));
}

void Listeners::then(const val& promise, std::function<void(val)> onValue,
                     std::function<void(JsError)> onError) {
  // Two ids, and whichever fires first releases both: a settled promise leaves nothing behind.
  // Releasing before the call is safe (invoke() holds the callable) and means the callback may
  // destroy this Listeners object without anything touching it afterwards.
  auto ids = std::make_shared<std::pair<std::uint32_t, std::uint32_t>>();
  ids->first = registerCallback([this, ids, onValue = std::move(onValue)](val value) {
    release(ids->first);
    release(ids->second);
    onValue(std::move(value));
  });
  ids->second = registerCallback([this, ids, onError = std::move(onError)](val reason) {
    release(ids->first);
    release(ids->second);
    onError(toJsError(reason));
  });
  val makeListener = detail::moduleFunction("rtclabMakeListener");
  promise.call<val>("then", makeListener(ids->first), makeListener(ids->second));
}

void Listeners::setHandler(val target, const char* property, std::function<void(val)> callback) {
  target.set(property, add(std::move(callback)));
  handlers_.push_back({target, property});
}

void Listeners::clear() {
  for (auto& slot : handlers_) {
    slot.target.set(slot.property, val::null());
  }
  handlers_.clear();
  for (auto id : ids_) {
    registry().erase(id);
  }
  ids_.clear();
}

namespace detail {

val moduleFunction(const char* name) { return val::module_property(name); }

CallResult settleCall(const val& outcome) {
  CallResult result;
  if (outcome["ok"].as<bool>()) {
    result.value = outcome["value"];
  } else {
    result.error = toJsError(outcome["error"]);
  }
  return result;
}

} // namespace detail
} // namespace rtclab::bridge
