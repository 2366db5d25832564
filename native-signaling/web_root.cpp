#include "web_root.hpp"

#include <algorithm>
#include <optional>
#include <system_error>

namespace rtclab::server {
namespace {

using Outcome = TargetResolution::Outcome;

int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size())
      return std::nullopt;
    int high = hexValue(text[i + 1]);
    int low = hexValue(text[i + 2]);
    if (high < 0 || low < 0)
      return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

bool isInside(const std::filesystem::path& root, const std::filesystem::path& candidate) {
  auto [rootEnd, candidateIt] =
      std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
  return rootEnd == root.end();
}

} // namespace

WebRoot::WebRoot(const std::filesystem::path& root) : root_(std::filesystem::canonical(root)) {}

TargetResolution WebRoot::resolve(std::string_view target) const {
  std::string_view pathPart = target.substr(0, target.find_first_of("?#"));
  if (pathPart.empty() || pathPart.front() != '/')
    return {Outcome::badRequest, {}, {}};
  std::optional<std::string> decoded = percentDecode(pathPart);
  if (!decoded)
    return {Outcome::badRequest, {}, {}};
  if (decoded->find('\0') != std::string::npos || decoded->find('\\') != std::string::npos)
    return {Outcome::badRequest, {}, {}};

  // Build the path segment by segment: `..` is refused outright rather than normalized, and
  // empty or `.` segments are skipped, so "//etc/passwd" stays inside the root.
  std::filesystem::path relative;
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment == "..")
      return {Outcome::forbidden, {}, {}};
    if (segment.empty() || segment == ".")
      continue;
    relative /= std::string(segment);
  }

  std::error_code ec;
  std::filesystem::path candidate = root_ / relative;
  std::filesystem::path real = std::filesystem::canonical(candidate, ec);
  if (ec)
    return {Outcome::notFound, {}, {}};
  if (!isInside(root_, real))
    return {Outcome::forbidden, {}, {}};

  if (std::filesystem::is_directory(real, ec)) {
    if (decoded->back() != '/')
      return {Outcome::redirectToFolder, {}, std::string(pathPart) + "/"};
    real = std::filesystem::canonical(real / "index.html", ec);
    if (ec || !isInside(root_, real))
      return {Outcome::notFound, {}, {}};
  }
  if (!std::filesystem::is_regular_file(real, ec))
    return {Outcome::notFound, {}, {}};
  return {Outcome::file, real, {}};
}

} // namespace rtclab::server
