// The single place where I/O errors become log lines. Errors that are part of a normal
// connection life (peer closed, our own cancel on shutdown, eof) are dropped here, once,
// instead of being filtered at every call site.
#pragma once

#include <string_view>

#include "net.hpp"

namespace rtclab::server {

// True for errors that just mean "this connection ended normally".
bool isExpectedError(const error_code& ec);

// Logs `level=warn event=io-error what=<what> error="<message>"` unless the error is expected.
void fail(const error_code& ec, std::string_view what);

} // namespace rtclab::server
