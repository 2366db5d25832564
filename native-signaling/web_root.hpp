// Maps an HTTP request target to a file under the web root, refusing every way out of it:
// `..` segments (also percent-encoded), NUL bytes, backslashes, targets that are not
// origin-form ("/..."), and symlinks whose real path leaves the root. Pure: no sockets.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace rtclab::server {

struct TargetResolution {
  enum class Outcome {
    file,             // 200: serve `file`
    redirectToFolder, // 301: a folder asked for without its trailing slash; go to `location`
    badRequest,       // 400: malformed target (bad escape, NUL, backslash, not origin-form)
    forbidden,        // 403: tries to leave the web root
    notFound,         // 404
  };
  Outcome outcome;
  std::filesystem::path file;
  std::string location; // always a path on this server: "/" then no second "/"
};

// The path of a request target, without its query or fragment: "/ws?token=x" -> "/ws".
std::string_view targetPath(std::string_view target);

// The raw (not percent-decoded) value of `name` in the target's query, "" if absent:
// queryParameter("/ws?v=1&token=abc", "token") -> "abc".
std::string_view queryParameter(std::string_view target, std::string_view name);

class WebRoot {
public:
  // Throws std::filesystem::filesystem_error if `root` does not exist: checked once, at start.
  explicit WebRoot(const std::filesystem::path& root);

  const std::filesystem::path& path() const { return root_; }

  // A folder serves its index.html. The query string and fragment are ignored.
  TargetResolution resolve(std::string_view target) const;

private:
  std::filesystem::path root_; // canonical
};

} // namespace rtclab::server
