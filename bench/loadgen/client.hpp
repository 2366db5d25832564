// One benchmark client: a Beast WebSocket client that joins a room of two and sends offers to
// its partner, in the dialect of the server it talks to (figures.hpp). Every client of a run
// lives on one io_context driven by one thread, so the shared counters in Traffic are plain
// integers.
#pragma once

#include "figures.hpp"

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
  std::size_t sdpBytes = 100; // size of each offer's sdp field, set by the phase
  std::uint64_t offersSent = 0;
  std::uint64_t offersReceived = 0;
  std::uint64_t errorsReceived = 0; // error frames, and anything else the dialect never sends
  std::string lastErrorCode;
  std::uint64_t closedUnexpectedly = 0;  // connections ended by the server or the network
  std::uint64_t joinedOffProtocol = 0;   // protocol deviation: no name/version, bare peer ids
  std::uint64_t wrongSender = 0;         // an offer relayed without its sender's id
  std::int64_t recordLatencyFromNs = 0;  // open loop: earlier offers are warm-up
  std::vector<std::int64_t> latenciesNs; // open loop: one sample per recorded offer
};

class Client : public std::enable_shared_from_this<Client> {
public:
  // `ownId`: unique among the clients of one server's run; the peerjs dialect registers under
  // it, the floor dialect writes it into each offer as the sender's id.
  Client(net::io_context& io, Traffic& traffic, Dialect dialect, std::string ownId);

  // Connect, WebSocket handshake, then the dialect's join (5 s at most for all of it):
  //   rtclab: handshake at /ws, send join for `room`, wait for "joined"
  //   peerjs: handshake at /peerjs?key=peerjs&id=ID&token=TOKEN, wait for {"type":"OPEN"}
  //   floor:  handshake at /ws?room=ROOM, wait for the text frame "joined"
  // Throws std::runtime_error naming the step or the server's error code.
  net::awaitable<void> connectAndJoin(const tcp::endpoint& server, const std::string& room);

  // After joining: keep a read pending (answers the server's WebSocket pings, sees closes).
  void startReading();

  // Offers go to `partner`, who must be in the same room.
  void pairWith(Client& partner);

  // Queues one offer whose sdp starts with the current nowNs(), padded with SDP-like text to
  // Traffic::sdpBytes.
  void sendOffer();

  void close();
  bool isOpen() const { return open_; }
  const std::string& peerId() const { return peerId_; }

private:
  net::awaitable<void> waitUntilJoined();
  net::awaitable<void> readFrames();
  net::awaitable<void> writeQueuedOffers();
  void onFrame(std::string_view text);
  void onOtherFrame(std::string_view text);
  void onOffer(std::string_view sdp);

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer readBuffer_;
  Traffic& traffic_;
  Dialect dialect_;
  std::string ownId_;
  std::string peerId_;        // the id the partner addresses us by
  Client* partner_ = nullptr; // same batch: all its clients are closed before any is destroyed
  std::string offerPrefix_;   // the offer up to the sdp's first character, e.g.
                              // {"type":"offer","to":"<partner>","sdp":"
  std::string offerSuffix_;   // after the sdp's last character: "} or "}}
  std::string senderStamp_;   // what a relayed offer from the partner carries, e.g. "from":"p7"
  std::deque<std::string> outbox_;
  bool writing_ = false; // Beast allows one write in flight per stream
  bool open_ = false;
  bool closing_ = false;
};

} // namespace rtclab::bench
