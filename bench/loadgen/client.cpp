#include "client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <stdexcept>

namespace rtclab::bench {
namespace {

using namespace std::chrono_literals;
constexpr auto kSetupTimeout = 5s;

[[noreturn]] void failSetup(std::string_view step, const beast::error_code& ec) {
  throw std::runtime_error(std::string(step) + ": " + ec.message());
}

// docs/signaling-protocol.md: joined carries our name, version 1 and peers as {id, name} objects.
bool isJoinedPerProtocol(const nlohmann::json& joined) {
  if (!joined.contains("name") || !joined["name"].is_string() || joined.value("version", 0) != 1)
    return false;
  if (!joined.contains("peers") || !joined["peers"].is_array())
    return false;
  for (const auto& peer : joined["peers"]) {
    if (!peer.is_object() || !peer.contains("id") || !peer.contains("name"))
      return false;
  }
  return true;
}

// The request target of the WebSocket handshake in each dialect.
std::string handshakeTarget(Dialect dialect, const std::string& ownId, const std::string& room) {
  switch (dialect) {
  case Dialect::rtclab:
    return "/ws";
  case Dialect::peerjs: // bench/peerjs/server.mjs keeps the package's default key, "peerjs"
    return "/peerjs?key=peerjs&id=" + ownId + "&token=bench";
  case Dialect::floor:
    return "/ws?room=" + room;
  }
  return "/";
}

// PeerJS's ERROR and ID-TAKEN frames say why in payload.msg.
std::string peerJsMessage(const nlohmann::json& message) {
  if (message.contains("payload") && message["payload"].is_object())
    return message["payload"].value("msg", "");
  return "";
}

// What the sdp field is padded with: the lines of a session description as they travel in JSON
// (CRLF escaped as \r\n), so that the servers' JSON parsers meet escapes as they would in a
// real offer. Written for this benchmark; the values mean nothing.
constexpr std::string_view kSdpLikeLines =
    R"(v=0\r\no=- 7034592613 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n)"
    R"(m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n)"
    R"(a=ice-ufrag:q8Zb\r\na=ice-pwd:Vd2kLrS0b7nF1xQmT9cWj4Hp\r\na=ice-options:trickle\r\n)"
    R"(a=fingerprint:sha-256 4E:19:A2:7C:D0:33:8B:F1:62:5A:0E:C4:97:2D:B8:16:E3:4F:09:7A:C5:)"
    R"(31:8D:6E:F2:A0:5B:17:C9:84:3E:D2\r\na=setup:actpass\r\na=mid:0\r\na=sendrecv\r\n)"
    R"(a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n)"
    R"(a=candidate:1 1 udp 2122260223 127.0.0.1 51792 typ host generation 0\r\n)";

// Appends `count` (> 0) characters of SDP-like text, repeating the lines as needed. A cut
// through an escape would leave a lone backslash (the lines hold no other), which is not valid
// JSON: it becomes a space.
void appendSdpLikeText(std::string& out, std::size_t count) {
  while (count > 0) {
    const std::size_t piece = std::min(count, kSdpLikeLines.size());
    out.append(kSdpLikeLines.data(), piece);
    count -= piece;
  }
  if (out.back() == '\\')
    out.back() = ' ';
}

} // namespace

std::int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Client::Client(net::io_context& io, Traffic& traffic, Dialect dialect, std::string ownId)
    : ws_(io), traffic_(traffic), dialect_(dialect), ownId_(std::move(ownId)) {
  // Client frames are masked with a random key so that a hostile page cannot poison proxy
  // caches. The generator talks only to loopback servers it started, so the fast generator
  // keeps the benchmark's own CPU cost down without weakening anything that matters here.
  ws_.secure_prng(false);
  // A browser sends each message as one frame; Beast would split those over its 4 KiB write
  // buffer into several, and the servers would read the 8 KB messages in pieces.
  ws_.auto_fragment(false);
}

net::awaitable<void> Client::connectAndJoin(const tcp::endpoint& server, const std::string& room) {
  auto& socket = beast::get_lowest_layer(ws_);
  socket.expires_after(kSetupTimeout); // one budget for connect, handshake, join and joined
  beast::error_code ec;
  co_await socket.async_connect(server, net::redirect_error(net::use_awaitable, ec));
  if (ec)
    failSetup("connect", ec);
  // Small frames in a pipeline: Nagle's algorithm would hold them back and inflate latency.
  socket.socket().set_option(tcp::no_delay(true));

  const std::string host = server.address().to_string() + ":" + std::to_string(server.port());
  co_await ws_.async_handshake(host, handshakeTarget(dialect_, ownId_, room),
                               net::redirect_error(net::use_awaitable, ec));
  if (ec)
    failSetup("handshake", ec);

  if (dialect_ == Dialect::rtclab) {
    const std::string join =
        nlohmann::json{{"type", "join"}, {"room", room}, {"name", "bench"}, {"version", 1}}.dump();
    co_await ws_.async_write(net::buffer(join), net::redirect_error(net::use_awaitable, ec));
    if (ec)
      failSetup("join", ec);
  }
  co_await waitUntilJoined();
  socket.expires_never();
  open_ = true;
}

net::awaitable<void> Client::waitUntilJoined() {
  while (peerId_.empty()) {
    beast::error_code ec;
    co_await ws_.async_read(readBuffer_, net::redirect_error(net::use_awaitable, ec));
    if (ec)
      failSetup(dialect_ == Dialect::peerjs ? "OPEN" : "joined", ec);
    const std::string text = beast::buffers_to_string(readBuffer_.data());
    readBuffer_.consume(readBuffer_.size());
    if (dialect_ == Dialect::floor) {
      if (text != "joined")
        throw std::runtime_error("joined: the floor sent '" + text.substr(0, 40) + "' first");
      peerId_ = ownId_;
      continue;
    }
    const auto message = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!message.is_object())
      continue;
    const std::string type = message.value("type", "");
    if (dialect_ == Dialect::peerjs) {
      if (type == "OPEN")
        peerId_ = ownId_;
      else // ERROR (e.g. the concurrent limit) or ID-TAKEN: nothing else comes before OPEN
        throw std::runtime_error("OPEN: server " + type + " " + peerJsMessage(message));
      continue;
    }
    if (type == "error")
      throw std::runtime_error("join: server error " + message.value("code", "?"));
    if (type == "joined") {
      if (message.contains("peer") && message["peer"].is_string())
        peerId_ = message["peer"].get<std::string>();
      if (peerId_.empty())
        throw std::runtime_error("joined: no \"peer\" field");
      if (!isJoinedPerProtocol(message))
        ++traffic_.joinedOffProtocol;
    }
  }
}

