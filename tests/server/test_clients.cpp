#include "test_clients.hpp"

#include <doctest/doctest.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace rtclab::server_test {
namespace {

using tcp = asio::ip::tcp;

tcp::endpoint loopback(std::uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

} // namespace

http::response<http::string_body> httpRequest(std::uint16_t port, http::verb verb,
                                              const std::string& target) {
  return httpExchange(port, http::request<http::string_body>{verb, target, 11});
}

http::response<http::string_body> httpExchange(std::uint16_t port,
                                               http::request<http::string_body> request) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  if (request[http::field::host].empty())
    request.set(http::field::host, "127.0.0.1");
  request.prepare_payload();
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  if (request.method() == http::verb::head)
    parser.skip(true); // a HEAD response has a Content-Length but no body
  beast::flat_buffer buffer;
  beast::error_code result;
  const std::string target(request.target());

  stream.expires_after(kDefaultWait); // bounds every step below
  stream.async_connect(loopback(port), [&](beast::error_code ec) {
    if (ec) {
      result = ec;
      return;
    }
    http::async_write(stream, request, [&](beast::error_code writeError, std::size_t) {
      if (writeError) {
        result = writeError;
        return;
      }
      http::async_read(stream, buffer, parser,
                       [&](beast::error_code readError, std::size_t) { result = readError; });
    });
  });
  io.run();
  if (result)
    throw std::runtime_error("HTTP " + target + ": " + result.message());
  return parser.release();
}

unsigned upgradeStatus(std::uint16_t port, const std::string& target, const std::string& origin) {
  http::request<http::string_body> request{http::verb::get, target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  request.set(http::field::connection, "Upgrade");
  request.set(http::field::upgrade, "websocket");
  request.set(http::field::sec_websocket_version, "13");
  request.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  if (!origin.empty())
    request.set(http::field::origin, origin);
  return httpExchange(port, std::move(request)).result_int();
}

RawConnection::RawConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("TCP connect to 127.0.0.1 failed");
}

RawConnection::~RawConnection() {
  if (fd_ >= 0)
    ::close(fd_);
}

bool RawConnection::send(const std::string& bytes) {
  return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
         static_cast<ssize_t>(bytes.size());
}

RawConnection::Read RawConnection::read(std::chrono::milliseconds timeout) {
  pollfd pfd{fd_, POLLIN, 0};
  if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0)
    return Read::timeout;
  char chunk[4096];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0)
    return Read::closed;
  received_.append(chunk, static_cast<std::size_t>(n));
  return Read::data;
}

WsClient::WsClient(std::uint16_t port, const WsConnectOptions& options) : ws_(io_) {
  beast::error_code result;
  bool done = false;
  beast::get_lowest_layer(ws_).expires_after(kDefaultWait);
  beast::get_lowest_layer(ws_).async_connect(loopback(port), [&](beast::error_code ec) {
    if (ec) {
      result = ec;
      done = true;
      return;
    }
    if (!options.origin.empty()) {
      ws_.set_option(websocket::stream_base::decorator(
          [origin = options.origin](websocket::request_type& request) {
            request.set(http::field::origin, origin);
          }));
    }
    const std::string host = "127.0.0.1:" + std::to_string(port);
    ws_.async_handshake(host, options.target, [&](beast::error_code handshakeError) {
      result = handshakeError;
      done = true;
    });
  });
  runUntil([&] { return done; }, kDefaultWait + 1s);
  if (!done || result)
    throw std::runtime_error("WebSocket connect failed: " + (done ? result.message() : "timeout"));
  // From here Beast's own timeouts apply; the client answers the server's pings while reading.
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
}

template <typename Predicate>
bool WsClient::runUntil(Predicate done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (io_.stopped())
      io_.restart();
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    io_.run_one_until(deadline);
  }
  return true;
}

bool WsClient::trySend(const protocol::Message& message) {
  try {
    send(protocol::serialize(message));
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

void WsClient::send(const std::string& text) {
  bool done = false;
  beast::error_code result;
  ws_.async_write(asio::buffer(text), [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  if (!runUntil([&] { return done; }, kDefaultWait))
    throw std::runtime_error("WebSocket write timed out");
  if (result)
    throw std::runtime_error("WebSocket write failed: " + result.message());
}

void WsClient::ping() {
  bool done = false;
  beast::error_code result;
  ws_.async_ping({}, [&](beast::error_code ec) {
    result = ec;
    done = true;
  });
  if (!runUntil([&] { return done; }, kDefaultWait))
    throw std::runtime_error("WebSocket ping timed out");
  if (result)
    throw std::runtime_error("WebSocket ping failed: " + result.message());
}

void WsClient::startRead() {
  if (reading_ || messageReady_ || closed_)
    return;
  reading_ = true;
  ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
    reading_ = false;
    if (ec) {
      readError_ = ec;
      closed_ = true;
    } else {
      messageReady_ = true;
    }
  });
}

std::optional<std::string> WsClient::receiveText(std::chrono::milliseconds timeout) {
  startRead();
  // A read still pending after a timeout stays pending: the next call picks it up.
  if (!runUntil([&] { return messageReady_ || closed_; }, timeout) || !messageReady_)
    return std::nullopt;
  messageReady_ = false;
  std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  return text;
}

protocol::Message WsClient::receive(std::chrono::milliseconds timeout) {
  std::optional<std::string> text = receiveText(timeout);
  REQUIRE_MESSAGE(text.has_value(), "no message within the timeout (closed=" << closed_ << ")");
  protocol::ParseResult parsed = protocol::parse(*text);
  REQUIRE_MESSAGE(parsed.ok(), "unparsable message from the server: " << *text);
  return parsed.message();
}

void WsClient::failUnexpected(const protocol::Message& message, const char* expected) {
  FAIL_CHECK("expected a " << expected << ", got: " << protocol::serialize(message));
}

std::string WsClient::join(const std::string& room, const std::string& name) {
  send(protocol::Join{room, name});
  return expect<protocol::Joined>().peer;
}

std::optional<std::uint16_t> WsClient::waitForClose(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!closed_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !receiveText(left)) {
      if (!closed_)
        return std::nullopt;
    }
  }
  // The close frame counts even if the TCP teardown after it failed: Beast 1.74's teardown may
  // close the socket with unread bytes, so the peer can see a reset after the close frame.
  const bool gotCloseFrame = ws_.reason().code != websocket::close_code::none;
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
  if (!gotCloseFrame) {
    MESSAGE("connection ended without a close frame: " << readError_.message());
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(ws_.reason().code);
}

} // namespace rtclab::server_test
