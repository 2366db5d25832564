#include "mime_types.hpp"

#include <array>
#include <utility>

namespace rtclab::server {
namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i]))
      return false;
  }
  return true;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kTypes{{
    {".html", "text/html; charset=utf-8"},
    {".htm", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".wasm", "application/wasm"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".png", "image/png"},
    {".svg", "image/svg+xml"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".md", "text/markdown; charset=utf-8"},
    {".data", "application/octet-stream"},
    {".ttf", "font/ttf"}, // the labs' Korean font
}};

} // namespace

std::string_view mimeTypeFor(std::string_view fileName) {
  auto dot = fileName.rfind('.');
  if (dot == std::string_view::npos)
    return "application/octet-stream";
  std::string_view extension = fileName.substr(dot);
  for (const auto& [ext, type] : kTypes) {
    if (equalsIgnoringCase(ext, extension))
      return type;
  }
  return "application/octet-stream";
}

} // namespace rtclab::server
