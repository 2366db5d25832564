#include "fail.hpp"

#include "log.hpp"

namespace rtclab::server {

bool isExpectedError(const error_code& ec) {
  return ec == asio::error::operation_aborted || ec == websocket::error::closed ||
         ec == asio::error::eof || ec == http::error::end_of_stream ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::bad_descriptor;
}

void fail(const error_code& ec, std::string_view what) {
  if (!ec || isExpectedError(ec))
    return;
  LogLine(LogLevel::warn, "io-error").field("what", what).field("error", ec.message());
}

} // namespace rtclab::server
