// Real clients for the server tests, on Boost.Beast. Every operation is bounded in time: each
// client runs its own io_context only until its operation completes or a deadline passes.
#pragma once

#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <rtclab/protocol/protocol.hpp>

namespace rtclab::server_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using namespace std::chrono_literals;

inline constexpr auto kDefaultWait = 3s;

// One HTTP/1.1 request on a fresh connection. `target` is sent exactly as given (no
// normalization), so tests can send "/../x".
http::response<http::string_body> httpRequest(std::uint16_t port, http::verb verb,
                                              const std::string& target);
// The same with a request built by the test (its Host header is set if missing).
http::response<http::string_body> httpExchange(std::uint16_t port,
                                               http::request<http::string_body> request);
// Sends a WebSocket upgrade request for `target` (with `origin` as Origin unless empty) and
// returns the server's status: 101 if it would switch protocols.
unsigned upgradeStatus(std::uint16_t port, const std::string& target, const std::string& origin);

// A plain TCP connection to 127.0.0.1, for what a well-behaved client never does (trickling
// bytes, half-sent requests).
class RawConnection {
public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool send(const std::string& bytes); // false once the server has closed
  enum class Read { data, closed, timeout };
  // Appends what arrives within `timeout` to `received`.
  Read read(std::chrono::milliseconds timeout);
  const std::string& received() const { return received_; }

private:
  int fd_ = -1;
  std::string received_;
};

struct WsConnectOptions {
  std::string target = "/ws";
  std::string origin = {}; // sent as the Origin header unless empty
};

class WsClient {
public:
  // Connects to ws://127.0.0.1:<port>/ws; throws on failure or after kDefaultWait.
  explicit WsClient(std::uint16_t port) : WsClient(port, WsConnectOptions{}) {}
  WsClient(std::uint16_t port, const WsConnectOptions& options);

  // Sends one WebSocket ping frame (a control frame, not a protocol message).
  void ping();

  void send(const std::string& text);
  void send(const protocol::Message& message) { send(protocol::serialize(message)); }
  // The same, for a connection the server may be closing: false when the write failed (a close
  // frame that arrived meanwhile aborts it) instead of throwing.
  bool trySend(const protocol::Message& message);

  // The next text message, or nullopt if none arrives within `timeout` or the connection ends.
  std::optional<std::string> receiveText(std::chrono::milliseconds timeout = kDefaultWait);
  // The next message, parsed; fails the test if none arrives or it does not parse.
  protocol::Message receive(std::chrono::milliseconds timeout = kDefaultWait);
  // The next message must be a T (fails the test otherwise).
  template <typename T> T expect(std::chrono::milliseconds timeout = kDefaultWait) {
    protocol::Message message = receive(timeout);
    T* typed = std::get_if<T>(&message);
    if (!typed)
      failUnexpected(message, typeid(T).name());
    return typed ? *typed : T{};
  }
  // Joins `room` (as display name `name`) and returns the peer id the server gave us.
  std::string join(const std::string& room, const std::string& name = "");

  // Reads (discarding messages) until the server closes; the close code, or nullopt if the
  // connection did not close within `timeout` or ended without a close frame.
  std::optional<std::uint16_t> waitForClose(std::chrono::milliseconds timeout = kDefaultWait);
  bool closed() const { return closed_; }

private:
  void failUnexpected(const protocol::Message& message, const char* expected);
  // Runs the io_context until `done` or the deadline; false on timeout.
  template <typename Predicate> bool runUntil(Predicate done, std::chrono::milliseconds timeout);
  void startRead();

  asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  bool reading_ = false;
  bool messageReady_ = false;
  bool closed_ = false;
  beast::error_code readError_;
};

} // namespace rtclab::server_test
