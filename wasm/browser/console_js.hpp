// console_js.hpp: window.rtclab for the binding layer's own JS objects (internal; the public side
// is rtclab/console_handles.hpp).
#pragma once

#include <string_view>

#include <emscripten/val.h>

namespace rtclab::console {

void publishJs(std::string_view name, const emscripten::val& object);
// Removes `name` only while it still holds `object`.
void withdrawJs(std::string_view name, const emscripten::val& object);

} // namespace rtclab::console
