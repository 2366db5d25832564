// The one include for Boost.Asio + Beast in rtclab-server, with the namespace aliases we use.
#pragma once

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>; with g++ 12
// and -std=c++20 nothing else pulls it in first.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace rtclab::server {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;
} // namespace rtclab::server
