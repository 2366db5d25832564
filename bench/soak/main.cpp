// rtclab-soak: many clients joining, relaying and leaving in churn against one rtclab-server,
// with exact accounting. `make bench` runs it after rtclab-loadgen (bench/README.md).
//
// Clients come in pairs. A pair session: both connect and join a fresh room, each sends
// --messages relayed messages (offer, answer or candidate, some with a forged "from") to the
// other every --interval-ms, and once both have received all of the partner's messages they
// leave (a leave message, a WebSocket close or a dropped TCP connection, in turn) and start
// again in a new room. Every relayed message carries a unique sequence number, so lost,
// duplicated and misdelivered relays are counted exactly, and each one's `from` is checked.
// Meanwhile an unrelated pair, on its own thread, relays a timestamped offer every 10 ms:
// its latency is the server's responsiveness under the churn. The server's resident memory is
// read from /proc before, during and after.
//
//   rtclab-soak --server 'build/native/native-signaling/rtclab-server --port 0 --web DIR'
#include "../loadgen/machine.hpp"
#include "../loadgen/server_process.hpp"

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <vector>

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using Json = nlohmann::json;

struct Options {
  std::string serverCommand;
  std::string logPath = "rtclab-soak-server.log";
  std::size_t clients = 1000; // in churn, paired; even
  std::chrono::seconds duration{60};
  std::size_t messages = 10;               // relayed messages each client sends per session
  std::chrono::milliseconds interval{200}; // between a client's messages
  std::chrono::milliseconds probeInterval{10};
};

std::string usage() {
  return R"(Usage: rtclab-soak --server COMMAND [options]
Churn soak of a signaling server speaking docs/signaling-protocol.md. COMMAND must print
"listening on http://HOST:PORT" (use --port 0).

Options (defaults in brackets):
  --clients N        clients in churn, in pairs [1000]
  --seconds N        length of the churn [60]
  --messages N       relayed messages per client per session [10]
  --interval-ms N    between a client's messages [200]
  --log FILE         the server's stdout and stderr [rtclab-soak-server.log]
)";
}

std::size_t parseCount(const std::string& flag, const std::string& text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value == 0 || value > 1000000)
    throw std::invalid_argument(flag + ": expected a number 1-1000000, got '" + text + "'");
  return value;
}

Options parseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << usage();
      std::exit(0);
    }
    if (i + 1 >= argc)
      throw std::invalid_argument(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--server")
      options.serverCommand = value;
    else if (flag == "--log")
      options.logPath = value;
    else if (flag == "--clients")
      options.clients = (parseCount(flag, value) + 1) / 2 * 2;
    else if (flag == "--seconds")
      options.duration = std::chrono::seconds(parseCount(flag, value));
    else if (flag == "--messages")
      options.messages = parseCount(flag, value);
    else if (flag == "--interval-ms")
      options.interval = std::chrono::milliseconds(parseCount(flag, value));
    else
      throw std::invalid_argument("unknown option " + flag);
  }
  if (options.serverCommand.empty())
    throw std::invalid_argument("give --server COMMAND");
  return options;
}

std::int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// --- Accounting ------------------------------------------------------------------------------

// Everything the churn clients observe. All churn clients run on one thread: plain integers.
struct Ledger {
  std::vector<std::uint32_t> addressee; // seq -> client uid the message was sent to
  std::vector<std::uint8_t> received;   // seq -> times it arrived (saturating)
  std::uint64_t sent = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t misdelivered = 0; // arrived at a client it was not sent to
  std::uint64_t wrongFrom = 0;    // `from` missing or not the sender's id
  std::uint64_t forgedFromSent = 0;
  std::uint64_t errorsReceived = 0;
  std::string lastError;
  std::uint64_t peerJoinedWrong = 0; // the first peer's peer-joined did not name its partner
  std::uint64_t sessions = 0;        // completed pair sessions
  std::uint64_t connections = 0;     // client connections opened (joined)
  std::uint64_t setupFailures = 0;
  std::string lastSetupFailure;
  std::uint64_t sessionTimeouts = 0; // a client did not get all its partner's messages in time
  std::uint64_t leavesByMessage = 0, leavesByClose = 0, leavesByDrop = 0;

