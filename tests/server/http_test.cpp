// The real server over HTTP: static files, MIME types, 404, path escapes refused.
#include <doctest/doctest.h>

#include "server_process.hpp"
#include "temp_web_root.hpp"
#include "test_clients.hpp"

using namespace rtclab::server_test;

TEST_CASE("http-get") {
  TempWebRoot web;
  ServerProcess server(web.root().string());

  auto index = httpRequest(server.port(), http::verb::get, "/");
  CHECK(index.result() == http::status::ok);
  CHECK(index[http::field::content_type] == "text/html; charset=utf-8");
  CHECK(index.body() == TempWebRoot::kIndexHtml);

  auto wasm = httpRequest(server.port(), http::verb::get, "/lab.wasm");
  CHECK(wasm.result() == http::status::ok);
  CHECK(wasm[http::field::content_type] == "application/wasm");
  CHECK(wasm.body() == std::string(TempWebRoot::kWasmBytes, 8));

  auto head = httpRequest(server.port(), http::verb::head, "/lab.wasm");
  CHECK(head.result() == http::status::ok);
  CHECK(head[http::field::content_length] == "8");

  auto folder = httpRequest(server.port(), http::verb::get, "/labs/01/");
  CHECK(folder.body() == "lab 01");
  auto redirect = httpRequest(server.port(), http::verb::get, "/labs/01");
  CHECK(redirect.result() == http::status::moved_permanently);
  CHECK(redirect[http::field::location] == "/labs/01/");
}

TEST_CASE("http-not-found") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  CHECK(httpRequest(server.port(), http::verb::get, "/missing.js").result() ==
        http::status::not_found);
  CHECK(httpRequest(server.port(), http::verb::post, "/").result() ==
        http::status::method_not_allowed);
}

TEST_CASE("http-path-escape") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/labs/%2E%2E/../secret.txt",
                             "/a%00b", "/..%5csecret.txt", "secret.txt"}) {
    CAPTURE(target);
    auto response = httpRequest(server.port(), http::verb::get, target);
    const auto status = response.result_int();
    CHECK((status == 400 || status == 403));
    CHECK(response.body().find("secret") == std::string::npos);
  }
}
