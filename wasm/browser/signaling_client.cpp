// SignalingClient over the browser's WebSocket. The moving parts, in the order they happen:
//   connect()  -> openSocket()  -> onOpen(): heartbeat on, join again if we were in a room
//   onText()   -> protocol::parse -> one typed callback (pongs feed the heartbeat instead)
//   socketLost() (close event, heartbeat timeout, connect timeout) -> Reconnecting ->
//   a Timer waits ReconnectPolicy::nextDelayMs() -> openSocket() again.
//
// [SECTION] index: SignalingClient::Impl (the socket, the timers, the state machine above), then
// the public methods (connect/close/join/leave/send), the event setters and the getters, each a
// one-line forward to Impl behind RTCLAB_CHECK_HANDLE (the moved-from rule, docs/errors.md).
#include "rtclab/signaling_client.hpp"

#include "bridge.hpp"
#include "rtclab/lab_page.hpp"
#include "timer.hpp"
#include "web_socket.hpp"

#include <emscripten/val.h>

#include <type_traits>
#include <utility>
#include <variant>

namespace rtclab {

using emscripten::val;

std::string_view toString(SignalingClientState state) {
  switch (state) {
  case SignalingClientState::Connecting:
    return "connecting";
  case SignalingClientState::Open:
    return "open";
  case SignalingClientState::Reconnecting:
    return "reconnecting";
  case SignalingClientState::Closed:
    return "closed";
  }
  return "closed";
}

std::string_view toString(MessageDirection direction) {
  return direction == MessageDirection::Sent ? "out" : "in";
}

std::string pageSignalingUrl() {
  const val location = val::global("location");
  const bool secure = location["protocol"].as<std::string>() == "https:";
  return (secure ? "wss://" : "ws://") + location["host"].as<std::string>() + "/ws";
}

namespace {

// Errors that answer a join and mean "not in this room": the room is forgotten, not rejoined.
bool refusesTheJoin(protocol::ErrorCode code) {
  using protocol::ErrorCode;
  return code == ErrorCode::roomFull || code == ErrorCode::tooManyRooms ||
         code == ErrorCode::badToken || code == ErrorCode::replaced;
}

} // namespace

struct SignalingClient::Impl {
  explicit Impl(SignalingOptions options)
      : options(options), reconnect(options.reconnect), heartbeat(options.heartbeat) {}

  SignalingOptions options;
  ReconnectPolicy reconnect;
  HeartbeatMonitor heartbeat;

  SignalingClientState state = SignalingClientState::Closed;
  std::string url;
  // The join to send again after every reconnect (room "" = in no room): room, display name,
  // room token, identity and capacity, exactly as the lab asked.
  protocol::Join joinRequest;
  std::string you;
  int reconnectAttempts = 0;
  int successfulReconnects = 0;
  bool reconnecting = false; // the socket being opened replaces a lost one
  std::optional<double> nextReconnectDelayMs;
  std::string lastDisconnectReason;

  struct Callbacks {
    std::function<void(SignalingClientState)> stateChange;
    std::function<void(const protocol::Joined&)> joined;
    std::function<void(const protocol::PeerJoined&)> peerJoined;
    std::function<void(const protocol::PeerLeft&)> peerLeft;
    std::function<void(const protocol::Offer&)> offer;
    std::function<void(const protocol::Answer&)> answer;
    std::function<void(const protocol::Candidate&)> candidate;
    std::function<void(const protocol::Error&)> error;
    std::function<void(const std::string&, const protocol::ParseError&)> malformed;
    std::function<void(MessageDirection, const std::string&)> raw;
    std::function<void(double)> heartbeat;
  } callbacks;

  // Declared last: destroyed first, so no timer fires and no socket event arrives while the
  // members above are being torn down.
  std::unique_ptr<browser::WebSocket> socket;
  browser::Timer reconnectTimer;
  browser::Timer heartbeatTimer;
  browser::Timer connectTimer;
  // Expires when this Impl dies: lets a handler notice that a callback destroyed the client.
  std::shared_ptr<bool> lifetime = std::make_shared<bool>(true);

  // Runs a user callback (a copy: the callback may replace itself). Returns false when the
  // callback destroyed the client, and the caller must then return without touching `this`.
  template <typename Callback, typename... Args>
  bool notify(const Callback& callback, Args&&... args) {
    if (!callback) {
      return true;
    }
    std::weak_ptr<bool> alive = lifetime;
    Callback copy = callback;
    copy(std::forward<Args>(args)...);
    return !alive.expired();
  }