  std::uint32_t newSeq(std::uint32_t to) {
    addressee.push_back(to);
    received.push_back(0);
    ++sent;
    return static_cast<std::uint32_t>(addressee.size() - 1);
  }
  std::uint64_t lost() const {
    return static_cast<std::uint64_t>(std::count(received.begin(), received.end(), 0));
  }
};

// --- One WebSocket client ----------------------------------------------------------------------

class Client {
public:
  Client(net::io_context& io, std::uint32_t uid) : ws_(io), uid_(uid) { ws_.secure_prng(false); }

  std::uint32_t uid() const { return uid_; }
  const std::string& id() const { return id_; }
  const Json& joined() const { return joined_; }
  bool sending = false; // Beast allows one write in flight: leaving waits for the sender
  websocket::stream<beast::tcp_stream>& ws() { return ws_; }

  // Connect, handshake at /ws, join `room`, wait for joined (5 s at most for all of it).
  net::awaitable<void> connectAndJoin(const tcp::endpoint& server, const std::string& room) {
    auto& socket = beast::get_lowest_layer(ws_);
    socket.expires_after(5s);
    co_await socket.async_connect(server, net::use_awaitable);
    socket.socket().set_option(tcp::no_delay(true));
    co_await ws_.async_handshake(server.address().to_string(), "/ws", net::use_awaitable);
    // Built before the co_await: g++ 12 miscompiles string literals inside a co_await expression.
    const std::string join =
        Json{{"type", "join"}, {"room", room}, {"name", "soak"}, {"version", 1}}.dump();
    co_await send(join);
    while (id_.empty()) {
      const Json message = co_await readJson();
      const std::string type = message.value("type", "");
      if (type == "error")
        throw std::runtime_error("join: error " + message.value("code", "?"));
      if (type == "joined") {
        joined_ = message;
        id_ = message.value("peer", "");
        if (id_.empty())
          throw std::runtime_error("joined without a peer id");
      }
    }
    socket.expires_never();
  }

  net::awaitable<void> send(const std::string& text) {
    co_await ws_.async_write(net::buffer(text), net::use_awaitable);
  }

  // The next text frame as JSON (an object, or discarded when it is not JSON).
  net::awaitable<Json> readJson() {
    buffer_.clear();
    co_await ws_.async_read(buffer_, net::use_awaitable);
    const auto data = buffer_.cdata();
    co_return Json::parse(std::string_view(static_cast<const char*>(data.data()), data.size()),
                          nullptr, false);
  }

  void drop() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

private:
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::uint32_t uid_;
  std::string id_;
  Json joined_;
};

// --- The churn -----------------------------------------------------------------------------

class Churn {
public:
  Churn(net::io_context& io, const Options& options, tcp::endpoint server, Ledger& ledger)
      : io_(io), options_(options), server_(std::move(server)), ledger_(ledger) {}

  // Runs every pair until `end`; completes when the last session has finished.
  net::awaitable<void> run(Clock::time_point end) {
    end_ = end;
    const std::size_t pairs = options_.clients / 2;
    running_ = pairs;
    net::steady_timer allDone(io_, Clock::time_point::max());
    allDone_ = &allDone;
    for (std::size_t pair = 0; pair < pairs; ++pair)
      net::co_spawn(io_, runPair(pair), net::detached);
    beast::error_code ec;
    co_await allDone.async_wait(net::redirect_error(net::use_awaitable, ec));
  }

private:
  // Shared by the two clients of one session.
  struct Session {
    explicit Session(net::io_context& io) : done(io, Clock::time_point::max()) {}
    net::steady_timer done; // cancelled when both clients have all their partner's messages
    int finished = 0;
    void finish() {
      if (++finished == 2)
        done.cancel();
    }
  };

