// bridge.hpp: the single bridge between C++ callables and JavaScript functions (internal header
// of rtclab::browser; labs never include it).
//
// Embind cannot turn a C++ lambda into a JS function, so every JS event handler and promise
// callback is a small JS function (bridge.js) that calls back by id into a registry here.
// A `Listeners` object belongs to one handle (PeerConnection, MediaStreamTrack, ...); destroying
// it unregisters all of that handle's ids first, so no callback outlives its owner.
//
// Ownership rule (docs/architecture.md): a handle owns exactly the JS listeners it added, and
// nothing else. Events are wired with addEventListener / removeEventListener on the stored
// function, never with `target.onx = ...`, so two handles over one JS object (a track wrapped by
// onTrack and again by its MediaStream) never undo each other.
#pragma once

#include <emscripten/val.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace rtclab::bridge {

using emscripten::val;

// A rejected promise or a thrown JS error as a value: the DOMException name and its message.
struct JsError {
  std::string name; // "NotAllowedError", "InvalidStateError", "TypeError", ...
  std::string message;
  val error =
      val::null(); // the original object, for fields such as OverconstrainedError.constraint
};

// A string literal as a template argument: key<"sdpMid">().
template <std::size_t N> struct Literal {
  constexpr Literal(const char (&text)[N]) { std::copy_n(text, N, chars); }
  char chars[N];
};

// The JS string `name`, made at its first use and kept: emscripten::val turns a C string into a
// JS string one character at a time, and the bridge passes the same few names on every event.
// key<"sdpMid">() is a plain static after its first call (made in JS: nothing is allocated on
// the wasm heap); propertyKey(name) finds a name known only at run time in a table.
template <Literal name> const val& key() {
  static const val made(name.chars);
  return made;
}
const val& propertyKey(const char* name);

// object[key] if it is a string, else "" (absent, null, or another type: never a throw).
std::string stringProperty(const val& object, const val& key);
inline std::string stringProperty(const val& object, const char* name) {
  return stringProperty(object, propertyKey(name));
}

// A value type's JSON (MediaConstraints, Configuration, IceCandidate, ...) as the JS object the
// browser takes, built field by field (what JSON.parse of its text would give, without writing
// the text out and reading it back: descriptions and candidates pass here on every call).
val toJs(const nlohmann::json& json);

// Reads name and message from anything JS can reject with (Error, DOMException, string, undefined).
JsError toJsError(const val& reason);

class Listeners {
public:
  Listeners() = default;
  Listeners(const Listeners&) = delete;
  Listeners& operator=(const Listeners&) = delete;
  ~Listeners();

  // A JS function calling `callback` with its first argument for as long as this object lives.
  val add(std::function<void(val)> callback);

  // Settles `promise` into exactly one of the two callbacks (while this object lives).
  // A rejection arrives as a JsError value; nothing is thrown across the boundary.
  void then(const val& promise, std::function<void(val)> onValue,
            std::function<void(JsError)> onError);

  // The guide's `target.on<type> = callback`, done as target.addEventListener(type, f) with a
  // function f of our own. One handler per (target, type) in this object: setting it again
  // removes the previous listener and frees its callable. Destroying this object (or clear())
  // removes exactly the listeners it added; other listeners on `target` stay.
  void setHandler(const val& target, const char* type, std::function<void(val)> callback);

  // Unregisters everything now (a handle's close()).
  void clear();

private:
  std::uint32_t registerCallback(std::function<void(val)> callback);
  void release(std::uint32_t id);

  std::unordered_set<std::uint32_t> ids_;
  struct HandlerSlot {
    val target;
    std::string type;
    val function; // what addEventListener got: removeEventListener needs the same function
    std::uint32_t id;
  };
  std::vector<HandlerSlot> handlers_;
};

// Callables currently registered, over every Listeners object (tests check for leaks with it;
// not part of the labs' API).
std::size_t registeredCallbackCount();

// The rule for a moved-from handle (docs/errors.md): `assert` in debug builds; in release
// builds a console.error naming `what` ("PeerConnection::createOffer"), and the method does
// nothing (an error value or error callback where it has one). Returns whether `impl` is usable.
bool checkHandle(const void* impl, const char* what);
// How many times checkHandle() found a moved-from handle (tests).
std::size_t movedFromUseCount();

// The first line of every public handle method: `RTCLAB_CHECK_HANDLE("DataChannel::label", {});`
// returns the fallback (nothing for a void method) when the handle was moved from.
#define RTCLAB_CHECK_HANDLE(what, ...)                                                             \
  do {                                                                                             \
    if (!::rtclab::bridge::checkHandle(impl_.get(), what)) {                                       \
      return __VA_ARGS__;                                                                          \
    }                                                                                              \
  } while (false)

// The result of a synchronous browser call that may throw (for example `new RTCPeerConnection`
// with a malformed URL, or `channel.send` on a closed channel): the value, or the JsError.
struct CallResult {
  val value = val::undefined();
  std::optional<JsError> error;
  bool ok() const { return !error; }
};

namespace detail {
CallResult settleCall(const val& outcome);
// Module[name], a function bridge.js set before main() and never replaces; kept like key<>().
template <Literal name> const val& moduleFunction() {
  static const val made = val::module_property(name.chars);
  return made;
}
} // namespace detail

// target[method](args...), with a JS exception returned as a value (bridge.js does the try).
// Nothing here allocates on the wasm heap (names become JS strings straight from the C string),
// so an argument that is a typed_memory_view over the heap stays valid until the browser has
// copied it: growing the heap would detach the view.
template <typename... Args>
CallResult callMethod(const val& target, const char* method, Args&&... args) {
  return detail::settleCall(detail::moduleFunction<"rtclabCall">()(
      target, val(method), val(std::forward<Args>(args))...));
}

// new globalThis[constructorName](args...), with a JS exception returned as a value.
template <typename... Args> CallResult construct(const char* constructorName, Args&&... args) {
  return detail::settleCall(detail::moduleFunction<"rtclabConstruct">()(
      val(constructorName), val(std::forward<Args>(args))...));
}

} // namespace rtclab::bridge
