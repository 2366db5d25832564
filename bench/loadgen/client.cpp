#include "client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <nlohmann/json.hpp>

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

} // namespace

std::int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Client::Client(net::io_context& io, Traffic& traffic, std::size_t sdpBytes)
    : ws_(io), traffic_(traffic), sdpBytes_(sdpBytes) {
  // Client frames are masked with a random key so that a hostile page cannot poison proxy
  // caches. The generator talks only to loopback servers it started, so the fast generator
  // keeps the benchmark's own CPU cost down without weakening anything that matters here.
  ws_.secure_prng(false);
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
  co_await ws_.async_handshake(host, "/ws", net::redirect_error(net::use_awaitable, ec));
  if (ec)
    failSetup("handshake", ec);

  const std::string join =
      nlohmann::json{{"type", "join"}, {"room", room}, {"name", "bench"}, {"version", 1}}.dump();
  co_await ws_.async_write(net::buffer(join), net::redirect_error(net::use_awaitable, ec));
  if (ec)
    failSetup("join", ec);

  while (peerId_.empty()) {
    co_await ws_.async_read(readBuffer_, net::redirect_error(net::use_awaitable, ec));
    if (ec)
      failSetup("joined", ec);
    const auto message = nlohmann::json::parse(beast::buffers_to_string(readBuffer_.data()),
                                               nullptr, /*allow_exceptions=*/false);
    readBuffer_.consume(readBuffer_.size());
    if (!message.is_object())
      continue;
    const std::string type = message.value("type", "");
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
  socket.expires_never();
  open_ = true;
}

void Client::startReading() {
  net::co_spawn(
      ws_.get_executor(), [self = shared_from_this()] { return self->readFrames(); },
      net::detached);
}

void Client::pairWith(Client& partner) {
  partner_ = &partner;
  offerPrefix_ = R"({"type":"offer","to":")" + partner.peerId() + R"(","sdp":")";
}

void Client::sendOffer() {
  if (!open_ || partner_ == nullptr)
    return;
  // The sdp field carries the send time, padded to sdpBytes_: "<nanoseconds> xxxx...".
  std::string offer = offerPrefix_;
  const std::size_t sdpStart = offer.size();
  offer += std::to_string(nowNs());
  offer += ' ';
  const std::size_t sdpSoFar = offer.size() - sdpStart;
  if (sdpSoFar < sdpBytes_)
    offer.append(sdpBytes_ - sdpSoFar, 'x');
  offer += "\"}";
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
  // Fast path for the frames the benchmark is made of: a relayed offer. Both servers write
  // compact JSON, so the type and sdp are found by substring instead of a full parse, which
  // keeps the generator's CPU per message well below the servers'.
  constexpr std::string_view kOfferType = R"("type":"offer")";
  constexpr std::string_view kSdpStart = R"("sdp":")";
  if (text.find(kOfferType) != std::string_view::npos) {
    if (const auto at = text.find(kSdpStart); at != std::string_view::npos)
      return onOffer(text.substr(at + kSdpStart.size()));
  }
  const auto message = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!message.is_object())
    return;
  const std::string type = message.value("type", "");
  if (type == "offer") {
    onOffer(message.value("sdp", ""));
  } else if (type == "error") {
    ++traffic_.errorsReceived;
    traffic_.lastErrorCode = message.value("code", "?");
  } // peer-joined, peer-left, pong: nothing to measure
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
