// Cross-site WebSocket hijacking defence. A browser sends the page's Origin with every WebSocket
// upgrade, and a page from any site may try to open ws://<your LAN server>/ws: the server lets
// the upgrade through only when the Origin names the server itself (its host:port equals the
// request's Host header) or one of --allowed-origin. A request without Origin comes from a
// program, not a browser page, and is allowed: the attack needs a victim's browser.
// Pure: unit-tested without sockets.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtclab::server {

// "HTTP://Example.COM" -> "http://example.com:80": lowercase, the scheme's default port made
// explicit. nullopt unless it is http(s)://host[:port] with nothing after.
std::optional<std::string> normalizeOrigin(std::string_view origin);

// `origin`: the Origin header ("" = absent). `host`: the Host header. `allowed`: normalized
// origins from --allowed-origin.
bool originAllowed(std::string_view origin, std::string_view host,
                   const std::vector<std::string>& allowed);

} // namespace rtclab::server
