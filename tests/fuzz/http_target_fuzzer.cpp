// Fuzzes how rtclab-server maps an HTTP request target to a file: WebRoot::resolve() and
// respondStatic() (native-signaling/web_root, static_files), against a small web root made
// once per process: files, a folder with index.html, a folder without one, a secret file
// beside the root and symlinks pointing inside and outside. Checks, for any target:
//   - a file outcome is a regular file inside the root (never the secret, never outside);
//   - a redirect goes to the same path with a '/' added;
//   - respondStatic() answers GET and HEAD with the status the resolution implies.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "static_files.hpp"
#include "web_root.hpp"

namespace fs = std::filesystem;
namespace http = boost::beast::http;
using rtclab::server::TargetResolution;
using Outcome = TargetResolution::Outcome;

namespace {

struct Site {
  fs::path base; // holds site/ and secret.txt
  fs::path root; // canonical site/
  std::unique_ptr<rtclab::server::WebRoot> webRoot;

  Site() {
    std::string pattern = (fs::temp_directory_path() / "rtclab-fuzz-webroot-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      std::abort();
    base = pattern;
    const fs::path site = base / "site";
    fs::create_directories(site / "labs" / "01-capture");
    fs::create_directories(site / "empty");
    write(site / "index.html");
    write(site / "style.css");
    write(site / "labs" / "01-capture" / "index.html");
    write(site / "labs" / "01-capture" / "lab.wasm");
    write(site / "a b%.js");
    write(base / "secret.txt");
    fs::create_directory_symlink(base, site / "escape");               // leaves the root
    fs::create_symlink(base / "secret.txt", site / "secret-link.txt"); // leaves the root
    fs::create_directory_symlink(site / "labs", site / "inner");       // stays inside
    root = fs::canonical(site);
    webRoot = std::make_unique<rtclab::server::WebRoot>(site);
  }
  ~Site() {
    std::error_code ignored;
    fs::remove_all(base, ignored);
  }
  static void write(const fs::path& file) { std::ofstream(file) << "x"; }
};

Site* site = nullptr;

bool isInside(const fs::path& root, const fs::path& file) {
  auto rootIt = root.begin();
  auto fileIt = file.begin();
  for (; rootIt != root.end(); ++rootIt, ++fileIt)
    if (fileIt == file.end() || *rootIt != *fileIt)
      return false;
  return fileIt != file.end();
}

http::status expectedStatus(Outcome outcome) {
  switch (outcome) {
  case Outcome::file:
    return http::status::ok;
  case Outcome::redirectToFolder:
    return http::status::moved_permanently;
  case Outcome::badRequest:
    return http::status::bad_request;
  case Outcome::forbidden:
    return http::status::forbidden;
  case Outcome::notFound:
    return http::status::not_found;
  }
  std::abort();
}

http::status statusOf(const rtclab::server::StaticResponse& response) {
  return std::visit([](const auto& alternative) { return alternative.result(); }, response);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  site = new Site;
  std::atexit([] { delete site; });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const TargetResolution resolved = site->webRoot->resolve(target);
  switch (resolved.outcome) {
  case Outcome::file:
    FUZZ_CHECK(resolved.file.is_absolute());
    FUZZ_CHECK(isInside(site->root, resolved.file));
    FUZZ_CHECK(fs::is_regular_file(resolved.file));
    FUZZ_CHECK(resolved.file.filename() != "secret.txt");
    break;
  case Outcome::redirectToFolder:
    // The folder on this host, with its slash: never protocol-relative ("//host/", an open
    // redirect), never carrying the query or fragment along.
    FUZZ_CHECK(resolved.location.size() >= 1);
    FUZZ_CHECK(resolved.location.front() == '/' && resolved.location.back() == '/');
    FUZZ_CHECK(resolved.location.rfind("//", 0) == std::string::npos);
    FUZZ_CHECK(resolved.location.find_first_of("?#") == std::string::npos);
    break;
  default:
    FUZZ_CHECK(resolved.file.empty());
    break;
  }

  for (const http::verb method : {http::verb::get, http::verb::head}) {
    rtclab::server::Request request{method, boost::beast::string_view(target.data(), target.size()),
                                    11};
    FUZZ_CHECK(statusOf(rtclab::server::respondStatic(*site->webRoot, request)) ==
               expectedStatus(resolved.outcome));
  }
  return 0;
}