void Client::startReading() {
  net::co_spawn(
      ws_.get_executor(), [self = shared_from_this()] { return self->readFrames(); },
      net::detached);
}

void Client::pairWith(Client& partner) {
  partner_ = &partner;
  const std::string& them = partner.peerId();
  switch (dialect_) {
  case Dialect::rtclab:
    offerPrefix_ = R"({"type":"offer","to":")" + them + R"(","sdp":")";
    offerSuffix_ = R"("})";
    senderStamp_ = R"("from":")" + them + '"'; // stamped by the server
    break;
  case Dialect::peerjs:
    offerPrefix_ = R"({"type":"OFFER","dst":")" + them + R"(","payload":{"sdp":")";
    offerSuffix_ = R"("}})";
    senderStamp_ = R"("src":")" + them + '"'; // stamped by the server
    break;
  case Dialect::floor:
    // The floor relays blindly, so the sender names itself; the check then still proves that
    // each frame reached the partner it was meant for.
    offerPrefix_ = R"({"type":"offer","from":")" + peerId_ + R"(","sdp":")";
    offerSuffix_ = R"("})";
    senderStamp_ = R"("from":")" + them + '"';
    break;
  }
}

void Client::sendOffer() {
  if (!open_ || partner_ == nullptr)
    return;
  // The sdp field carries the send time, padded to sdpBytes: "<nanoseconds> v=0\r\no=- ...".
  std::string offer;
  offer.reserve(offerPrefix_.size() + traffic_.sdpBytes + offerSuffix_.size());
  offer = offerPrefix_;
  const std::size_t sdpStart = offer.size();
  offer += std::to_string(nowNs());
  offer += ' ';
  const std::size_t sdpSoFar = offer.size() - sdpStart;
  if (sdpSoFar < traffic_.sdpBytes)
    appendSdpLikeText(offer, traffic_.sdpBytes - sdpSoFar);
  offer += offerSuffix_;
  outbox_.push_back(std::move(offer));
  ++traffic_.offersSent;
  if (!writing_) {
    writing_ = true;
    net::co_spawn(
        ws_.get_executor(), [self = shared_from_this()] { return self->writeQueuedOffers(); },
        net::detached);
  }
}

