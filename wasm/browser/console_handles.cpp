// window.rtclab: the labs' browser objects for DevTools (console_handles.hpp).
#include "rtclab/console_handles.hpp"

#include <string>

#include <emscripten/val.h>

#include "bridge.hpp"
#include "console_js.hpp"
#include "handle_access.hpp"

namespace rtclab::console {

using emscripten::val;

// One call into bridge.js each: the walk along the dotted name ("peers.p2" -> rtclab.peers, made
// on the way) happens there, not one crossing per segment.
void publishJs(std::string_view name, const val& object) {
  bridge::detail::moduleFunction<"rtclabPublish">()(std::string(name), object);
}

void withdrawJs(std::string_view name, const val& object) {
  bridge::detail::moduleFunction<"rtclabWithdraw">()(std::string(name), object, true);
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
  bridge::detail::moduleFunction<"rtclabWithdraw">()(std::string(name), val::undefined(), false);
}

void withdraw(std::string_view name, const PeerConnection& connection) {
  withdrawJs(name, browser::HandleAccess::js(connection));
}

} // namespace rtclab::console
