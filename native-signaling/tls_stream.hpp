// What the sessions need to run over TLS as well as plain TCP (--tls). Kept out of net.hpp so
// only the files that touch TLS pay for the OpenSSL headers.
#pragma once

#include "net.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace rtclab::server {

namespace ssl = boost::asio::ssl;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// The TCP socket under a stream's layers (beast::get_lowest_layer gives a tcp_stream for TLS).
inline tcp::socket& rawSocket(tcp::socket& socket) { return socket; }
inline tcp::socket& rawSocket(beast::tcp_stream& stream) { return stream.socket(); }

} // namespace rtclab::server
