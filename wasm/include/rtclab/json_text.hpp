// json_text.hpp: JSON text that never throws on the way out to JavaScript.
//
// nlohmann::json::dump() throws type_error 316 on a string that is not valid UTF-8, and a lab's
// state holds strings the browser or a peer chose (a data-channel message, a device label, a
// signaling frame). Module.labState() must not throw through Embind for them: invalid bytes
// become U+FFFD instead, as a browser's TextDecoder does.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace rtclab {

inline std::string toJsonText(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A value a browser may not report, as the snapshot shows it: null when absent, never 0 or "".
template <typename T> nlohmann::json orNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

} // namespace rtclab
