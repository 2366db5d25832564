// How rtclab-server reads an HTTP request: the parser's limits, and the reply each parse error
// gets. Shared by the HTTP session and the raw-request fuzzer (tests/fuzz/http_request_fuzzer),
// so the fuzzer drives Beast's parser exactly as the server configures it.
#pragma once

#include <cstddef>
#include <optional>

#include "net.hpp"

namespace rtclab::server {

inline constexpr std::size_t kRequestHeaderLimit = 8192;
inline constexpr std::size_t kRequestBodyLimit = 8192; // GET/HEAD only: bodies are not expected

using RequestParser = http::request_parser<http::string_body>;

inline void limitRequestParser(RequestParser& parser) {
  parser.header_limit(kRequestHeaderLimit);
  parser.body_limit(kRequestBodyLimit);
}

// The reply to a request the parser refused; nullopt when there is nobody to answer (the
// client closed before or in the middle of a request, or an I/O error).
inline std::optional<http::status> statusForReadError(const error_code& ec) {
  if (ec == http::error::header_limit)
    return http::status::request_header_fields_too_large; // 431
  if (ec == http::error::body_limit)
    return http::status::payload_too_large; // 413
  if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message)
    return http::status::bad_request;
  return std::nullopt;
}

} // namespace rtclab::server
