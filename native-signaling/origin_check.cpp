#include "origin_check.hpp"

#include <algorithm>
#include <cctype>

namespace rtclab::server {
namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct HostPort {
  std::string host;
  std::string port; // "" = not given
};

// "example.com:8080", "[::1]:8080", "example.com"; nullopt if malformed.
std::optional<HostPort> splitHostPort(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  std::size_t hostEnd = text.size();
  if (text.front() == '[') {
    hostEnd = text.find(']');
    if (hostEnd == std::string_view::npos)
      return std::nullopt;
    ++hostEnd;
  } else {
    hostEnd = std::min(text.find(':'), text.size());
  }
  HostPort out{lowercase(text.substr(0, hostEnd)), {}};
  std::string_view rest = text.substr(hostEnd);
  if (!rest.empty()) {
    if (rest.front() != ':' || rest.size() < 2 || rest.size() > 6)
      return std::nullopt;
    out.port = std::string(rest.substr(1));
  }
  const auto isHostChar = [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '[' || c == ']' || c == ':';
  };
  const auto isDigit = [](unsigned char c) { return std::isdigit(c) != 0; };
  if (out.host.empty() || !std::all_of(out.host.begin(), out.host.end(), isHostChar) ||
      !std::all_of(out.port.begin(), out.port.end(), isDigit))
    return std::nullopt;
  return out;
}

} // namespace

std::optional<std::string> normalizeOrigin(std::string_view origin) {
  const std::string lower = lowercase(origin);
  std::string_view scheme;
  std::string_view defaultPort;
  if (lower.starts_with("http://")) {
    scheme = "http";
    defaultPort = "80";
  } else if (lower.starts_with("https://")) {
    scheme = "https";
    defaultPort = "443";
  } else {
    return std::nullopt;
  }
  auto hostPort = splitHostPort(std::string_view(lower).substr(scheme.size() + 3));
  if (!hostPort)
    return std::nullopt;
  return std::string(scheme) + "://" + hostPort->host + ":" +
         (hostPort->port.empty() ? std::string(defaultPort) : hostPort->port);
}

bool originAllowed(std::string_view origin, std::string_view host,
                   const std::vector<std::string>& allowed) {
  if (origin.empty())
    return true; // not a browser page: nothing to hijack
  const std::optional<std::string> normalized = normalizeOrigin(origin);
  if (!normalized) // "null" (sandboxed frames, file://) and anything malformed
    return false;
  if (std::find(allowed.begin(), allowed.end(), *normalized) != allowed.end())
    return true;
  // Same origin: the page came from this very server, as the browser addressed it. A Host
  // without a port means the default port of the page's scheme (e.g. behind a TLS proxy).
  const auto hostPort = splitHostPort(host);
  if (!hostPort)
    return false;
  const std::string_view scheme = std::string_view(*normalized).substr(0, normalized->find("://"));
  const std::string port = !hostPort->port.empty() ? hostPort->port
                           : scheme == "https"     ? "443"
                                                   : "80";
  return *normalized == std::string(scheme) + "://" + hostPort->host + ":" + port;
}

} // namespace rtclab::server
