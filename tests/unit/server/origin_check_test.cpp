// The WebSocket origin check: same origin by Host, --allowed-origin, no Origin = not a browser.
#include <doctest/doctest.h>

#include "origin_check.hpp"

using namespace rtclab::server;

TEST_CASE("origins are normalized: lowercase, explicit default port") {
  CHECK(normalizeOrigin("HTTP://Example.COM") == "http://example.com:80");
  CHECK(normalizeOrigin("https://example.com") == "https://example.com:443");
  CHECK(normalizeOrigin("http://127.0.0.1:8080") == "http://127.0.0.1:8080");
  CHECK(normalizeOrigin("http://[::1]:8080") == "http://[::1]:8080");
  for (const char* bad : {"null", "", "file://", "ftp://x", "http://", "http://a:b",
                          "http://a/path", "http://a:8080x", "http://user@a", "http://a b"})
    CHECK_FALSE(normalizeOrigin(bad));
}

TEST_CASE("same origin passes, a page from another site does not") {
  const std::vector<std::string> none;
  CHECK(originAllowed("http://127.0.0.1:8080", "127.0.0.1:8080", none));
  CHECK(originAllowed("http://LabHost:8080", "labhost:8080", none));
  CHECK(originAllowed("http://[::1]:8080", "[::1]:8080", none));
  // Host without a port: the page's scheme's default port (e.g. behind a TLS proxy).
  CHECK(originAllowed("https://lab.example", "lab.example", none));
  CHECK(originAllowed("http://lab.example", "lab.example", none));

  CHECK_FALSE(originAllowed("http://evil.example", "127.0.0.1:8080", none));
  CHECK_FALSE(originAllowed("http://127.0.0.1:9999", "127.0.0.1:8080", none)); // another port
  CHECK_FALSE(originAllowed("https://127.0.0.1:8080", "127.0.0.1:8080:1", none));
  CHECK_FALSE(originAllowed("null", "127.0.0.1:8080", none)); // sandboxed frame, file://
  CHECK_FALSE(originAllowed("http://127.0.0.1:8080", "", none));
}

TEST_CASE("no Origin header means no browser page: allowed") {
  CHECK(originAllowed("", "127.0.0.1:8080", {}));
}

TEST_CASE("--allowed-origin adds exact origins") {
  const std::vector<std::string> allowed{*normalizeOrigin("http://lab.example:3000")};
  CHECK(originAllowed("http://LAB.example:3000", "127.0.0.1:8080", allowed));
  CHECK_FALSE(originAllowed("http://lab.example:3001", "127.0.0.1:8080", allowed));
  CHECK_FALSE(originAllowed("https://lab.example:3000", "127.0.0.1:8080", allowed));
}
