#include "websocket_session.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fail.hpp"
#include "log.hpp"
#include "participant.hpp"
#include "rate_limiter.hpp"

namespace rtclab::server {
namespace {

using namespace std::chrono_literals;
using protocol::CloseCode;

constexpr auto kHandshakeTimeout = 10s; // for the opening and the closing handshake
// A peer that does not read its messages is cut off rather than letting its queue grow.
constexpr std::size_t kMaxQueuedMessages = 1024;

// The buffer Beast reads each message into. Beast's read allocates its first piece as soon as
// the read *starts*, sized by max_size() - size() up to 1,536 bytes, and an idle connection
// always has a read pending: 10,000 idle connections held 15 MB of empty buffers that way.
// While empty, this buffer claims room for only kFirstReadBytes, enough for a typical offer,
// answer or candidate (~200 bytes); Beast then asks for more, as usual, for anything longer
// (it reads a message in as many pieces as it needs; the size limit is read_message_max()).
class SmallFirstReadBuffer {
public:
  using const_buffers_type = beast::flat_buffer::const_buffers_type;
  using mutable_buffers_type = beast::flat_buffer::mutable_buffers_type;

  std::size_t size() const { return buffer_.size(); }
  std::size_t max_size() const {
    return buffer_.size() == 0 ? kFirstReadBytes : buffer_.max_size();
  }
  std::size_t capacity() const { return buffer_.capacity(); }
  const_buffers_type data() const { return buffer_.data(); }
  mutable_buffers_type prepare(std::size_t n) { return buffer_.prepare(n); }
  void commit(std::size_t n) { buffer_.commit(n); }
  void consume(std::size_t n) { buffer_.consume(n); }