  net::awaitable<void> runPair(std::size_t pair) {
    std::minstd_rand random(static_cast<unsigned>(pair) + 1);
    for (std::uint64_t generation = 0; Clock::now() < end_; ++generation) {
      const std::string room = "soak-" + std::to_string(pair) + "-" + std::to_string(generation);
      auto first = std::make_shared<Client>(io_, nextUid_++);
      auto second = std::make_shared<Client>(io_, nextUid_++);
      bool joined = false;
      try {
        co_await first->connectAndJoin(server_, room);
        ++ledger_.connections;
        co_await second->connectAndJoin(server_, room);
        ++ledger_.connections;
        joined = true;
      } catch (const std::exception& error) {
        ++ledger_.setupFailures;
        ledger_.lastSetupFailure = error.what();
        first->drop();
        second->drop();
      }
      if (!joined) { // no co_await inside a catch block
        co_await sleepFor(100ms);
        continue;
      }
      // The second sees the first in joined.peers; the first hears peer-joined (checked when
      // it reads).
      const Json peers = second->joined().value("peers", Json::array());
      if (peers.size() != 1 || !peers[0].is_object() || peers[0].value("id", "") != first->id())
        ++ledger_.peerJoinedWrong;

      Session session(io_);
      net::co_spawn(io_, exchange(first, second, session, random()), net::detached);
      net::co_spawn(io_, exchange(second, first, session, random()), net::detached);
      beast::error_code ec;
      co_await session.done.async_wait(net::redirect_error(net::use_awaitable, ec));
      ++ledger_.sessions;

      co_await leave(first, generation);
      co_await leave(second, generation);
      co_await sleepFor(std::chrono::milliseconds(random() % (options_.interval.count() + 1)));
    }
    if (--running_ == 0)
      allDone_->cancel();
  }

  // Leaves in one of three ways, in turn by generation.
  net::awaitable<void> leave(std::shared_ptr<Client> client, std::uint64_t generation) {
    switch (generation % 3) {
    case 0:
      ++ledger_.leavesByMessage;
      co_await leaveAndClose(client, true);
      break;
    case 1:
      ++ledger_.leavesByClose;
      co_await leaveAndClose(client, false);
      break;
    default:
      ++ledger_.leavesByDrop;
      client->drop();
      break;
    }
  }

  net::awaitable<void> leaveAndClose(std::shared_ptr<Client> client, bool sayLeave) {
    if (client->sending) { // only after a session timeout: a write may be in flight
      client->drop();
      co_return;
    }
    beast::get_lowest_layer(client->ws()).expires_after(5s);
    beast::error_code ec;
    static const std::string kLeave = R"({"type":"leave"})";
    if (sayLeave)
      co_await client->ws().async_write(net::buffer(kLeave),
                                        net::redirect_error(net::use_awaitable, ec));
    if (!ec)
      co_await client->ws().async_close(websocket::close_code::normal,
                                        net::redirect_error(net::use_awaitable, ec));
    client->drop();
  }

  // `self` sends its messages to `partner` and reads until it has all of the partner's.
  net::awaitable<void> exchange(std::shared_ptr<Client> self, std::shared_ptr<Client> partner,
                                Session& session, unsigned seed) {
    net::co_spawn(io_, sendAll(self, partner->id(), partner->uid(), seed), net::detached);
    const bool expectPeerJoined = self->joined().value("peers", Json::array()).empty();
    std::size_t got = 0;
    beast::get_lowest_layer(self->ws())
        .expires_after(std::chrono::seconds(10) + options_.interval * options_.messages);
    try {
      while (got < options_.messages) {
        const Json message = co_await self->readJson();
        const std::string type = message.is_object() ? message.value("type", "") : "";
        if (type == "peer-joined") {
          if (!expectPeerJoined || message.value("peer", "") != partner->id())
            ++ledger_.peerJoinedWrong;
          continue;
        }
        if (type == "error") {
          ++ledger_.errorsReceived;
          ledger_.lastError = message.value("code", "?");
          continue;
        }
        if (type != "offer" && type != "answer" && type != "candidate")
          continue; // peer-left of an earlier session's partner cannot happen: rooms are fresh
        if (message.value("from", "") != partner->id())
          ++ledger_.wrongFrom;
        const std::string payload = message.value(type == "candidate" ? "candidate" : "sdp", "");
        std::uint32_t seq = 0;
        const char* digits = payload.data() + std::min<std::size_t>(payload.size(), 5); // "seq: "
        std::from_chars(digits, payload.data() + payload.size(), seq);
        if (seq >= ledger_.received.size() || ledger_.addressee[seq] != self->uid()) {
          ++ledger_.misdelivered;
          continue;
        }
        if (ledger_.received[seq] > 0)
          ++ledger_.duplicates;
        else
          ++got;
        ledger_.received[seq] = static_cast<std::uint8_t>(std::min(ledger_.received[seq] + 1, 255));
      }
    } catch (const std::exception&) {
      ++ledger_.sessionTimeouts; // a missing message shows up as lost in the ledger
    }
    beast::get_lowest_layer(self->ws()).expires_never();
    session.finish();
  }

