// window.rtclab: the labs' browser objects for DevTools (console_handles.hpp).
#include "rtclab/console_handles.hpp"

#include <string>

#include <emscripten/val.h>

#include "console_js.hpp"
#include "handle_access.hpp"

namespace rtclab::console {
namespace {

using emscripten::val;

bool isObject(const val& value) {
  return !value.isNull() && value.typeOf().as<std::string>() == "object";
}

// The object a dotted name lives in, created on the way ("peers.p2" -> rtclab.peers), and the
// last segment of the name.
std::pair<val, std::string> parentOf(std::string_view name) {
  val global = val::global("globalThis");
  if (!isObject(global["rtclab"]))
    global.set("rtclab", val::object());
  val parent = global["rtclab"];
  std::size_t start = 0;
  for (std::size_t dot = name.find('.'); dot != std::string_view::npos;
       start = dot + 1, dot = name.find('.', start)) {
    const std::string segment(name.substr(start, dot - start));
    if (!isObject(parent[segment]))
      parent.set(segment, val::object());
    parent = parent[segment];
  }
  return {parent, std::string(name.substr(start))};
}

} // namespace

void publishJs(std::string_view name, const val& object) {
  auto [parent, key] = parentOf(name);
  parent.set(key, object);
}

void withdrawJs(std::string_view name, const val& object) {
  if (!isObject(val::global("globalThis")["rtclab"]))
    return;
  auto [parent, key] = parentOf(name);
  if (parent[key].strictlyEquals(object))
    parent.delete_(key);
}

void publish(std::string_view name, const PeerConnection& connection) {
  publishJs(name, browser::HandleAccess::js(connection));
}

void publish(std::string_view name, const MediaStream& stream) {
  publishJs(name, browser::HandleAccess::js(stream));
}

void publish(std::string_view name, const DataChannel& channel) {
  publishJs(name, browser::HandleAccess::js(channel));
}

void withdraw(std::string_view name) {
  if (!isObject(val::global("globalThis")["rtclab"]))
    return;
  auto [parent, key] = parentOf(name);
  parent.delete_(key);
}

void withdraw(std::string_view name, const PeerConnection& connection) {
  withdrawJs(name, browser::HandleAccess::js(connection));
}

} // namespace rtclab::console