  std::string_view text() const {
    const auto data = buffer_.cdata();
    return {static_cast<const char*>(data.data()), data.size()};
  }
  // Gives the memory back instead of keeping it for the next read (see handleMessage()).
  void release() {
    buffer_.consume(buffer_.size());
    buffer_.shrink_to_fit();
  }

private:
  static constexpr std::size_t kFirstReadBytes = 256;
  beast::flat_buffer buffer_;
};

class WebSocketSession final : public Participant,
                               public Connection,
                               public std::enable_shared_from_this<WebSocketSession> {
public:
  WebSocketSession(tcp::socket socket, ServerContext& context)
      : ws_(std::move(socket)), context_(context),
        rateLimiter_(context.options.maxMessagesPerSecond, RateLimiter::Clock::now()),
        registration_(context.connections, *this) {}

  void start(Request upgradeRequest) {
    asio::co_spawn(ws_.get_executor(), run(shared_from_this(), std::move(upgradeRequest)),
                   asio::detached);
  }

  void deliver(std::string message) override;
  void shutdown() override { closeWith(CloseCode::goingAway, "server shutting down"); }
  void abort() override {
    open_ = false;
    error_code ignored;
    ws_.next_layer().close(ignored);
  }

private:
  static asio::awaitable<void> run(std::shared_ptr<WebSocketSession> self, Request request);
  // Sends a close frame after whatever is already queued, then ignores further deliveries.
  void closeWith(CloseCode code, std::string_view reason);
  void startWriter();
  static asio::awaitable<void> writeQueued(std::shared_ptr<WebSocketSession> self);
  void handleMessage();

  websocket::stream<tcp::socket> ws_;
  SmallFirstReadBuffer buffer_;
  ServerContext& context_;
  RateLimiter rateLimiter_;
  ConnectionRegistration registration_;

  std::vector<std::string> queue_; // queue_[queueHead_] is being written
  std::size_t queueHead_ = 0;
  bool writing_ = false;
  bool open_ = false; // handshake done, close not yet started
  std::optional<websocket::close_reason> pendingClose_;
};

asio::awaitable<void> WebSocketSession::run(std::shared_ptr<WebSocketSession> self,
                                            Request request) {
  auto& ws = self->ws_;
  const auto& options = self->context_.options;
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = kHandshakeTimeout;
  timeouts.idle_timeout = std::chrono::seconds(options.idleTimeoutSeconds);
  timeouts.keep_alive_pings = true; // ping at half the idle timeout; no answer -> timeout
  ws.set_option(timeouts);
  ws.read_message_max(options.maxMessageBytes); // Beast closes bigger messages with 1009

  error_code ec;
  co_await ws.async_accept(request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    fail(ec, "ws-accept");
    co_return;
  }
  request = {}; // the frame lives as long as the connection: free the upgrade headers now
  if (self->context_.stopping) {
    self->closeWith(CloseCode::goingAway, "server shutting down");
  } else {
    self->open_ = true;
  }
  LogLine(LogLevel::debug, "ws-open").field("connections", self->context_.connections.size());

  for (;;) {
    co_await ws.async_read(self->buffer_, asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
      break;
    self->handleMessage();
  }

  const bool timedOut = ec == beast::error::timeout;
  if (ec == websocket::error::message_too_big) {
    LogLine(LogLevel::warn, "closed")
        .field("peer", self->context_.signaling.peerIdOf(*self))
        .field("reason", "message-too-big")
        .field("code", static_cast<std::uint64_t>(CloseCode::messageTooBig));
  } else if (!timedOut) {
    fail(ec, "ws-read");
  }
  self->open_ = false; // a writer still in flight ends on its own when the socket goes
  self->context_.signaling.disconnect(*self, timedOut ? protocol::LeaveReason::timeout
                                                      : protocol::LeaveReason::disconnected);
}

void WebSocketSession::handleMessage() {
  auto& signaling = context_.signaling;
  if (!open_) {
    buffer_.release(); // closing: read only to finish the close handshake
    return;
  }
  switch (rateLimiter_.admit(RateLimiter::Clock::now())) {
  case RateLimiter::Verdict::accept:
    if (ws_.got_text()) {
      signaling.receive(*this, buffer_.text());
    } else {
      signaling.sendError(*this, protocol::ErrorCode::notJson,
                          "binary messages are not part of the protocol; send JSON text");
    }
    break;
  case RateLimiter::Verdict::reject:
    signaling.sendError(*this, protocol::ErrorCode::rateLimited,
                        "over " + std::to_string(context_.options.maxMessagesPerSecond) +
                            " messages per second; message dropped");
    break;
  case RateLimiter::Verdict::disconnect:
    LogLine(LogLevel::warn, "closed")
        .field("peer", signaling.peerIdOf(*this))
        .field("reason", "flooding")
        .field("code", static_cast<std::uint64_t>(CloseCode::policyViolation));
    closeWith(CloseCode::policyViolation, "message rate limit exceeded");
    break;
  }
  // Give the message's memory back instead of keeping it for the next read: most connections
  // are idle most of the time, and a large SDP would otherwise stay allocated for good. The
  // price, one malloc and free per message, is ~1 % of the instructions a relayed message costs
  // (callgrind).
  buffer_.release();
}

void WebSocketSession::deliver(std::string message) {
  if (!open_)
    return;
  if (queue_.size() - queueHead_ >= kMaxQueuedMessages) {
    LogLine(LogLevel::warn, "closed")
        .field("peer", context_.signaling.peerIdOf(*this))
        .field("reason", "slow-consumer");
    abort(); // the peer is not reading, so a close frame would never get through either
    return;
  }
  queue_.push_back(std::move(message));
  startWriter();
}

void WebSocketSession::closeWith(CloseCode code, std::string_view reason) {
  if (!open_) {
    if (!ws_.is_open()) { // handshake not finished: nothing to say goodbye on
      error_code ignored;
      ws_.next_layer().close(ignored);
    }
    return;
  }
  open_ = false;
  pendingClose_ = websocket::close_reason(static_cast<websocket::close_code>(code),
                                          beast::string_view(reason.data(), reason.size()));
  startWriter();
}

void WebSocketSession::startWriter() {
  if (writing_)
    return;
  // The writer exists only while there is something to send: an idle connection holds no
  // writer coroutine.
  writing_ = true;
  asio::co_spawn(ws_.get_executor(), writeQueued(shared_from_this()), asio::detached);
}

asio::awaitable<void> WebSocketSession::writeQueued(std::shared_ptr<WebSocketSession> self) {
  error_code ec;
  while (self->queueHead_ < self->queue_.size()) {
    co_await self->ws_.async_write(asio::buffer(self->queue_[self->queueHead_]),
                                   asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
      break;
    ++self->queueHead_;
  }
  self->queue_.clear();
  self->queueHead_ = 0;
  if (ec) {
    fail(ec, "ws-write");
    self->open_ = false;
  } else if (self->pendingClose_) {
    auto reason = *std::exchange(self->pendingClose_, std::nullopt);
    co_await self->ws_.async_close(reason, asio::redirect_error(asio::use_awaitable, ec));
    fail(ec, "ws-close");
  }
  self->writing_ = false;
}

} // namespace

void startWebSocketSession(tcp::socket socket, Request upgradeRequest, ServerContext& context) {
  std::make_shared<WebSocketSession>(std::move(socket), context)->start(std::move(upgradeRequest));
}

} // namespace rtclab::server
