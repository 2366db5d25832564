// Static-file path resolution: every way out of the web root is refused.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "mime_types.hpp"
#include "web_root.hpp"

using namespace rtclab::server;
namespace fs = std::filesystem;
using Outcome = TargetResolution::Outcome;

namespace {

// A web root with index.html, app.wasm, labs/01/index.html, a secret file beside the root and
// a symlink pointing at it. Removed when the test ends.
class TempSite {
public:
  TempSite() {
    std::string pattern = (fs::temp_directory_path() / "rtclab-webroot-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    base_ = pattern;
    fs::create_directories(base_ / "site" / "labs" / "01");
    write(base_ / "site" / "index.html");
    write(base_ / "site" / "app.wasm");
    write(base_ / "site" / "labs" / "01" / "index.html");
    write(base_ / "secret.txt");
    fs::create_directory_symlink(base_, base_ / "site" / "escape");
  }
  ~TempSite() {
    std::error_code ignored;
    fs::remove_all(base_, ignored);
  }
  fs::path root() const { return base_ / "site"; }

private:
  static void write(const fs::path& file) { std::ofstream(file) << "x"; }
  fs::path base_;
};

} // namespace

TEST_CASE("targets inside the root resolve to files") {
  TempSite site;
  WebRoot root(site.root());
  auto check = [&](const char* target, const fs::path& expected) {
    CAPTURE(target);
    TargetResolution r = root.resolve(target);
    REQUIRE(r.outcome == Outcome::file);
    CHECK(r.file == fs::canonical(site.root() / expected));
  };
  check("/", "index.html");
  check("/index.html?v=2#top", "index.html");
  check("/app.wasm", "app.wasm");
  check("/labs/01/", "labs/01/index.html");
  check("/labs/%30%31/index.html", "labs/01/index.html");
  check("//labs//01/./index.html", "labs/01/index.html");
}

TEST_CASE("a folder without its trailing slash redirects") {
  TempSite site;
  TargetResolution r = WebRoot(site.root()).resolve("/labs/01");
  CHECK(r.outcome == Outcome::redirectToFolder);
  CHECK(r.location == "/labs/01/");
}

TEST_CASE("a redirect never points to another host") {
  TempSite site;
  // "//labs/" in a Location header is a network-path reference: the browser goes to http://labs/.
  for (const char* target : {"//labs", "///labs", "//labs?x=1", "/.//labs"}) {
    CAPTURE(target);
    TargetResolution r = WebRoot(site.root()).resolve(target);
    REQUIRE(r.outcome == Outcome::redirectToFolder);
    CHECK(r.location.starts_with("/"));
    CHECK_FALSE(r.location.starts_with("//"));
  }
  CHECK(WebRoot(site.root()).resolve("//labs").location == "/labs/");
  CHECK(WebRoot(site.root()).resolve("/.//labs//01").location == "/labs/01/");
}

TEST_CASE("the path and query parameters of a target") {
  CHECK(targetPath("/ws") == "/ws");
  CHECK(targetPath("/ws?token=abc&v=1") == "/ws");
  CHECK(targetPath("/ws#x") == "/ws");
  CHECK(queryParameter("/ws?token=abc&v=1", "token") == "abc");
  CHECK(queryParameter("/ws?v=1&token=abc#frag", "token") == "abc");
  CHECK(queryParameter("/ws?tokenx=1&token", "token") == "");
  CHECK(queryParameter("/ws", "token") == "");
  CHECK(queryParameter("/ws?", "token") == "");
}

TEST_CASE("escapes and malformed targets are refused") {
  TempSite site;
  WebRoot root(site.root());
  struct Case {
    const char* target;
    Outcome expected;
  };
  for (const Case& c : {
           Case{"/../secret.txt", Outcome::forbidden},
           Case{"/labs/../../secret.txt", Outcome::forbidden},
           Case{"/%2e%2e/secret.txt", Outcome::forbidden},
           Case{"/%2E%2E%2fsecret.txt", Outcome::forbidden},
           Case{"/escape/secret.txt", Outcome::forbidden}, // symlink out of the root
           Case{"/..", Outcome::forbidden},
           Case{"/a%00b", Outcome::badRequest},
           Case{"/%zz", Outcome::badRequest},
           Case{"/%2", Outcome::badRequest},
           Case{"/..%5csecret.txt", Outcome::badRequest}, // backslash
           Case{"secret.txt", Outcome::badRequest},
           Case{"http://example.com/index.html", Outcome::badRequest},
           Case{"", Outcome::badRequest},
           Case{"/missing.html", Outcome::notFound},
           Case{"/labs/02/", Outcome::notFound},
       }) {
    CAPTURE(c.target);
    CHECK(static_cast<int>(root.resolve(c.target).outcome) == static_cast<int>(c.expected));
  }
}

TEST_CASE("MIME types by extension") {
  CHECK(std::string(mimeTypeFor("lab.wasm")) == "application/wasm");
  CHECK(std::string(mimeTypeFor("LAB.WASM")) == "application/wasm");
  CHECK(std::string(mimeTypeFor("index.html")) == "text/html; charset=utf-8");
  CHECK(std::string(mimeTypeFor("lab.js")) == "text/javascript; charset=utf-8");
  CHECK(std::string(mimeTypeFor("mod.mjs")) == "text/javascript; charset=utf-8");
  CHECK(std::string(mimeTypeFor("style.css")) == "text/css; charset=utf-8");
  CHECK(std::string(mimeTypeFor("a.json")) == "application/json");
  CHECK(std::string(mimeTypeFor("a.png")) == "image/png");
  CHECK(std::string(mimeTypeFor("a.svg")) == "image/svg+xml");
  CHECK(std::string(mimeTypeFor("favicon.ico")) == "image/x-icon");
  CHECK(std::string(mimeTypeFor("NanumGothic.ttf")) == "font/ttf"); // the labs' Korean font
  CHECK(std::string(mimeTypeFor("notes.txt")) == "text/plain; charset=utf-8");
  CHECK(std::string(mimeTypeFor("README.md")) == "text/markdown; charset=utf-8");
  CHECK(std::string(mimeTypeFor("Makefile")) == "application/octet-stream");
}