  bool setState(SignalingClientState next) {
    if (state == next) {
      return true;
    }
    state = next;
    return notify(callbacks.stateChange, next);
  }

  SendResult openSocket() {
    browser::WebSocket::Events events;
    events.onOpen = [this] { onOpen(); };
    events.onText = [this](std::string text) { onText(std::move(text)); };
    events.onBinary = [this] {
      notify(callbacks.malformed, std::string("(binary frame)"),
             protocol::ParseError{protocol::ErrorCode::notJson,
                                  "a binary frame: the protocol uses text frames only"});
    };
    events.onClose = [this](int code, std::string reason) {
      socketLost("the socket closed (code " + std::to_string(code) +
                 (reason.empty() ? "" : ": " + reason) + ")");
    };
    auto opened = browser::WebSocket::open(url, std::move(events));
    if (opened.error) {
      return opened.error->name + ": " + opened.error->message;
    }
    socket = std::move(opened.socket);
    if (!options.consoleName.empty()) // DevTools: rtclab.ws, the socket of the moment
      socket->publishToConsole(options.consoleName);
    // A connection attempt to a black hole can hang for a long time: give it up and retry.
    connectTimer.start(options.connectTimeoutMs, [this] {
      socketLost("the socket did not open within " +
                 std::to_string(static_cast<int>(options.connectTimeoutMs)) + " ms");
    });
    return std::nullopt;
  }

  void onOpen() {
    connectTimer.cancel();
    if (reconnecting) {
      ++successfulReconnects;
      reconnecting = false;
    }
    reconnect.reset();
    nextReconnectDelayMs.reset();
    heartbeat.restart();
    scheduleHeartbeat();
    if (!setState(SignalingClientState::Open)) {
      return;
    }
    if (!joinRequest.room.empty()) {
      // Again after every reconnect: the new connection is a stranger to the server, which
      // gives it a new peer id (or, with a secret, the same id derived from it).
      send(joinRequest);
    }
  }

  void scheduleHeartbeat() {
    heartbeatTimer.start(options.heartbeat.intervalMs, [this] {
      heartbeat.timerFired(nowMs());
      if (heartbeat.isDead(nowMs())) {
        socketLost("no pong for " + std::to_string(static_cast<int>(options.heartbeat.timeoutMs)) +
                   " ms: the connection is dead");
        return;
      }
      // Not reported through onRawMessage: a ping every 2 s would drown the lab's log.
      transmit(protocol::serialize(protocol::Ping{heartbeat.pingSent(nowMs())}), false);
      scheduleHeartbeat();
    });
  }

  // Closes what is left of the socket and, unless close() was called, schedules a reconnect.
  void socketLost(std::string reason) {
    socket.reset(); // unregisters its handlers first: a late close event cannot arrive twice
    connectTimer.cancel();
    heartbeatTimer.cancel();
    you.clear();
    lastDisconnectReason = std::move(reason);
    if (state == SignalingClientState::Closed) {
      return;
    }
    const double delay = reconnect.nextDelayMs();
    nextReconnectDelayMs = delay;
    reconnectTimer.start(delay, [this] {
      nextReconnectDelayMs.reset();
      ++reconnectAttempts;
      reconnecting = true;
      if (auto error = openSocket()) {
        socketLost(*error);
      }
    });
    setState(SignalingClientState::Reconnecting);
  }

  void onText(std::string text) {
    auto parsed = protocol::parse(text);
    if (!parsed) {
      if (notify(callbacks.raw, MessageDirection::Received, text)) {
        notify(callbacks.malformed, text, parsed.error());
      }
      return;
    }
    if (auto* pong = std::get_if<protocol::Pong>(&parsed.message())) {
      if (pong->id) {
        if (auto rtt = heartbeat.pongReceived(*pong->id, nowMs())) {
          notify(callbacks.heartbeat, *rtt);
        }
      }
      return;
    }
    if (!notify(callbacks.raw, MessageDirection::Received, text)) {
      return;
    }
    std::visit(
        [&](const auto& message) {
          using T = std::decay_t<decltype(message)>;
          if constexpr (std::is_same_v<T, protocol::Joined>) {
            you = message.peer;
            notify(callbacks.joined, message);
          } else if constexpr (std::is_same_v<T, protocol::PeerJoined>) {
            notify(callbacks.peerJoined, message);
          } else if constexpr (std::is_same_v<T, protocol::PeerLeft>) {
            notify(callbacks.peerLeft, message);
          } else if constexpr (std::is_same_v<T, protocol::Offer>) {
            notify(callbacks.offer, message);
          } else if constexpr (std::is_same_v<T, protocol::Answer>) {
            notify(callbacks.answer, message);
          } else if constexpr (std::is_same_v<T, protocol::Candidate>) {
            notify(callbacks.candidate, message);
          } else if constexpr (std::is_same_v<T, protocol::Error>) {
            if (refusesTheJoin(message.code)) {
              joinRequest = protocol::Join{}; // retrying it on every reconnect cannot help
              you.clear();
            }
            notify(callbacks.error, message);
          } else {
            // join, leave, ping: valid JSON, but only a client sends these.
            notify(callbacks.malformed, text,
                   protocol::ParseError{protocol::ErrorCode::unexpectedType,
                                        "'" + std::string(protocol::typeName(message)) +
                                            "' is sent by clients, not by the server"});
          }
        },
        parsed.message());
  }

