#include "bridge.hpp"

#include <emscripten/bind.h>

#include <cassert>
#include <map>
#include <memory>
#include <string>
#include <string_view>
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
std::size_t movedFromUses = 0;

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

// Names known only at run time (an event type a caller passes on): made on first use, kept for the
// page's lifetime.
const val& propertyKey(const char* name) {
  static std::map<std::string, val, std::less<>> keys;
  auto found = keys.find(std::string_view(name));
  if (found == keys.end()) {
    found = keys.emplace(name, val(name)).first;
  }
  return found->second;
}

std::string stringProperty(const val& object, const val& key) {
  val property = object[key];
  return property.isString() ? property.as<std::string>() : std::string();
}

val toJs(const nlohmann::json& json) {
  using Type = nlohmann::json::value_t;
  switch (json.type()) {
  case Type::object: {
    val object = val::object();
    for (const auto& [name, value] : json.items()) {
      object.set(name, toJs(value));
    }
    return object;
  }
  case Type::array: {
    val array = val::array();
    for (std::size_t i = 0; i < json.size(); ++i) {
      array.set(i, toJs(json[i]));
    }
    return array;
  }
  case Type::string:
    return val(json.get_ref<const std::string&>());
  case Type::boolean:
    return val(json.get<bool>());
  case Type::number_integer:
  case Type::number_unsigned:
  case Type::number_float:
    return val(json.get<double>()); // a JS number, as JSON.parse would make it
  case Type::null:
    return val::null();
  case Type::binary:
  case Type::discarded:
    break;
  }
  return val::undefined();
}

std::size_t registeredCallbackCount() { return registry().size(); }

bool checkHandle(const void* impl, const char* what) {
  if (impl != nullptr) {
    return true;
  }
  assert(false && "a method was called on a moved-from rtclab handle");
  ++movedFromUses;
  val::global("console").call<void>(
      "error", "rtclab: " + std::string(what) +
                   " called on a moved-from handle: ignored (see docs/errors.md)");
  return false;
}

std::size_t movedFromUseCount() { return movedFromUses; }

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
    error.name = stringProperty(reason, key<"name">());
    error.message = stringProperty(reason, key<"message">());
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
  return detail::moduleFunction<"rtclabMakeListener">()(registerCallback(std::move(callback)));
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
  detail::moduleFunction<"rtclabThen">()(promise, ids->first, ids->second);
}

void Listeners::setHandler(const val& target, const char* type, std::function<void(val)> callback) {
  // Replacing: the previous listener of this (target, type) goes, and so does its callable.
  for (auto slot = handlers_.begin(); slot != handlers_.end(); ++slot) {
    if (slot->type == type && slot->target.strictlyEquals(target)) {
      detail::moduleFunction<"rtclabUnlisten">()(slot->target, propertyKey(type), slot->function);
      release(slot->id);
      handlers_.erase(slot);
      break;
    }
  }
  const std::uint32_t id = registerCallback(std::move(callback));
  val function = detail::moduleFunction<"rtclabListen">()(target, propertyKey(type), id);
  handlers_.push_back({target, type, std::move(function), id});
}

void Listeners::clear() {
  // Moved out first: removeEventListener runs no JS callback, but nothing here may see a
  // half-cleared object if it ever did.
  auto handlers = std::move(handlers_);
  handlers_.clear();
  for (auto& slot : handlers) {
    detail::moduleFunction<"rtclabUnlisten">()(slot.target, propertyKey(slot.type.c_str()),
                                               slot.function);
  }
  for (auto id : ids_) {
    registry().erase(id);
  }
  ids_.clear();
}

namespace detail {

CallResult settleCall(const val& outcome) {
  CallResult result;
  if (outcome[key<"ok">()].as<bool>()) {
    result.value = outcome[key<"value">()];
  } else {
    result.error = toJsError(outcome[key<"error">()]);
  }
  return result;
}

} // namespace detail
} // namespace rtclab::bridge
