// rtclab-bench-floor: the least a WebSocket relay can do, on the same I/O as rtclab-server, so
// that `make bench` can say how much of rtclab-server's cost is its own and how much is Beast's
// and the kernel's (the floor's figures).
//
// A client connects to /ws?room=NAME. The first two connections of a room are partners, and
// every text frame one of them sends goes to the other verbatim: no JSON, no ids, no limits.
// Once a connection has its seat in the room the floor sends it one text frame, "joined" (the
// generator's readiness rule, bench/README.md "Dialects"), so that a connection setup costs a
// frame each way, as a join does on the other servers. A third connection to a room is closed.
//
// The I/O matches rtclab-server's (native-signaling/websocket_session.cpp, write_queue.cpp):
// one io_context thread without locks, a coroutine per connection reading whole messages, and a
// per-connection queue of std::string with one write in flight, popped when its write completes,
// written by a chain of completion handlers.
//
//   rtclab-bench-floor [--host 127.0.0.1] [--port 0]
//   -> rtclab-bench-floor listening on http://127.0.0.1:PORT
//
// SIGINT or SIGTERM stops it.

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <charconv>
#include <cstdio>
#include <deque>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using namespace std::chrono_literals;

constexpr std::string_view kTargetPrefix = "/ws?room=";
constexpr std::string_view kJoined = "joined";

// Errors that are how connections normally end are not worth a line (Beast's examples' fail()).
void fail(const error_code& ec, std::string_view what) {
  if (!ec || ec == net::error::operation_aborted || ec == websocket::error::closed ||
      ec == net::error::eof || ec == http::error::end_of_stream ||
      ec == net::error::connection_reset || ec == net::error::broken_pipe)
    return;
  std::cerr << "rtclab-bench-floor: " << what << ": " << ec.message() << "\n";
}

class Session;

// A room holds two seats; the sessions in them are partners.
struct Seats {
  Session* first = nullptr;
  Session* second = nullptr;
};
using Rooms = std::unordered_map<std::string, Seats>;

class Session : public std::enable_shared_from_this<Session> {
public:
  Session(tcp::socket socket, Rooms& rooms) : ws_(std::move(socket)), rooms_(rooms) {}

  static net::awaitable<void> run(std::shared_ptr<Session> self);

  // Queues `message` for this session's client (the partner's frame, or "joined").
  void deliver(std::string message);

private:
  net::awaitable<bool> acceptUpgrade();
  bool takeSeat();
  void leaveSeat();
  void startWriter();
  void writeNext();

  websocket::stream<tcp::socket> ws_;
  beast::flat_buffer buffer_;
  Rooms& rooms_;
  std::string room_;
  Session* partner_ = nullptr;    // set and cleared by takeSeat()/leaveSeat() of either side
  std::deque<std::string> queue_; // front() is being written while writing_
  bool writing_ = false;
  bool open_ = false;
};

net::awaitable<void> Session::run(std::shared_ptr<Session> self) {
  if (!co_await self->acceptUpgrade())
    co_return;
  if (!self->takeSeat()) {
    error_code ec;
    co_await self->ws_.async_close(
        websocket::close_reason(websocket::close_code::try_again_later, "room full"),
        net::redirect_error(net::use_awaitable, ec));
    co_return;
  }
  self->open_ = true;
  self->deliver(std::string(kJoined));

  error_code ec;
  for (;;) {
    co_await self->ws_.async_read(self->buffer_, net::redirect_error(net::use_awaitable, ec));
    if (ec)
      break;
    if (self->ws_.got_text() && self->partner_ != nullptr)
      self->partner_->deliver(beast::buffers_to_string(self->buffer_.cdata()));
    self->buffer_.consume(self->buffer_.size());
  }
  fail(ec, "ws-read");
  self->open_ = false; // a writer still in flight ends on its own when the socket goes
  self->leaveSeat();
}

net::awaitable<bool> Session::acceptUpgrade() {
  auto& socket = ws_.next_layer();
  beast::flat_buffer requestBuffer;
  http::request<http::string_body> request;
  error_code ec;
  co_await http::async_read(socket, requestBuffer, request,
                            net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    fail(ec, "http-read");
    co_return false;
  }
  const std::string_view target(request.target().data(), request.target().size());
  if (!websocket::is_upgrade(request) || !target.starts_with(kTargetPrefix) ||
      target.size() == kTargetPrefix.size()) {
    http::response<http::string_body> refusal{http::status::not_found, request.version()};
    refusal.set(http::field::content_type, "text/plain");
    refusal.body() = "the relay is at /ws?room=NAME\n";
    refusal.prepare_payload();
    refusal.keep_alive(false);
    co_await http::async_write(socket, refusal, net::redirect_error(net::use_awaitable, ec));
    socket.close(ec);
    co_return false;
  }
  room_ = target.substr(kTargetPrefix.size());
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(65536); // rtclab-server's default --max-message-bytes
  co_await ws_.async_accept(request, net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    fail(ec, "ws-accept");
    co_return false;
  }
  co_return true;
}

