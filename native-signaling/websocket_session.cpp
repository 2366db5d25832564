#include "websocket_session.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "client_address.hpp"
#include "fail.hpp"
#include "log.hpp"
#include "participant.hpp"
#include "rate_limiter.hpp"
#include "small_first_read_buffer.hpp"
#include "write_queue.hpp"

namespace rtclab::server {
namespace {

using namespace std::chrono_literals;
using protocol::CloseCode;
using Clock = std::chrono::steady_clock;

constexpr auto kHandshakeTimeout = 10s; // for the opening and the closing handshake

// NextLayer: tcp::socket, or TlsStream with --tls; everything else is the same over both.
template <class NextLayer>
class WebSocketSession final : public Participant,
                               public Connection,
                               public std::enable_shared_from_this<WebSocketSession<NextLayer>> {
public:
  WebSocketSession(NextLayer stream, ServerContext& context, std::string urlToken)
      : ws_(std::move(stream)), context_(context),
        rateLimiter_(context.options.maxMessagesPerSecond, messageBurstFor(context.options),
                     Clock::now()),
        registration_(context.connections, *this, limitKeyFor(socket(), context.options)),
        queue_(context.options.maxQueuedBytes), slowConsumerTimer_(ws_.get_executor()),
        activityTimer_(ws_.get_executor()), urlToken_(std::move(urlToken)),
        busyTotalAtLastAdmit_(context.messageProcessingTime) {}

  void start(Request upgradeRequest) {
    asio::co_spawn(ws_.get_executor(), run(this->shared_from_this(), std::move(upgradeRequest)),
                   asio::detached);
  }

  void deliver(std::string message) override;
  std::string_view urlToken() const override { return urlToken_; }
  void shutdown() override { closeWith(CloseCode::goingAway, "server shutting down"); }
  void abort() override {
    open_ = false;
    error_code ignored;
    socket().close(ignored);
  }

private:
  tcp::socket& socket() { return rawSocket(beast::get_lowest_layer(ws_)); }
  static asio::awaitable<void> run(std::shared_ptr<WebSocketSession> self, Request request);
  // Sends a close frame after whatever is already queued, then ignores further deliveries.
  void closeWith(CloseCode code, std::string_view reason);
  void startWriter();
  // The writer: one completion handler after another while the queue has messages, then the
  // pending close. A chain of handlers, not a coroutine: most bursts are one message, and a
  // coroutine per burst cost more than relaying the message itself (callgrind, bench/README.md).
  void writeNext();
  void onWritten(const error_code& ec);
  void handleMessage();
  void onControlFrame(websocket::frame_type kind);
  // Counts one frame against the rate limit; false if the frame must be dropped.
  bool admit(bool isControlFrame);
  void dropAsSlowConsumer(std::string_view why);
  void armSlowConsumerTimer();
  void watchActivity();

  websocket::stream<NextLayer> ws_;
  SmallFirstReadBuffer buffer_;
  ServerContext& context_;
  RateLimiter rateLimiter_;
  ConnectionRegistration registration_;
  WriteQueue queue_; // queue_.front() is being written while writing_
  asio::steady_timer slowConsumerTimer_;
  asio::steady_timer activityTimer_;
  std::string urlToken_;
  Clock::duration busyTotalAtLastAdmit_;
  Clock::time_point lastFrameAt_;
  Clock::time_point openedAt_;
  bool joinedOnce_ = false; // watchActivity() stops checking the join deadline once it is met
  bool writing_ = false;
  bool open_ = false; // handshake done, close not yet started
  bool timedOut_ = false;
  std::optional<websocket::close_reason> pendingClose_;
};

template <class NextLayer>
asio::awaitable<void>
WebSocketSession<NextLayer>::run(std::shared_ptr<WebSocketSession<NextLayer>> self,
                                 Request request) {
  auto& ws = self->ws_;
  const auto& options = self->context_.options;
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = kHandshakeTimeout;
  timeouts.idle_timeout = std::chrono::seconds(options.idleTimeoutSeconds);
  timeouts.keep_alive_pings = true; // ping at half the idle timeout; no answer -> timeout
  ws.set_option(timeouts);
  ws.read_message_max(options.maxMessageBytes); // Beast closes bigger messages with 1009
  // Raw pointer: the callback lives inside ws_, which the session owns.
  ws.control_callback([session = self.get()](websocket::frame_type kind, beast::string_view) {
    session->onControlFrame(kind);
  });

  error_code ec;
  co_await ws.async_accept(request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    fail(ec, "ws-accept");
    co_return;
  }
  request = {}; // the frame lives as long as the connection: free the upgrade headers now
  self->open_ = true;
  if (self->context_.stopping) // accepted as the server stops: it still says goodbye
    self->closeWith(CloseCode::goingAway, "server shutting down");
  LogLine(LogLevel::debug, "ws-open").field("connections", self->context_.connections.size());
  self->openedAt_ = self->lastFrameAt_ = Clock::now();
  self->watchActivity();

  for (;;) {
    co_await ws.async_read(self->buffer_, asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
      break;
    const auto processingStart = Clock::now();
    self->lastFrameAt_ = processingStart;
    self->handleMessage();
    self->context_.messageProcessingTime += Clock::now() - processingStart;
    // The message closed the connection (a flood, say): Beast's close reads until the peer's
    // close frame by itself, and a read of ours started now would race it (a debug Beast asserts
    // in read_size_hint_pmd when our read starts mid-frame of the close's draining).
    if (!self->open_)
      break;
  }

  const bool timedOut = ec == beast::error::timeout || self->timedOut_;
  if (ec == websocket::error::message_too_big) {
    LogLine(LogLevel::warn, "closed")
        .field("peer", self->context_.signaling.peerIdOf(*self))
        .field("reason", "message-too-big")
        .field("code", static_cast<std::uint64_t>(CloseCode::messageTooBig));
  } else if (!timedOut) {
    fail(ec, "ws-read");
  }
  const bool weAreClosing = !ec && !self->open_;
  self->open_ = false; // a writer still in flight ends on its own when the socket goes
  if (!weAreClosing) // a close still flushing the queue keeps its slow-consumer watch
    self->slowConsumerTimer_.cancel();
  self->activityTimer_.cancel();
  self->context_.signaling.disconnect(*self, timedOut ? protocol::LeaveReason::timeout
                                                      : protocol::LeaveReason::disconnected);
}

template <class NextLayer> bool WebSocketSession<NextLayer>::admit(bool isControlFrame) {
  // The server is single-threaded: any time it spent on messages since this connection's last
  // frame, it was not reading this connection (see rate_limiter.hpp).
  const Clock::duration busy = context_.messageProcessingTime - busyTotalAtLastAdmit_;
  busyTotalAtLastAdmit_ = context_.messageProcessingTime;
  auto& signaling = context_.signaling;
  switch (rateLimiter_.admit(Clock::now(), busy)) {
  case RateLimiter::Verdict::accept:
    return true;
  case RateLimiter::Verdict::reject:
    if (!isControlFrame) // a ping flood gets no replies, only the disconnect below
      signaling.sendError(*this, protocol::ErrorCode::rateLimited,
                          "over " + std::to_string(context_.options.maxMessagesPerSecond) +
                              " messages per second; message dropped");
    return false;
  case RateLimiter::Verdict::disconnect:
    LogLine(LogLevel::warn, "closed")
        .field("peer", signaling.peerIdOf(*this))
        .field("reason", isControlFrame ? "flooding-control-frames" : "flooding")
        .field("code", static_cast<std::uint64_t>(CloseCode::policyViolation));
    closeWith(CloseCode::policyViolation, "message rate limit exceeded");
    return false;
  }
  return false;
}

template <class NextLayer>
void WebSocketSession<NextLayer>::onControlFrame(websocket::frame_type kind) {
  if (kind == websocket::frame_type::close || !open_)
    return;
  lastFrameAt_ = Clock::now(); // a pong answering our keep-alive ping proves the peer is there
  admit(true);
}

template <class NextLayer> void WebSocketSession<NextLayer>::handleMessage() {
  if (!open_) {
    buffer_.release(); // closing: read only to finish the close handshake
    return;
  }
  if (admit(false)) {
    if (ws_.got_text()) {
      context_.signaling.receive(*this, buffer_.text());
    } else {
      context_.signaling.sendError(*this, protocol::ErrorCode::notJson,
                                   "binary messages are not part of the protocol; send JSON text");
    }
  }
  // Give the message's memory back instead of keeping it for the next read: most connections
  // are idle most of the time, and a large SDP would otherwise stay allocated for good. The
  // price, one malloc and free per message, is ~1 % of the instructions a relayed message costs
  // (callgrind).
  buffer_.release();
}

// Beast's idle timeout restarts on every byte received, so a client trickling one byte every
// few seconds never times out on its own. This one restarts only on a whole frame: a message,
// or a ping/pong (a browser answers our keep-alive pings, so a quiet browser stays). One timer,
// re-armed only when it fires, so a busy connection does not touch it per message.
//
// The same timer enforces --join-timeout: a connection answering pings but never joining would
// otherwise hold its slot (and, many of them, --max-connections) for as long as it likes.
template <class NextLayer> void WebSocketSession<NextLayer>::watchActivity() {
  const auto idleLimit = std::chrono::seconds(context_.options.idleTimeoutSeconds);
  const auto joinDeadline = openedAt_ + std::chrono::seconds(context_.options.joinTimeoutSeconds);
  activityTimer_.expires_at(joinedOnce_ ? lastFrameAt_ + idleLimit
                                        : std::min(lastFrameAt_ + idleLimit, joinDeadline));
  activityTimer_.async_wait(
      [self = this->shared_from_this(), idleLimit, joinDeadline](const error_code& ec) {
        if (ec || !self->socket().is_open())
          return;
        const auto now = Clock::now();
        if (!self->joinedOnce_ && !self->context_.signaling.peerIdOf(*self).empty())
          self->joinedOnce_ = true;
        if (!self->joinedOnce_ && now >= joinDeadline) {
          LogLine(LogLevel::debug, "closed").field("reason", "join-timeout");
          self->closeWith(CloseCode::policyViolation, "join a room within --join-timeout");
          return;
        }
        if (now - self->lastFrameAt_ < idleLimit) {
          self->watchActivity();
          return;
        }
        self->timedOut_ = true;
        self->abort(); // the pending read ends and run() reports the timeout
      });
}

template <class NextLayer> void WebSocketSession<NextLayer>::deliver(std::string message) {
  if (!open_)
    return;
  const auto now = Clock::now();
  const auto limit = std::chrono::milliseconds(context_.options.slowConsumerTimeoutMs);
  if (queue_.oldestWait(now) >= limit) {
    dropAsSlowConsumer("oldest-message-too-old");
    return;
  }
  if (!queue_.push(std::move(message), now)) {
    dropAsSlowConsumer("queue-full");
    return;
  }
  startWriter();
}

template <class NextLayer>
void WebSocketSession<NextLayer>::dropAsSlowConsumer(std::string_view why) {
  LogLine(LogLevel::warn, "closed")
      .field("peer", context_.signaling.peerIdOf(*this))
      .field("reason", "slow-consumer")
      .field("detail", why)
      .field("queued-bytes", queue_.bytes());
  if (!writing_) // else the write in flight still points into the queue: the writer clears it
    queue_.clear();
  abort(); // the peer is not reading, so a close frame would never get through either
}

template <class NextLayer> void WebSocketSession<NextLayer>::armSlowConsumerTimer() {
  const auto limit = std::chrono::milliseconds(context_.options.slowConsumerTimeoutMs);
  slowConsumerTimer_.expires_after(limit - queue_.oldestWait(Clock::now()));
  slowConsumerTimer_.async_wait([self = this->shared_from_this(), limit](const error_code& ec) {
    if (ec || self->queue_.empty() || !self->socket().is_open())
      return;
    if (self->queue_.oldestWait(Clock::now()) >= limit)
      self->dropAsSlowConsumer("oldest-message-too-old");
    else
      self->armSlowConsumerTimer(); // the write it was watching finished; watch the next
  });
}

template <class NextLayer>
void WebSocketSession<NextLayer>::closeWith(CloseCode code, std::string_view reason) {
  if (!open_) {
    if (!ws_.is_open()) { // handshake not finished: nothing to say goodbye on
      error_code ignored;
      socket().close(ignored);
    }
    return;
  }
  open_ = false;
  pendingClose_ = websocket::close_reason(static_cast<websocket::close_code>(code),
                                          beast::string_view(reason.data(), reason.size()));
  startWriter();
}

template <class NextLayer> void WebSocketSession<NextLayer>::startWriter() {
  if (writing_)
    return;
  // The writer exists only while there is something to send: an idle connection holds no
  // write in flight.
  writing_ = true;
  if (!queue_.empty())
    armSlowConsumerTimer();
  writeNext();
}

template <class NextLayer> void WebSocketSession<NextLayer>::writeNext() {
  if (!queue_.empty()) {
    ws_.async_write(asio::buffer(queue_.front()),
                    [self = this->shared_from_this()](const error_code& ec, std::size_t) {
                      self->onWritten(ec);
                    });
    return;
  }
  slowConsumerTimer_.cancel();
  if (pendingClose_) {
    auto reason = *std::exchange(pendingClose_, std::nullopt);
    ws_.async_close(reason, [self = this->shared_from_this()](const error_code& ec) {
      fail(ec, "ws-close");
      self->writing_ = false;
    });
    return;
  }
  writing_ = false;
}

template <class NextLayer> void WebSocketSession<NextLayer>::onWritten(const error_code& ec) {
  if (ec) {
    slowConsumerTimer_.cancel();
    fail(ec, "ws-write");
    queue_.clear();
    open_ = false;
    writing_ = false;
    return;
  }
  if (!queue_.empty()) // empty: dropped as a slow consumer meanwhile
    queue_.pop();      // sent: nothing already written stays queued
  writeNext();
}

} // namespace

void startWebSocketSession(tcp::socket socket, Request upgradeRequest, std::string urlToken,
                           ServerContext& context) {
  std::make_shared<WebSocketSession<tcp::socket>>(std::move(socket), context, std::move(urlToken))
      ->start(std::move(upgradeRequest));
}

void startWebSocketSession(TlsStream stream, Request upgradeRequest, std::string urlToken,
                           ServerContext& context) {
  std::make_shared<WebSocketSession<TlsStream>>(std::move(stream), context, std::move(urlToken))
      ->start(std::move(upgradeRequest));
}

} // namespace rtclab::server