  // Sends one frame; `report` says whether onRawMessage sees it.
  SendResult transmit(const std::string& text, bool report) {
    if (state != SignalingClientState::Open || !socket) {
      return "the signaling socket is not open (state: " + std::string(toString(state)) + ")";
    }
    if (auto error = socket->send(text)) {
      return error->name + ": " + error->message;
    }
    if (report) {
      notify(callbacks.raw, MessageDirection::Sent, text);
    }
    return std::nullopt;
  }

  SendResult send(const protocol::Message& message) {
    return transmit(protocol::serialize(message), true);
  }
};

namespace {
const std::string& emptyText() {
  static const std::string empty;
  return empty;
}
const char* const kMovedFrom = "this SignalingClient was moved from";
} // namespace

SignalingClient::SignalingClient(SignalingOptions options)
    : impl_(std::make_unique<Impl>(options)) {}
SignalingClient::SignalingClient(SignalingClient&&) noexcept = default;
SignalingClient& SignalingClient::operator=(SignalingClient&&) noexcept = default;
SignalingClient::~SignalingClient() = default;

SignalingClient::SendResult SignalingClient::connect(std::string url) {
  RTCLAB_CHECK_HANDLE("SignalingClient::connect", kMovedFrom);
  auto& impl = *impl_;
  impl.socket.reset();
  impl.reconnectTimer.cancel();
  impl.heartbeatTimer.cancel();
  impl.connectTimer.cancel();
  impl.you.clear();
  impl.url = std::move(url);
  impl.reconnect.reset();
  impl.nextReconnectDelayMs.reset();
  impl.reconnecting = false;
  if (auto error = impl.openSocket()) {
    impl.setState(SignalingClientState::Closed);
    return error;
  }
  impl.setState(SignalingClientState::Connecting);
  return std::nullopt;
}

void SignalingClient::close() {
  RTCLAB_CHECK_HANDLE("SignalingClient::close");
  auto& impl = *impl_;
  if (impl.state == SignalingClientState::Closed) {
    return;
  }
  impl.reconnectTimer.cancel();
  impl.nextReconnectDelayMs.reset();
  impl.state = SignalingClientState::Closed; // first: socketLost() must not schedule a reconnect
  impl.socketLost("closed on purpose");
  impl.notify(impl.callbacks.stateChange, SignalingClientState::Closed);
}

void SignalingClient::join(std::string room, std::string name, std::string token) {
  join(protocol::Join{.room = std::move(room), .name = std::move(name), .token = std::move(token)});
}

void SignalingClient::join(protocol::Join request) {
  RTCLAB_CHECK_HANDLE("SignalingClient::join");
  impl_->joinRequest = std::move(request);
  if (impl_->state == SignalingClientState::Open) {
    impl_->send(impl_->joinRequest);
  }
}

void SignalingClient::leave() {
  RTCLAB_CHECK_HANDLE("SignalingClient::leave");
  impl_->joinRequest = protocol::Join{};
  impl_->you.clear();
  if (impl_->state == SignalingClientState::Open) {
    impl_->send(protocol::Leave{});
  }
}

SignalingClient::SendResult SignalingClient::send(const protocol::Message& message) {
  RTCLAB_CHECK_HANDLE("SignalingClient::send", kMovedFrom);
  return impl_->send(message);
}

SignalingClient::SendResult SignalingClient::sendText(std::string text) {
  RTCLAB_CHECK_HANDLE("SignalingClient::sendText", kMovedFrom);
  return impl_->transmit(text, true);
}

void SignalingClient::onStateChange(std::function<void(SignalingClientState)> callback) {
  RTCLAB_CHECK_HANDLE("SignalingClient::onStateChange");
  impl_->callbacks.stateChange = std::move(callback);
}
void SignalingClient::onJoined(std::function<void(const protocol::Joined&)> callback) {
  RTCLAB_CHECK_HANDLE("SignalingClient::onJoined");
  impl_->callbacks.joined = std::move(callback);
}
void SignalingClient::onPeerJoined(std::function<void(const protocol::PeerJoined&)> callback) {
  RTCLAB_CHECK_HANDLE("SignalingClient::onPeerJoined");
  impl_->callbacks.peerJoined = std::move(callback);
}
void SignalingClient::onPeerLeft(std::function<void(const protocol::PeerLeft&)> callback) {
  RTCLAB_CHECK_HANDLE("SignalingClient::onPeerLeft");
  impl_->callbacks.peerLeft = std::move(callback);
}
void SignalingClient::onOffer(std::function<void(const protocol::Offer&)> callback) {
  RTCLAB_CHECK_HANDLE("SignalingClient::onOffer");
  impl_->callbacks.offer = std::move(callback);
}
void SignalingClient::onAnswer(std::function<void(const protocol::Answer&)> callback) {
  RTCLAB_CHECK_HANDLE("SignalingClient::onAnswer");
  impl_->callbacks.answer = std::move(callback);
}
void SignalingClient::onCandidate(std::function<void(const protocol::Candidate&)> callback) {
  RTCLAB_CHECK_HANDLE("SignalingClient::onCandidate");
  impl_->callbacks.candidate = std::move(callback);
}
void SignalingClient::onError(std::function<void(const protocol::Error&)> callback) {
  RTCLAB_CHECK_HANDLE("SignalingClient::onError");
  impl_->callbacks.error = std::move(callback);
}
void SignalingClient::onMalformedMessage(
    std::function<void(const std::string&, const protocol::ParseError&)> callback) {
  RTCLAB_CHECK_HANDLE("SignalingClient::onMalformedMessage");
  impl_->callbacks.malformed = std::move(callback);
}
void SignalingClient::onRawMessage(
    std::function<void(MessageDirection, const std::string&)> callback) {
  RTCLAB_CHECK_HANDLE("SignalingClient::onRawMessage");
  impl_->callbacks.raw = std::move(callback);
}
void SignalingClient::onHeartbeat(std::function<void(double)> callback) {
  RTCLAB_CHECK_HANDLE("SignalingClient::onHeartbeat");
  impl_->callbacks.heartbeat = std::move(callback);
}

SignalingClientState SignalingClient::state() const {
  RTCLAB_CHECK_HANDLE("SignalingClient::state", SignalingClientState::Closed);
  return impl_->state;
}
const std::string& SignalingClient::url() const {
  RTCLAB_CHECK_HANDLE("SignalingClient::url", emptyText());
  return impl_->url;
}
const std::string& SignalingClient::room() const {
  RTCLAB_CHECK_HANDLE("SignalingClient::room", emptyText());
  return impl_->joinRequest.room;
}
const std::string& SignalingClient::name() const {
  RTCLAB_CHECK_HANDLE("SignalingClient::name", emptyText());
  return impl_->joinRequest.name;
}
const std::string& SignalingClient::you() const {
  RTCLAB_CHECK_HANDLE("SignalingClient::you", emptyText());
  return impl_->you;
}
int SignalingClient::reconnectAttempts() const {
  RTCLAB_CHECK_HANDLE("SignalingClient::reconnectAttempts", 0);
  return impl_->reconnectAttempts;
}
int SignalingClient::successfulReconnects() const {
  RTCLAB_CHECK_HANDLE("SignalingClient::successfulReconnects", 0);
  return impl_->successfulReconnects;
}
std::optional<double> SignalingClient::nextReconnectDelayMs() const {
  RTCLAB_CHECK_HANDLE("SignalingClient::nextReconnectDelayMs", std::nullopt);
  return impl_->nextReconnectDelayMs;
}
std::optional<double> SignalingClient::lastRttMs() const {
  RTCLAB_CHECK_HANDLE("SignalingClient::lastRttMs", std::nullopt);
  return impl_->heartbeat.lastRttMs();
}
const std::string& SignalingClient::lastDisconnectReason() const {
  RTCLAB_CHECK_HANDLE("SignalingClient::lastDisconnectReason", emptyText());
  return impl_->lastDisconnectReason;
}

} // namespace rtclab
