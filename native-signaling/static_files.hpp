// Turns a GET/HEAD request into a response from the web root (files, index.html for folders,
// redirects, 4xx errors). The caller writes whichever alternative comes back.
#pragma once

#include <variant>

#include "net.hpp"
#include "web_root.hpp"

namespace rtclab::server {

using Request = http::request<http::string_body>;
using StaticResponse =
    std::variant<http::response<http::string_body>, http::response<http::file_body>,
                 http::response<http::empty_body>>;

StaticResponse respondStatic(const WebRoot& webRoot, const Request& request);

// A small text response, also used for errors outside the static files (e.g. upgrade refused).
http::response<http::string_body> textResponse(const Request& request, http::status status,
                                               std::string_view body);

} // namespace rtclab::server