  net::awaitable<void> sendAll(std::shared_ptr<Client> self, std::string to, std::uint32_t toUid,
                               unsigned seed) {
    std::minstd_rand random(seed);
    self->sending = true;
    co_await sleepFor(std::chrono::milliseconds(random() % (options_.interval.count() + 1)));
    for (std::size_t i = 0; i < options_.messages; ++i) {
      const std::uint32_t seq = ledger_.newSeq(toUid);
      const std::string payload = "seq: " + std::to_string(seq);
      Json message;
      switch (seq % 3) {
      case 0:
        message = {{"type", "offer"}, {"to", to}, {"sdp", payload}};
        break;
      case 1:
        message = {{"type", "answer"}, {"to", to}, {"sdp", payload}};
        break;
      default:
        message = {{"type", "candidate"}, {"to", to}, {"candidate", payload}, {"sdpMid", "0"}};
        break;
      }
      if (seq % 7 == 0) { // a forged "from": the server must replace it with the sender's id
        message["from"] = to;
        ++ledger_.forgedFromSent;
      }
      const std::string text = message.dump();
      beast::error_code ec;
      co_await self->ws().async_write(net::buffer(text),
                                      net::redirect_error(net::use_awaitable, ec));
      if (ec)
        break; // the partner's read times out; the message counts as lost
      if (i + 1 < options_.messages)
        co_await sleepFor(options_.interval);
    }
    self->sending = false;
  }

  net::awaitable<void> sleepFor(Clock::duration duration) {
    net::steady_timer timer(io_, duration);
    co_await timer.async_wait(net::use_awaitable);
  }

  net::io_context& io_;
  const Options& options_;
  tcp::endpoint server_;
  Ledger& ledger_;
  Clock::time_point end_;
  std::size_t running_ = 0;
  net::steady_timer* allDone_ = nullptr;
  std::uint32_t nextUid_ = 0;
};

// --- The unrelated pair ----------------------------------------------------------------------

struct LatencySample {
  std::int64_t atNs;
  std::int64_t latencyNs;
};

// Two clients in their own room on their own thread and io_context: one sends a timestamped
// offer every Options::probeInterval, the other records when each arrives.
class Probe {
public:
  Probe(const Options& options, tcp::endpoint server) : options_(options), server_(server) {}

  void start() {
    thread_ = std::thread([this] {
      net::co_spawn(io_, run(), [this](std::exception_ptr error) {
        if (error) {
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& failure) {
            failure_ = failure.what();
          }
        }
      });
      io_.run();
    });
  }
  bool ready() const { return ready_; }
  void stop() {
    stop_ = true;
    thread_.join();
  }

  // After stop():
  const std::vector<LatencySample>& samples() const { return samples_; }
  std::uint64_t sent() const { return sent_; }
  std::uint64_t wrongFrom() const { return wrongFrom_; }
  const std::string& failure() const { return failure_; }