bool Session::takeSeat() {
  Seats& seats = rooms_[room_];
  Session*& seat = seats.first == nullptr ? seats.first : seats.second;
  if (seat != nullptr)
    return false; // both seats taken
  seat = this;
  Session* other = seats.first == this ? seats.second : seats.first;
  if (other != nullptr) {
    partner_ = other;
    other->partner_ = this;
  }
  return true;
}

void Session::leaveSeat() {
  const auto room = rooms_.find(room_);
  if (room == rooms_.end())
    return;
  Seats& seats = room->second;
  (seats.first == this ? seats.first : seats.second) = nullptr;
  if (partner_ != nullptr)
    partner_->partner_ = nullptr;
  partner_ = nullptr;
  if (seats.first == nullptr && seats.second == nullptr)
    rooms_.erase(room);
}

void Session::deliver(std::string message) {
  if (!open_)
    return;
  queue_.push_back(std::move(message));
  startWriter();
}

void Session::startWriter() {
  if (writing_)
    return;
  // As in rtclab-server, the writer is a chain of completion handlers that exists only while
  // there is something to send.
  writing_ = true;
  writeNext();
}

void Session::writeNext() {
  if (queue_.empty()) {
    writing_ = false;
    return;
  }
  ws_.async_write(net::buffer(queue_.front()),
                  [self = shared_from_this()](const error_code& ec, std::size_t) {
                    if (ec) {
                      fail(ec, "ws-write");
                      self->queue_.clear();
                      self->open_ = false;
                      self->writing_ = false;
                      return;
                    }
                    self->queue_.pop_front(); // sent: nothing already written stays queued
                    self->writeNext();
                  });
}

net::awaitable<void> acceptLoop(tcp::acceptor& acceptor, Rooms& rooms) {
  net::steady_timer backoff(acceptor.get_executor());
  for (;;) {
    error_code ec;
    tcp::socket socket =
        co_await acceptor.async_accept(net::redirect_error(net::use_awaitable, ec));
    if (ec == net::error::operation_aborted)
      co_return;
    if (ec) {
      fail(ec, "accept");
      // Out of descriptors fails again at once: wait for connections to close instead of spinning.
      backoff.expires_after(10ms);
      co_await backoff.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec); // small frames must not wait for Nagle
    net::co_spawn(acceptor.get_executor(),
                  Session::run(std::make_shared<Session>(std::move(socket), rooms)), net::detached);
  }
}

const char* kUsage = "Usage: rtclab-bench-floor [--host 127.0.0.1] [--port 0]\n"
                     "Example: rtclab-bench-floor --port 0   (prints the port it listens on)\n";

} // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (i + 1 >= argc || (flag != "--host" && flag != "--port")) {
      std::cerr << "rtclab-bench-floor: unknown option or missing value: " << flag << "\n"
                << kUsage;
      return 2;
    }
    const std::string_view value = argv[++i];
    if (flag == "--host") {
      host = value;
    } else if (const auto [end, ec] = std::from_chars(value.begin(), value.end(), port);
               ec != std::errc{} || end != value.end()) {
      std::cerr << "rtclab-bench-floor: --port: expected 0-65535, got '" << value << "'\n";
      return 2;
    }
  }

  try {
    // One thread runs everything, as in rtclab-server: the io_context's locks protect nothing.
    net::io_context io{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE};
    tcp::acceptor acceptor(io);
    const tcp::endpoint endpoint(net::ip::make_address(host), port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(net::socket_base::max_listen_connections);
    const tcp::endpoint bound = acceptor.local_endpoint();
    std::printf("rtclab-bench-floor listening on http://%s:%u\n",
                bound.address().to_string().c_str(), static_cast<unsigned>(bound.port()));
    std::fflush(stdout);

    Rooms rooms;
    net::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&io](const error_code&, int) { io.stop(); });
    net::co_spawn(io, acceptLoop(acceptor, rooms), net::detached);
    io.run();
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "rtclab-bench-floor: " << error.what() << "\n";
    return 1;
  }
}
