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

// The Location of a folder asked for without its trailing slash, rebuilt from the target's
// segments (as sent, still percent-encoded) without empty or "." ones: "//labs" must not
// become "//labs/", which a browser reads as the host "labs" (an open redirect).
std::string folderLocation(std::string_view pathPart) {
  std::string location;
  while (!pathPart.empty()) {
    const auto slash = pathPart.find('/');
    const std::string_view segment = pathPart.substr(0, slash);
    pathPart = slash == std::string_view::npos ? std::string_view{} : pathPart.substr(slash + 1);
    if (segment.empty() || segment == ".")
      continue;
    location += '/';
    location += segment;
  }
  return location + "/";
}

} // namespace

std::string_view targetPath(std::string_view target) {
  return target.substr(0, target.find_first_of("?#"));
}

std::string_view queryParameter(std::string_view target, std::string_view name) {
  const auto questionMark = target.find('?');
  if (questionMark == std::string_view::npos)
    return {};
  std::string_view query = target.substr(questionMark + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const auto ampersand = query.find('&');
    const std::string_view pair = query.substr(0, ampersand);
    query = ampersand == std::string_view::npos ? std::string_view{} : query.substr(ampersand + 1);
    const auto equals = pair.find('=');
    if (pair.substr(0, equals) == name)
      return equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
  }
  return {};
}

WebRoot::WebRoot(const std::filesystem::path& root) : root_(std::filesystem::canonical(root)) {}

TargetResolution WebRoot::resolve(std::string_view target) const {
  std::string_view pathPart = targetPath(target);
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
      return {Outcome::redirectToFolder, {}, folderLocation(pathPart)};
    real = std::filesystem::canonical(real / "index.html", ec);
    if (ec || !isInside(root_, real))
      return {Outcome::notFound, {}, {}};
  }
  if (!std::filesystem::is_regular_file(real, ec))
    return {Outcome::notFound, {}, {}};
  return {Outcome::file, real, {}};
}

} // namespace rtclab::server
