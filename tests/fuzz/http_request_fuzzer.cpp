// Fuzzes the raw bytes of an HTTP/1.1 connection as rtclab-server reads them: Beast's request
// parser with the server's limits (http_request_reading.hpp), fed in pieces of a size the input
// picks (bytes arrive split anywhere), several requests back to back as keep-alive allows, and
// then what the session does with each request: the upgrade decision (the /ws path, the token
// in the query, the origin check) and the static-file response. Checks, for any bytes:
//   - every parse error the client could be answered for gets a status (431, 413 or 400), and
//     431 only once the header limit's worth of bytes has arrived (or for an obs-folded field
//     value too long for Beast to join);
//   - a parsed request's body is within the body limit;
//   - the path is the target's start without its query, the token lies inside the target;
//   - the static response is a 2xx, 3xx or 4xx (never a server error).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fuzz_check.hpp"
#include "http_request_reading.hpp"
#include "origin_check.hpp"
#include "static_files.hpp"
#include "web_root.hpp"

namespace fs = std::filesystem;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace server = rtclab::server;

namespace {

struct WebRootOnDisk {
  fs::path base;
  std::unique_ptr<server::WebRoot> webRoot;

  WebRootOnDisk() {
    std::string pattern = (fs::temp_directory_path() / "rtclab-fuzz-request-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      std::abort();
    base = pattern;
    fs::create_directories(base / "labs" / "01-capture");
    std::ofstream(base / "index.html") << "x";
    std::ofstream(base / "labs" / "01-capture" / "index.html") << "x";
    webRoot = std::make_unique<server::WebRoot>(base);
  }
  ~WebRootOnDisk() {
    std::error_code ignored;
    fs::remove_all(base, ignored);
  }
};

WebRootOnDisk* site = nullptr;
const std::vector<std::string> kAllowedOrigins = {"http://lab.example:3000"};

std::string_view view(boost::beast::string_view text) { return {text.data(), text.size()}; }

bool isInside(std::string_view whole, std::string_view part) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

// What HttpSession does with a request the parser accepted.
void handle(const server::Request& request) {
  FUZZ_CHECK(request.body().size() <= server::kRequestBodyLimit);
  const std::string_view target = view(request.target());
  const std::string_view path = server::targetPath(target);
  FUZZ_CHECK(target.substr(0, path.size()) == path);
  FUZZ_CHECK(path.find('?') == std::string_view::npos);
  FUZZ_CHECK(isInside(target, server::queryParameter(target, "token")));
  if (websocket::is_upgrade(request)) {
    (void)server::originAllowed(view(request[http::field::origin]),
                                view(request[http::field::host]), kAllowedOrigins);
    return;
  }
  const server::StaticResponse response = server::respondStatic(*site->webRoot, request);
  const unsigned status = std::visit([](const auto& r) { return r.result_int(); }, response);
  FUZZ_CHECK(status >= 200 && status < 500);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  site = new WebRootOnDisk;
  std::atexit([] { delete site; });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  // The first byte sets how the bytes arrive: in pieces of 1 to 256.
  const std::size_t piece = std::size_t{data[0]} + 1;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::string received; // what has arrived and the parser has not consumed yet
  std::size_t next = 0; // the next byte of input to arrive
  for (int requests = 0; requests < 4; ++requests) {
    server::RequestParser parser;
    server::limitRequestParser(parser);
    parser.eager(true);
    std::size_t consumed = 0; // bytes of this request the parser took
    const std::size_t requestStart = next - received.size();
    bool wantsMore = received.empty();
    boost::system::error_code ec;
    while (!parser.is_done()) {
      if (wantsMore) {
        if (next == input.size()) {
          parser.put_eof(ec);
          break;
        }
        const std::size_t take = std::min(piece, input.size() - next);
        received.append(input.substr(next, take));
        next += take;
      }
      ec = {};
      const std::size_t used = parser.put(boost::asio::buffer(received), ec);
      received.erase(0, used);
      consumed += used;
      if (ec && ec != http::error::need_more)
        break;
      wantsMore = ec == http::error::need_more || used == 0 || received.empty();
    }
    if (ec) {
      const auto status = server::statusForReadError(ec);
      FUZZ_CHECK(status.has_value() || ec == http::error::end_of_stream ||
                 ec == http::error::partial_message);
      FUZZ_CHECK((ec == http::error::header_limit) ==
                 (status == http::status::request_header_fields_too_large));
      // Beast 1.74 also refuses an obs-folded field value (a line continued by one starting
      // with a space or tab) over the fixed buffer it joins the lines in: 431 as well.
      const std::string_view arrived = input.substr(requestStart, next - requestStart);
      const bool folded = arrived.find("\n ") != std::string_view::npos ||
                          arrived.find("\n\t") != std::string_view::npos;
      if (ec == http::error::header_limit && !folded)
        FUZZ_CHECK(consumed + received.size() >= server::kRequestHeaderLimit);
      return 0; // the session answers (or not) and closes
    }
    handle(parser.release());
  }
  return 0;
}
