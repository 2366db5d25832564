// web_socket.hpp: one browser WebSocket carrying text frames (internal to rtclab::browser;
// SignalingClient is its user).
//
//   const ws = new WebSocket('ws://localhost:8080/ws');
//   ws.onopen = ...; ws.onmessage = (e) => ...e.data...; ws.onclose = (e) => ...e.code...;
//   ws.send(text);
//
// Destroying the object removes its handlers first and then closes the socket, so no event
// reaches C++ afterwards: a socket given up (a heartbeat timeout) is abandoned at once instead
// of waiting for a closing handshake that a dead server will never finish.
// MDN: https://developer.mozilla.org/en-US/docs/Web/API/WebSocket
#pragma once

#include "bridge.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace rtclab::browser {

class WebSocket {
public:
  struct Events {
    std::function<void()> onOpen;
    std::function<void(std::string text)> onText;
    std::function<void()> onBinary; // the frame is dropped: this protocol speaks text only
    // The connection ended or never opened (then code is 1006); `error` events come right before
    // close events and carry no detail in browsers, so close is the one place to react.
    std::function<void(int code, std::string reason)> onClose;
  };

  struct OpenResult {
    std::unique_ptr<WebSocket> socket;
    std::optional<bridge::JsError> error; // new WebSocket() threw: a SyntaxError for a bad URL
  };
  static OpenResult open(const std::string& url, Events events);

  WebSocket(const WebSocket&) = delete;
  WebSocket& operator=(const WebSocket&) = delete;
  ~WebSocket();

  // ws.send(text); an InvalidStateError (still connecting) comes back as the error.
  std::optional<bridge::JsError> send(const std::string& text);
  // ws.readyState: 0 connecting, 1 open, 2 closing, 3 closed.
  int readyState() const;
  // Puts this socket on window.rtclab as `name` for DevTools, until it is destroyed.
  void publishToConsole(std::string name);

private:
  explicit WebSocket(emscripten::val socket) : socket_(std::move(socket)) {}

  emscripten::val socket_;
  bridge::Listeners listeners_; // declared after socket_: cleared before the socket is released
  std::string consoleName_;     // "" unless published
};

} // namespace rtclab::browser
