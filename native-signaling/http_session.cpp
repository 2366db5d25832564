#include "http_session.hpp"

#include <chrono>

#include "fail.hpp"
#include "static_files.hpp"
#include "websocket_session.hpp"

namespace rtclab::server {
namespace {

using namespace std::chrono_literals;

constexpr auto kHttpIdleTimeout = 30s; // an idle keep-alive connection is closed after this
constexpr std::size_t kHeaderLimit = 8192;
constexpr std::size_t kBodyLimit = 8192; // we serve GET/HEAD only; bodies are not expected

// Lets the server close this connection on shutdown.
class HttpConnection final : public Connection {
public:
  explicit HttpConnection(beast::tcp_stream& stream) : stream_(stream) {}
  void shutdown() override { stream_.close(); }
  void abort() override { stream_.close(); }

private:
  beast::tcp_stream& stream_;
};

template <typename Response>
asio::awaitable<error_code> writeResponse(beast::tcp_stream& stream, Response& response) {
  error_code ec;
  co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
  co_return ec;
}

} // namespace

asio::awaitable<void> runHttpSession(tcp::socket socket, ServerContext& context) {
  beast::tcp_stream stream(std::move(socket));
  HttpConnection connection(stream);
  ConnectionRegistration registration(context.connections, connection);
  beast::flat_buffer buffer;

  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(kBodyLimit);
    stream.expires_after(kHttpIdleTimeout);
    error_code ec;
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      fail(ec, "http-read");
      break;
    }
    Request request = parser.release();

    if (websocket::is_upgrade(request)) {
      if (request.target() != "/ws") {
        auto response = textResponse(request, http::status::not_found, "WebSocket is at /ws");
        response.keep_alive(false);
        fail(co_await writeResponse(stream, response), "http-write");
        break;
      }
      // The WebSocket session takes the socket; this coroutine ends here.
      stream.expires_never();
      startWebSocketSession(stream.release_socket(), std::move(request), context);
      co_return;
    }

    StaticResponse response = respondStatic(context.webRoot, request);
    bool keepAlive = false;
    std::visit([&](auto& r) { keepAlive = r.keep_alive(); }, response);
    if (auto* text = std::get_if<http::response<http::string_body>>(&response))
      ec = co_await writeResponse(stream, *text);
    else if (auto* file = std::get_if<http::response<http::file_body>>(&response))
      ec = co_await writeResponse(stream, *file);
    else
      ec = co_await writeResponse(stream, std::get<http::response<http::empty_body>>(response));
    if (ec) {
      fail(ec, "http-write");
      break;
    }
    if (!keepAlive || context.stopping)
      break;
  }
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

} // namespace rtclab::server
