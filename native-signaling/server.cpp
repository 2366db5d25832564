#include "server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string_view>
#include <utility>

#include "client_address.hpp"
#include "fail.hpp"
#include "http_session.hpp"
#include "log.hpp"
#include "memory_release.hpp"
#include "tls_stream.hpp"

namespace rtclab::server {
namespace {

using namespace std::chrono_literals;

constexpr auto kShutdownGrace = 2s;
constexpr auto kFirstAcceptBackoff = 10ms;
constexpr auto kMaxAcceptBackoff = 1s;
constexpr std::string_view kServiceUnavailable =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n"
    "Connection: close\r\nRetry-After: 5\r\n\r\nserver at capacity\r\n";

// Returning freed memory to the OS (trimMemoryIfConnectionsLeft()): looked at once a second,
// done only when at least kMinTrimDrop connections, and at least half of those open at the peak
// since the last trim, have gone, and the count has held still for one interval.
constexpr auto kMemoryTrimCheckInterval = 1s;
constexpr std::size_t kMinTrimDrop = 64;

bool outOfDescriptors(const error_code& ec) {
  return ec == asio::error::no_descriptors || ec.value() == ENFILE ||
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

// Best effort, never blocks: a refused client learns why instead of seeing a bare close.
// The caller closes `fd`.
void sendServiceUnavailable(int fd) {
  ::send(fd, kServiceUnavailable.data(), kServiceUnavailable.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
}

std::unique_ptr<ssl::context> makeTlsContext(const ServerOptions& options) {
  auto tls = std::make_unique<ssl::context>(ssl::context::tls_server);
  // TLS 1.2 and 1.3 only: every browser that has getUserMedia speaks them.
  tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  tls->use_certificate_chain_file(options.certFile);
  tls->use_private_key_file(options.keyFile, ssl::context::pem);
  return tls;
}

} // namespace

Server::Server(asio::io_context& io, const ServerOptions& options)
    : io_(io), context_(options), tls_(options.tls ? makeTlsContext(options) : nullptr),
      acceptor_(io), signals_(io, SIGINT, SIGTERM), shutdownDeadline_(io), acceptBackoff_(io),
      memoryTrimTimer_(io), refusedLog_(1s), acceptErrorLog_(1s),
      spareDescriptor_(::open("/dev/null", O_RDONLY | O_CLOEXEC)) {
  tcp::endpoint endpoint(asio::ip::make_address(options.host), options.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

Server::~Server() {
  if (spareDescriptor_ >= 0)
    ::close(spareDescriptor_);
}

void Server::start() {
  asio::co_spawn(io_, acceptLoop(), asio::detached);
  signals_.async_wait([this](const error_code& ec, int signalNumber) {
    if (ec)
      return;
    LogLine(LogLevel::info, "signal")
        .field("signal", signalNumber == SIGINT ? "SIGINT" : "SIGTERM");
    stop();
  });
  scheduleMemoryTrim();
}

void Server::scheduleMemoryTrim() {
  memoryTrimTimer_.expires_after(kMemoryTrimCheckInterval);
  memoryTrimTimer_.async_wait([this](const error_code& ec) {
    if (ec || context_.stopping)
      return;
    trimMemoryIfConnectionsLeft();
    scheduleMemoryTrim();
  });
}

// Why: a connection's memory (session, Beast stream and buffers, coroutine frames, queued
// messages, room entries) is hundreds of small blocks spread over the heap, and the allocator
// keeps what they free for reuse. After a crowd has gone (the soak's 1,000 clients) the server
// would stay near its peak; releaseFreeMemory() (memory_release.cpp) gives the pages back.
// It walks the free memory, so it runs from this once-a-second timer, never on a message, and
// only after a large fraction of the connections has gone since the last release: a steady
// load (churn included) never pays for it.
void Server::trimMemoryIfConnectionsLeft() {
  auto& connections = context_.connections;
  const std::size_t now = connections.size();
  const std::size_t peak = connections.peak();
  const std::size_t atLastCheck = std::exchange(connectionsAtLastTrimCheck_, now);
  // Wait until the closing has settled (no change for one interval): a trim in the middle of
  // a wave of closes (the soak's clients leave over a few seconds) leaves the pages of the
  // connections still open pinned, and the peak it resets keeps the next trim from coming.
  if (peak - now < kMinTrimDrop || now > peak / 2 || now != atLastCheck)
    return;
  connections.resetPeak();
  const MemoryRelease release = releaseFreeMemory();
  LogLine(LogLevel::info, "memory-released")
      .field("allocator", release.allocator)
      .field("connections", now)
      .field("peak-connections", peak)
      .field("allocated-kib", release.allocatedKiB)
      .field("rss-before-kib", release.residentBeforeKiB)
      .field("rss-after-kib", release.residentAfterKiB)
      .field("micros", static_cast<std::uint64_t>(release.micros));
}

void Server::stop() {
  if (context_.stopping)
    return;
  context_.stopping = true;
  error_code ignored;
  acceptor_.close(ignored);
  acceptBackoff_.cancel();
  memoryTrimTimer_.cancel();
  signals_.cancel(ignored);
  LogLine(LogLevel::info, "stopping").field("connections", context_.connections.size());
  context_.connections.shutdownAll();
  // A peer that stopped reading would hold its close handshake (and io.run()) forever.
  shutdownDeadline_.expires_after(kShutdownGrace);
  shutdownDeadline_.async_wait([this](const error_code& ec) {
    if (!ec)
      context_.connections.abortAll();
  });
  context_.connections.whenEmpty([this] { shutdownDeadline_.cancel(); });
}

void Server::refuseWaitingClientsWithoutDescriptors() {
  // The listen queue holds clients we cannot take: with no descriptor left, give up the spare
  // one for a moment, take the waiting clients off the queue one by one and refuse each, so
  // they are told now instead of hanging until they give up.
  constexpr int kMaxRefusalsPerRound = 256;
  if (spareDescriptor_ < 0)
    return;
  ::close(spareDescriptor_);
  const int listener = acceptor_.native_handle();
  for (int i = 0; i < kMaxRefusalsPerRound; ++i) {
    pollfd waiting{listener, POLLIN, 0};
    if (::poll(&waiting, 1, 0) <= 0) // nobody waiting: never block the event loop here
      break;
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0)
      break;
    sendServiceUnavailable(fd);
    ::close(fd);
  }
  spareDescriptor_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

void Server::logRefused(std::string_view reason) {
  if (auto heldBack = refusedLog_.admit(LogThrottle::Clock::now())) {
    LogLine(LogLevel::warn, "refused")
        .field("reason", reason)
        .field("connections", context_.connections.size())
        .field("also-refused-since-last-line", *heldBack);
  }
}

asio::awaitable<void> Server::acceptLoop() {
  auto backoff = std::chrono::steady_clock::duration(kFirstAcceptBackoff);
  while (!context_.stopping) {
    error_code ec;
    tcp::socket socket =
        co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || context_.stopping)
      break;
    if (ec) {
      if (auto heldBack = acceptErrorLog_.admit(LogThrottle::Clock::now())) {
        LogLine(LogLevel::warn, "io-error")
            .field("what", "accept")
            .field("error", ec.message())
            .field("repeats-since-last-line", *heldBack);
      }
      if (!outOfDescriptors(ec))
        continue; // e.g. the client gave up while queued: the next one may be fine
      // Retrying at once would fail again at once: 100 % CPU and a log flood. Refuse the
      // waiting clients and wait, longer each time, for connections to close.
      refuseWaitingClientsWithoutDescriptors();
      acceptBackoff_.expires_after(backoff);
      co_await acceptBackoff_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      backoff = std::min<std::chrono::steady_clock::duration>(backoff * 2, kMaxAcceptBackoff);
      continue;
    }
    backoff = kFirstAcceptBackoff;
    // Refusing early costs the least: no session, no buffers. The per-address limit keeps one
    // client (1,000 idle connections, each in a room of its own) from using up every
    // connection and every room.
    const bool full = context_.connections.full();
    if (full || context_.connections.fullFor(limitKeyFor(socket, context_.options))) {
      logRefused(full ? "max-connections" : "max-connections-per-address");
      sendServiceUnavailable(socket.native_handle());
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    if (tls_)
      asio::co_spawn(io_, runHttpsSession(std::move(socket), *tls_, context_), asio::detached);
    else
      asio::co_spawn(io_, runHttpSession(std::move(socket), context_), asio::detached);
  }
}

} // namespace rtclab::server
