#include "http_session.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <array>
#include <chrono>
#include <optional>
#include <string>

#include "client_address.hpp"
#include "fail.hpp"
#include "http_request_reading.hpp"
#include "log.hpp"
#include "origin_check.hpp"
#include "static_files.hpp"
#include "websocket_session.hpp"

namespace rtclab::server {
namespace {

using namespace std::chrono_literals;

constexpr auto kHttpIdleTimeout = 30s; // an idle keep-alive connection is closed after this
// A client that connects and never completes its TLS handshake holds a connection slot: a
// browser completes one in milliseconds, even on a slow phone on Wi-Fi in well under this.
constexpr auto kTlsHandshakeTimeout = 10s;

// Lets the server close this connection on shutdown.
template <class Stream> class HttpConnection final : public Connection {
public:
  HttpConnection(Stream& stream, const beast::flat_buffer& buffer)
      : stream_(stream), buffer_(buffer) {}
  // An idle keep-alive connection closes at once. One whose request has started arriving is
  // let finish (its response says Connection: close, a WebSocket upgrade gets 1001), so a
  // client that connected just as the server stopped hears why; the abort timer bounds it.
  void shutdown() override {
    if (buffer_.size() == 0)
      beast::get_lowest_layer(stream_).close();
  }
  void abort() override { beast::get_lowest_layer(stream_).close(); }

private:
  Stream& stream_;
  const beast::flat_buffer& buffer_;
};

std::string_view toStringView(beast::string_view text) { return {text.data(), text.size()}; }

// After a refusal the client may still be sending the rest of its request. Closing with those
// bytes unread makes the kernel send a reset, which can destroy our response before the client
// reads it: stop sending, then read and drop what comes, briefly, before closing.
template <class Stream> asio::awaitable<void> lingeringClose(Stream& stream) {
  constexpr std::size_t kMaxDrainBytes = 64 * 1024;
  error_code ec;
  rawSocket(beast::get_lowest_layer(stream)).shutdown(tcp::socket::shutdown_send, ec);
  beast::get_lowest_layer(stream).expires_after(1s);
  std::array<char, 4096> sink;
  for (std::size_t drained = 0; !ec && drained < kMaxDrainBytes;)
    drained += co_await stream.async_read_some(asio::buffer(sink),
                                               asio::redirect_error(asio::use_awaitable, ec));
}

template <class Stream, typename Response>
asio::awaitable<error_code> writeResponse(Stream& stream, Response& response) {
  error_code ec;
  co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
  co_return ec;
}

// The WebSocket session takes over the connection: the bare socket (Beast's websocket stream
// keeps its own timeouts), or the whole TLS stream with its session state.
void handOver(beast::tcp_stream& stream, Request request, std::string urlToken,
              ServerContext& context) {
  startWebSocketSession(stream.release_socket(), std::move(request), std::move(urlToken), context);
}
void handOver(TlsStream& stream, Request request, std::string urlToken, ServerContext& context) {
  startWebSocketSession(std::move(stream), std::move(request), std::move(urlToken), context);
}

// Half-closes after the last response, so the client reads all of it before the close.
asio::awaitable<void> finish(beast::tcp_stream& stream) {
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  co_return;
}
// TLS says goodbye with a close_notify; a client that never answers it is not waited for long.
asio::awaitable<void> finish(TlsStream& stream) {
  error_code ec;
  beast::get_lowest_layer(stream).expires_after(1s);
  co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
}

template <class Stream>
asio::awaitable<void> serveHttp(Stream& stream, beast::flat_buffer& buffer,
                                ServerContext& context) {
  for (;;) {
    RequestParser parser;
    limitRequestParser(parser);
    beast::get_lowest_layer(stream).expires_after(kHttpIdleTimeout);
    error_code ec;
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (auto status = statusForReadError(ec)) {
        // Say why before closing: the rest of an oversized request is not read.
        LogLine(LogLevel::debug, "http-refused").field("error", ec.message());
        http::response<http::string_body> response{*status, 11};
        response.set(http::field::server, "rtclab-server");
        response.set(http::field::content_type, "text/plain; charset=utf-8");
        response.body() = std::string(http::obsolete_reason(*status)) + "\n";
        response.prepare_payload();
        response.keep_alive(false);
        fail(co_await writeResponse(stream, response), "http-write");
        co_await lingeringClose(stream);
        co_return;
      } else {
        fail(ec, "http-read");
      }
      break;
    }
    Request request = parser.release();

    if (websocket::is_upgrade(request)) {
      const std::string_view target = toStringView(request.target());
      std::optional<http::response<http::string_body>> refusal;
      if (targetPath(target) != "/ws") {
        refusal = textResponse(request, http::status::not_found, "WebSocket is at /ws");
      } else if (const auto origin = toStringView(request[http::field::origin]);
                 !originAllowed(origin, toStringView(request[http::field::host]),
                                context.options.allowedOrigins)) {
        LogLine(LogLevel::warn, "refused")
            .field("reason", "origin")
            .field("origin", origin)
            .field("host", toStringView(request[http::field::host]));
        refusal = textResponse(request, http::status::forbidden,
                               "WebSocket from this page's origin refused; the server allows "
                               "its own origin and --allowed-origin");
      }
      if (refusal) {
        refusal->keep_alive(false);
        fail(co_await writeResponse(stream, *refusal), "http-write");
        break;
      }
      // The WebSocket session takes the connection; this coroutine ends here.
      beast::get_lowest_layer(stream).expires_never();
      std::string urlToken(queryParameter(target, "token"));
      handOver(stream, std::move(request), std::move(urlToken), context);
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
  co_await finish(stream);
}

// A browser pointed at http:// on the TLS port: OpenSSL sees an HTTP request where a TLS hello
// should be. Say so in plain HTTP instead of just closing, so the page tells the learner why.
asio::awaitable<void> answerPlainHttpOnTlsPort(tcp::socket& socket) {
  constexpr std::string_view kBody = "This port speaks https: use https:// in the address.\n";
  const std::string response = "HTTP/1.1 400 Bad Request\r\nServer: rtclab-server\r\n"
                               "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " +
                               std::to_string(kBody.size()) + "\r\nConnection: close\r\n\r\n" +
                               std::string(kBody);
  error_code ec;
  co_await asio::async_write(socket, asio::buffer(response),
                             asio::redirect_error(asio::use_awaitable, ec));
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

} // namespace

asio::awaitable<void> runHttpSession(tcp::socket socket, ServerContext& context) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  HttpConnection connection(stream, buffer);
  ConnectionRegistration registration(context.connections, connection,
                                      limitKeyFor(stream.socket(), context.options));
  co_await serveHttp(stream, buffer, context);
}

asio::awaitable<void> runHttpsSession(tcp::socket socket, ssl::context& tls,
                                      ServerContext& context) {
  TlsStream stream(std::move(socket), tls);
  beast::flat_buffer buffer;
  HttpConnection connection(stream, buffer);
  ConnectionRegistration registration(context.connections, connection,
                                      limitKeyFor(stream.next_layer().socket(), context.options));
  beast::get_lowest_layer(stream).expires_after(kTlsHandshakeTimeout);
  error_code ec;
  co_await stream.async_handshake(ssl::stream_base::server,
                                  asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    // Debug only: every browser that has not accepted the self-signed certificate yet ends its
    // handshake with an alert, and anyone may connect to a LAN port.
    LogLine(LogLevel::debug, "tls-handshake-failed").field("error", ec.message());
    if (ec.category() == asio::error::get_ssl_category() &&
        ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_HTTP_REQUEST)
      co_await answerPlainHttpOnTlsPort(stream.next_layer().socket());
    co_return;
  }
  co_await serveHttp(stream, buffer, context);
}

} // namespace rtclab::server
