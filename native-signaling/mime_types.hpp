// Content-Type for a file name, by extension (case-insensitive). Browsers refuse to compile a
// .wasm served with anything but application/wasm, and refuse .mjs/.js modules served as text.
#pragma once

#include <string_view>

namespace rtclab::server {

std::string_view mimeTypeFor(std::string_view fileName);

} // namespace rtclab::server