private:
  net::awaitable<void> run() {
    auto sender = std::make_shared<Client>(io_, 0);
    auto receiver = std::make_shared<Client>(io_, 1);
    const std::string room = "soak-probe";
    co_await sender->connectAndJoin(server_, room);
    co_await receiver->connectAndJoin(server_, room);
    ready_ = true;
    net::co_spawn(io_, receive(receiver, sender->id()), net::detached);
    const std::string prefix = R"({"type":"offer","to":")" + receiver->id() + R"(","sdp":")";
    const std::string suffix = "\"}";
    net::steady_timer timer(io_);
    Clock::time_point due = Clock::now();
    while (!stop_) {
      due += options_.probeInterval;
      timer.expires_at(due);
      co_await timer.async_wait(net::use_awaitable);
      const std::string offer = prefix + std::to_string(nowNs()) + suffix;
      co_await sender->send(offer);
      ++sent_;
    }
    co_await sleepFor(200ms); // the last offers arrive
    sender->drop();
    receiver->drop();
  }

  net::awaitable<void> receive(std::shared_ptr<Client> receiver, std::string from) {
    for (;;) {
      Json message;
      try {
        message = co_await receiver->readJson();
      } catch (const std::exception&) {
        co_return;
      }
      if (!message.is_object() || message.value("type", "") != "offer")
        continue;
      const std::int64_t arrived = nowNs();
      if (message.value("from", "") != from)
        ++wrongFrom_;
      const std::string sdp = message.value("sdp", "");
      std::int64_t sentAt = 0;
      std::from_chars(sdp.data(), sdp.data() + sdp.size(), sentAt);
      samples_.push_back({arrived, arrived - sentAt});
    }
  }

  net::awaitable<void> sleepFor(Clock::duration duration) {
    net::steady_timer timer(io_, duration);
    co_await timer.async_wait(net::use_awaitable);
  }

  const Options& options_;
  tcp::endpoint server_;
  net::io_context io_;
  std::thread thread_;
  std::atomic<bool> ready_ = false;
  std::atomic<bool> stop_ = false;
  std::vector<LatencySample> samples_;
  std::uint64_t sent_ = 0;
  std::uint64_t wrongFrom_ = 0;
  std::string failure_;
};

// --- Figures ---------------------------------------------------------------------------------

struct Latency {
  std::size_t count = 0;
  double p50 = 0, p99 = 0, max = 0; // ms
};

Latency latencyBetween(const std::vector<LatencySample>& samples, std::int64_t fromNs,
                       std::int64_t toNs) {
  std::vector<std::int64_t> values;
  for (const auto& sample : samples)
    if (sample.atNs >= fromNs && sample.atNs < toNs)
      values.push_back(sample.latencyNs);
  Latency latency;
  latency.count = values.size();
  if (values.empty())
    return latency;
  std::sort(values.begin(), values.end());
  auto rank = [&](double fraction) {
    const auto index =
        static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(values.size())));
    return static_cast<double>(values[std::clamp<std::size_t>(index, 1, values.size()) - 1]) / 1e6;
  };
  latency.p50 = rank(0.50);
  latency.p99 = rank(0.99);
  latency.max = static_cast<double>(values.back()) / 1e6;
  return latency;
}