void Client::close() {
  closing_ = true;
  open_ = false;
  beast::get_lowest_layer(ws_).close(); // pending reads and writes end with operation_aborted
}

net::awaitable<void> Client::readFrames() {
  for (;;) {
    beast::error_code ec;
    co_await ws_.async_read(readBuffer_, net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      if (!closing_)
        ++traffic_.closedUnexpectedly;
      open_ = false;
      co_return;
    }
    // A frame read just before close() is dropped: the partner may already be gone, since a
    // batch closes all its clients before it destroys any.
    if (closing_)
      co_return;
    const auto data = readBuffer_.cdata();
    onFrame({static_cast<const char*>(data.data()), data.size()});
    readBuffer_.consume(readBuffer_.size());
  }
}

net::awaitable<void> Client::writeQueuedOffers() {
  while (!outbox_.empty()) {
    beast::error_code ec;
    co_await ws_.async_write(net::buffer(outbox_.front()),
                             net::redirect_error(net::use_awaitable, ec));
    if (ec) { // the read side counts the broken connection
      outbox_.clear();
      break;
    }
    outbox_.pop_front();
  }
  writing_ = false;
}

void Client::onFrame(std::string_view text) {
  // Fast path for the frames the benchmark is made of: a relayed offer. The servers write
  // compact JSON (the floor relays ours), so the type, sender and sdp are found by substring
  // instead of a full parse, which keeps the generator's CPU per message well below the servers'.
  constexpr std::string_view kSdpStart = R"("sdp":")";
  const std::string_view offerType =
      dialect_ == Dialect::peerjs ? R"("type":"OFFER")" : R"("type":"offer")";
  if (text.find(offerType) != std::string_view::npos) {
    if (const auto at = text.find(kSdpStart); at != std::string_view::npos) {
      if (text.find(senderStamp_) == std::string_view::npos)
        ++traffic_.wrongSender;
      return onOffer(text.substr(at + kSdpStart.size()));
    }
  }
  onOtherFrame(text);
}

void Client::onOtherFrame(std::string_view text) {
  const auto message = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  const std::string type = message.is_object() ? message.value("type", "") : "";
  switch (dialect_) {
  case Dialect::rtclab:
    if (type == "error") {
      ++traffic_.errorsReceived;
      traffic_.lastErrorCode = message.value("code", "?");
    } // peer-joined, peer-left, pong: nothing to measure
    return;
  case Dialect::peerjs:
    // After OPEN a PeerJS server sends only relayed messages, or ERROR, ID-TAKEN, and EXPIRE or
    // LEAVE when a message could not reach its dst: each means the benchmark went wrong.
    ++traffic_.errorsReceived;
    traffic_.lastErrorCode = type + " " + peerJsMessage(message);
    return;
  case Dialect::floor: // after "joined" the floor sends only the partner's frames
    ++traffic_.errorsReceived;
    traffic_.lastErrorCode = "unexpected frame '" + std::string(text.substr(0, 40)) + "'";
    return;
  }
}

void Client::onOffer(std::string_view sdp) {
  ++traffic_.offersReceived;
  switch (traffic_.mode) {
  case Traffic::Mode::quiet:
    break;
  case Traffic::Mode::closedLoop:
    // Rooms hold two clients, so the sender is our partner: its window has room for one more.
    if (partner_ != nullptr)
      partner_->sendOffer();
    break;
  case Traffic::Mode::openLoop: {
    std::int64_t sentAtNs = 0;
    const auto [end, ec] = std::from_chars(sdp.data(), sdp.data() + sdp.size(), sentAtNs);
    if (ec == std::errc{} && sentAtNs >= traffic_.recordLatencyFromNs)
      traffic_.latenciesNs.push_back(nowNs() - sentAtNs);
    break;
  }
  }
}

} // namespace rtclab::bench
