#include "web_socket.hpp"

#include "console_js.hpp"

namespace rtclab::browser {

using emscripten::val;

WebSocket::OpenResult WebSocket::open(const std::string& url, Events events) {
  auto created = bridge::construct("WebSocket", url);
  if (!created.ok()) {
    return {nullptr, created.error};
  }
  std::unique_ptr<WebSocket> socket(new WebSocket(created.value));
  auto& listeners = socket->listeners_;
  val& js = socket->socket_;
  listeners.setHandler(js, "open", [onOpen = std::move(events.onOpen)](val) { onOpen(); });
  listeners.setHandler(
      js, "message",
      [onText = std::move(events.onText), onBinary = std::move(events.onBinary)](val event) {
        val data = event[bridge::key<"data">()];
        if (data.isString()) {
          onText(data.as<std::string>());
        } else {
          onBinary();
        }
      });
  listeners.setHandler(js, "close", [onClose = std::move(events.onClose)](val event) {
    onClose(event[bridge::key<"code">()].as<int>(),
            bridge::stringProperty(event, bridge::key<"reason">()));
  });
  return {std::move(socket), std::nullopt};
}

WebSocket::~WebSocket() {
  if (!consoleName_.empty())
    console::withdrawJs(consoleName_, socket_);
  listeners_.clear();
  const int state = readyState();
  if (state == 0 || state == 1) {
    socket_.call<void>("close", 1000); // 1000: a normal closure, on purpose
  }
}

void WebSocket::publishToConsole(std::string name) {
  consoleName_ = std::move(name);
  console::publishJs(consoleName_, socket_);
}

std::optional<bridge::JsError> WebSocket::send(const std::string& text) {
  return bridge::callMethod(socket_, "send", text).error;
}

int WebSocket::readyState() const { return socket_[bridge::key<"readyState">()].as<int>(); }

} // namespace rtclab::browser