double mib(std::uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

void raiseDescriptorLimit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

net::awaitable<void> sleepOn(net::io_context& io, Clock::duration duration) {
  net::steady_timer timer(io, duration);
  co_await timer.async_wait(net::use_awaitable);
}

} // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parseOptions(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "rtclab-soak: " << error.what() << "\n\n" << usage();
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  raiseDescriptorLimit();

  try {
    rtclab::bench::ServerProcess server(options.serverCommand, options.logPath, std::nullopt);
    const tcp::endpoint endpoint(net::ip::make_address(server.address().host),
                                 server.address().port);
    std::cerr << "rtclab-soak: server at " << endpoint << ", " << options.clients
              << " clients in churn for " << options.duration.count() << " s\n";

    Probe probe(options, endpoint);
    probe.start();
    for (int waited = 0; !probe.ready(); ++waited) {
      if (waited == 500 || !server.running())
        throw std::runtime_error("the probe pair could not join");
      std::this_thread::sleep_for(10ms);
    }
    std::this_thread::sleep_for(2s); // the "before" latency window
    const std::uint64_t rssStart = server.rssBytes();
    const std::int64_t churnStartNs = nowNs();
    const double serverCpuStart = server.cpuSeconds();
    const double generatorCpuStart = rtclab::bench::generatorCpuSeconds();

    // The churn on this thread; RSS sampled every second while it runs.
    Ledger ledger;
    std::uint64_t rssPeak = rssStart;
    std::int64_t churnEndNs = 0;
    {
      net::io_context io;
      Churn churn(io, options, endpoint, ledger);
      bool churnDone = false;
      net::co_spawn(
          io,
          [&]() -> net::awaitable<void> {
            co_await churn.run(Clock::now() + options.duration);
            churnDone = true;
          },
          net::detached);
      net::co_spawn(
          io,
          [&]() -> net::awaitable<void> {
            while (!churnDone) {
              rssPeak = std::max(rssPeak, server.rssBytes());
              co_await sleepOn(io, 1s);
            }
          },
          net::detached);
      io.run();
      churnEndNs = nowNs();
    }
    const double serverCpu = server.cpuSeconds() - serverCpuStart;
    const double generatorCpu = rtclab::bench::generatorCpuSeconds() - generatorCpuStart;

    // After: every churn client is gone; give the server a moment, then read its memory (for up
    // to 10 s, until it is back within 10 %).
    std::uint64_t rssAfter = 0;
    for (int i = 0; i < 20; ++i) {
      std::this_thread::sleep_for(500ms);
      rssAfter = server.rssBytes();
      if (i >= 3 && rssAfter <= rssStart * 11 / 10)
        break;
    }
    std::this_thread::sleep_for(1s); // the "after" latency window
    probe.stop();
    const std::int64_t probeEndNs = nowNs();
    const bool serverAlive = server.running();

    // Figures.
    const std::uint64_t lost = ledger.lost();
    const Latency before = latencyBetween(probe.samples(), 0, churnStartNs);
    const Latency during = latencyBetween(probe.samples(), churnStartNs, churnEndNs);
    const Latency after = latencyBetween(probe.samples(), churnEndNs, probeEndNs);
    double worstWindowP99 = 0;
    int worstWindow = 0;
    constexpr std::int64_t kWindowNs = 5'000'000'000;
    for (std::int64_t from = churnStartNs; from < churnEndNs; from += kWindowNs) {
      const Latency window =
          latencyBetween(probe.samples(), from, std::min(from + kWindowNs, churnEndNs));
      if (window.count > 0 && window.p99 > worstWindowP99) {
        worstWindowP99 = window.p99;
        worstWindow = static_cast<int>((from - churnStartNs) / 1'000'000'000);
      }
    }
    const std::uint64_t probeLost =
        probe.sent() - std::min<std::uint64_t>(probe.sent(), probe.samples().size());
    const double churnSeconds = static_cast<double>(churnEndNs - churnStartNs) / 1e9;

    std::printf("soak: %zu clients in churn for %.1f s (%zu relayed messages each per session, "
                "one every %lld ms)\n",
                options.clients, churnSeconds, options.messages,
                static_cast<long long>(options.interval.count()));
    std::printf("  sessions          %llu pair sessions, %llu connections joined (%.0f/s), "
                "%llu setup failures%s%s\n",
                static_cast<unsigned long long>(ledger.sessions),
                static_cast<unsigned long long>(ledger.connections),
                static_cast<double>(ledger.connections) / churnSeconds,
                static_cast<unsigned long long>(ledger.setupFailures),
                ledger.setupFailures ? ", last: " : "", ledger.lastSetupFailure.c_str());
    std::printf("  leaves            %llu by leave message, %llu by WebSocket close, %llu by "
                "dropped TCP\n",
                static_cast<unsigned long long>(ledger.leavesByMessage),
                static_cast<unsigned long long>(ledger.leavesByClose),
                static_cast<unsigned long long>(ledger.leavesByDrop));
    std::printf("  relays            %llu sent (%.0f/s; %llu with a forged from), %llu lost, "
                "%llu duplicated, %llu misdelivered, %llu with a wrong from\n",
                static_cast<unsigned long long>(ledger.sent),
                static_cast<double>(ledger.sent) / churnSeconds,
                static_cast<unsigned long long>(ledger.forgedFromSent),
                static_cast<unsigned long long>(lost),
                static_cast<unsigned long long>(ledger.duplicates),
                static_cast<unsigned long long>(ledger.misdelivered),
                static_cast<unsigned long long>(ledger.wrongFrom));
    std::printf("  protocol          %llu error frames%s%s, %llu wrong joined/peer-joined, "
                "%llu session timeouts\n",
                static_cast<unsigned long long>(ledger.errorsReceived),
                ledger.errorsReceived ? ", last: " : "", ledger.lastError.c_str(),
                static_cast<unsigned long long>(ledger.peerJoinedWrong),
                static_cast<unsigned long long>(ledger.sessionTimeouts));
    std::printf("  server RSS        %.1f MiB before, %.1f MiB peak, %.1f MiB after (%+.1f %%)\n",
                mib(rssStart), mib(rssPeak), mib(rssAfter),
                100.0 * (static_cast<double>(rssAfter) - static_cast<double>(rssStart)) /
                    static_cast<double>(rssStart));
    std::printf("  CPU during churn  server %.0f %% of a core, generator (churn + probe) %.0f %%; "
                "load average %.2f\n",
                100.0 * serverCpu / churnSeconds, 100.0 * generatorCpu / churnSeconds,
                rtclab::bench::loadAverage().value_or(0));
    auto printLatency = [](const char* name, const Latency& latency) {
      std::printf("  probe %-11s %zu relays, p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", name,
                  latency.count, latency.p50, latency.p99, latency.max);
    };
    printLatency("before", before);
    printLatency("during", during);
    printLatency("after", after);
    std::printf("  probe worst 5 s   p99 %.3f ms (window starting at %d s); %llu of %llu probe "
                "relays lost, %llu with a wrong from%s%s\n",
                worstWindowP99, worstWindow, static_cast<unsigned long long>(probeLost),
                static_cast<unsigned long long>(probe.sent()),
                static_cast<unsigned long long>(probe.wrongFrom()),
                probe.failure().empty() ? "" : "; probe failed: ", probe.failure().c_str());

    // Verdicts. Correctness failures make the exit status non-zero; the latency and memory
    // targets are reported (like rtclab-loadgen's targets) but depend on a quiet machine.
    bool correct = true;
    auto verdict = [](const char* what, bool ok, const char* otherwise = "FAIL") {
      std::printf("  %-4s %s\n", ok ? "PASS" : otherwise, what);
      return ok;
    };
    std::printf("verdicts:\n");
    correct &= verdict("server ran throughout", serverAlive);
    correct &= verdict("0 lost relays", lost == 0 && probeLost == 0);
    correct &= verdict("0 duplicated relays", ledger.duplicates == 0);
    correct &= verdict("every relay reached its addressee", ledger.misdelivered == 0);
    correct &= verdict("every from correct (forged ones replaced)",
                       ledger.wrongFrom == 0 && probe.wrongFrom() == 0);
    correct &= verdict("no error frames, joins as documented", ledger.errorsReceived == 0 &&
                                                                   ledger.peerJoinedWrong == 0 &&
                                                                   probe.failure().empty());
    verdict("RSS after within 10 % of before (target)", rssAfter <= rssStart * 11 / 10, "MISS");
    verdict("unrelated pair p99 < 5 ms in every 5 s window of the churn (target)",
            during.count > 0 && worstWindowP99 < 5.0, "MISS");
    std::fflush(stdout);
    return correct ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "rtclab-soak: " << error.what() << "\n";
    return 1;
  }
}
