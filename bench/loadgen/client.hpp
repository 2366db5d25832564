// One benchmark client: a Beast WebSocket client that joins a room of two and sends offers to
// its partner. Every client of a run lives on one io_context driven by one thread, so the
// shared counters in Traffic are plain integers.
#pragma once

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rtclab::bench {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

// Nanoseconds on the steady clock: the unit of the timestamps carried inside offers.
std::int64_t nowNs();

// What the clients observe, shared by all clients of one run; the phases set the mode and read
// (and reset) the counters.
struct Traffic {
  enum class Mode {
    quiet,      // offers are only counted
    closedLoop, // each offer received makes its sender send the next one (a window per client)
    openLoop,   // offers carry their send time; receipt records the relay latency
  };
  Mode mode = Mode::quiet;
  std::uint64_t offersSent = 0;
  std::uint64_t offersReceived = 0;
  std::uint64_t errorsReceived = 0; // {"type":"error"} frames
  std::string lastErrorCode;
  std::uint64_t closedUnexpectedly = 0;  // connections ended by the server or the network
  std::uint64_t joinedOffProtocol = 0;   // protocol deviation: no name/version, bare peer ids
  std::int64_t recordLatencyFromNs = 0;  // open loop: earlier offers are warm-up
  std::vector<std::int64_t> latenciesNs; // open loop: one sample per recorded offer
};

class Client : public std::enable_shared_from_this<Client> {
public:
  // `sdpBytes`: size of the offer's "sdp" field (a timestamp padded with 'x').
  Client(net::io_context& io, Traffic& traffic, std::size_t sdpBytes);

  // Connect, WebSocket handshake at /ws, join `room`, wait for "joined" (5 s at most).
  // Throws std::runtime_error naming the step or the server's error code.
  net::awaitable<void> connectAndJoin(const tcp::endpoint& server, const std::string& room);

  // After joining: keep a read pending (answers the server's WebSocket pings, sees closes).
  void startReading();

  // Offers go to `partner`, who must be in the same room.
  void pairWith(Client& partner);

  // Queues one offer whose sdp starts with the current nowNs().
  void sendOffer();

  void close();
  bool isOpen() const { return open_; }
  const std::string& peerId() const { return peerId_; }

private:
  net::awaitable<void> readFrames();
  net::awaitable<void> writeQueuedOffers();
  void onFrame(std::string_view text);
  void onOffer(std::string_view sdp);

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer readBuffer_;
  Traffic& traffic_;
  std::size_t sdpBytes_;
  std::string peerId_;
  Client* partner_ = nullptr; // same batch: all its clients are closed before any is destroyed
  std::string offerPrefix_;   // {"type":"offer","to":"<partner>","sdp":"
  std::deque<std::string> outbox_;
  bool writing_ = false; // Beast allows one write in flight per stream
  bool open_ = false;
  bool closing_ = false;
};

} // namespace rtclab::bench
