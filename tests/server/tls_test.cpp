// The real server with --tls: https and wss on one port with the certificate it generates on
// first use, trusted here by the file itself (as a learner's browser trusts it once accepted).
#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "server_process.hpp"
#include "temp_web_root.hpp"
#include "test_clients.hpp"

using namespace rtclab::server_test;
namespace protocol = rtclab::protocol;
namespace ssl = boost::asio::ssl;
namespace fs = std::filesystem;

namespace {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// The certificate and key in a folder of their own, so a test never touches .cache/tls.
struct TlsServer {
  explicit TlsServer(std::vector<std::string> extraArgs = {})
      : server(start(std::move(extraArgs))) {}

  TempWebRoot web;
  fs::path certificate = web.root().parent_path() / "tls" / "cert.pem";
  fs::path key = web.root().parent_path() / "tls" / "key.pem";
  ServerProcess server;

private:
  ServerProcess start(std::vector<std::string> extraArgs) {
    std::vector<std::string> args{"--tls", "--cert", certificate.string(), "--key", key.string()};
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    return ServerProcess(web.root().string(), args);
  }
};

// A client context that trusts exactly the server's certificate and checks it names 127.0.0.1.
ssl::context trustingClient(const fs::path& certificate) {
  ssl::context context(ssl::context::tls_client);
  context.load_verify_file(certificate.string());
  context.set_verify_mode(ssl::verify_peer);
  context.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
  return context;
}

// Runs `body` on a fresh io_context, at most kDefaultWait; rethrows what it threw.
template <typename Body> void runClient(Body body) {
  asio::io_context io;
  std::exception_ptr failure;
  bool done = false;
  asio::co_spawn(io, body(io), [&](std::exception_ptr e) {
    failure = e;
    done = true;
  });
  io.run_for(kDefaultWait);
  if (!done)
    throw std::runtime_error("TLS client timed out");
  if (failure)
    std::rethrow_exception(failure);
}

asio::awaitable<void> connectTls(TlsStream& stream, std::uint16_t port) {
  beast::get_lowest_layer(stream).expires_after(kDefaultWait);
  co_await beast::get_lowest_layer(stream).async_connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), asio::use_awaitable);
  co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
}

http::response<http::string_body> httpsGet(std::uint16_t port, const fs::path& certificate,
                                           const std::string& target) {
  http::response<http::string_body> response;
  ssl::context context = trustingClient(certificate);
  runClient([&](asio::io_context& io) -> asio::awaitable<void> {
    TlsStream stream(io, context);
    co_await connectTls(stream, port);
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    request.keep_alive(false);
    co_await http::async_write(stream, request, asio::use_awaitable);
    beast::flat_buffer buffer;
    co_await http::async_read(stream, buffer, response, asio::use_awaitable);
  });
  return response;
}

// A wss client: connects, joins, and reads one message at a time.
class WssClient {
public:
  WssClient(std::uint16_t port, const fs::path& certificate)
      : context_(trustingClient(certificate)), ws_(io_, context_) {
    run([&]() -> asio::awaitable<void> {
      co_await connectTls(ws_.next_layer(), port);
      beast::get_lowest_layer(ws_).expires_never();
      ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
      co_await ws_.async_handshake("127.0.0.1:" + std::to_string(port), "/ws", asio::use_awaitable);
    });
  }

  void send(const protocol::Message& message) {
    const std::string text = protocol::serialize(message);
    run([&]() -> asio::awaitable<void> {
      co_await ws_.async_write(asio::buffer(text), asio::use_awaitable);
    });
  }

  protocol::Message receive() {
    beast::flat_buffer buffer;
    run([&]() -> asio::awaitable<void> { co_await ws_.async_read(buffer, asio::use_awaitable); });
    protocol::ParseResult parsed = protocol::parse(beast::buffers_to_string(buffer.data()));
    REQUIRE(parsed.ok());
    return parsed.message();
  }

  template <typename T> T expect() {
    protocol::Message message = receive();
    T* typed = std::get_if<T>(&message);
    REQUIRE_MESSAGE(typed != nullptr, "got " << protocol::serialize(message));
    return *typed;
  }

private:
  template <typename Body> void run(Body body) {
    std::exception_ptr failure;
    bool done = false;
    asio::co_spawn(io_, body(), [&](std::exception_ptr e) {
      failure = e;
      done = true;
    });
    io_.restart();
    io_.run_for(kDefaultWait);
    if (!done)
      throw std::runtime_error("wss client timed out");
    if (failure)
      std::rethrow_exception(failure);
  }

  asio::io_context io_;
  ssl::context context_;
  websocket::stream<TlsStream> ws_;
};

bool processAlive(const ServerProcess& server) { return ::kill(server.pid(), 0) == 0; }

} // namespace

TEST_CASE("tls-https-and-wss") {
  TlsServer tls;
  // Generated on first use: a key only its owner can read, the fingerprint in the log.
  REQUIRE(fs::exists(tls.certificate));
  const auto keyMode = fs::status(tls.key).permissions() & fs::perms::all;
  CHECK((keyMode == (fs::perms::owner_read | fs::perms::owner_write)));
  CHECK(tls.server.log().find("event=tls-certificate-generated") != std::string::npos);
  CHECK(tls.server.log().find("sha256-fingerprint=") != std::string::npos);

  const auto index = httpsGet(tls.server.port(), tls.certificate, "/");
  CHECK(index.result_int() == 200);
  CHECK(index.body() == TempWebRoot::kIndexHtml);
  CHECK(httpsGet(tls.server.port(), tls.certificate, "/nope").result_int() == 404);

  WssClient alice(tls.server.port(), tls.certificate), bob(tls.server.port(), tls.certificate);
  alice.send(protocol::Join{"demo", "alice"});
  const auto joined = alice.expect<protocol::Joined>();
  CHECK(joined.room == "demo");
  bob.send(protocol::Join{"demo", "bob"});
  const std::string bobId = bob.expect<protocol::Joined>().peer;
  CHECK(alice.expect<protocol::PeerJoined>().peer == bobId);
  alice.send(protocol::Offer{bobId, std::nullopt, "v=0 over tls"});
  CHECK(bob.expect<protocol::Offer>() == protocol::Offer{bobId, joined.peer, "v=0 over tls"});
}

TEST_CASE("tls-plain-http-refused-cleanly") {
  TlsServer tls;
  // A browser pointed at http:// gets a plain answer saying why, not a hang or a crash.
  const auto plain = httpRequest(tls.server.port(), http::verb::get, "/");
  CHECK(plain.result_int() == 400);
  CHECK(plain.body().find("https://") != std::string::npos);
  // Garbage that is neither HTTP nor TLS: the connection just ends.
  RawConnection garbage(tls.server.port());
  garbage.send(std::string("\x16\x03\x01\x00\x05hello", 10));
  CHECK(garbage.read(kDefaultWait) != RawConnection::Read::timeout);

  CHECK(processAlive(tls.server));
  CHECK(httpsGet(tls.server.port(), tls.certificate, "/").result_int() == 200);
  // A second start uses the same certificate instead of making a new one.
  ServerProcess again(tls.web.root().string(),
                      {"--tls", "--cert", tls.certificate.string(), "--key", tls.key.string()});
  CHECK(again.log().find("event=tls-certificate ") != std::string::npos);
  CHECK(again.log().find("generated") == std::string::npos);
  CHECK(httpsGet(again.port(), tls.certificate, "/").result_int() == 200);
}

TEST_CASE("tls-handshake-timeout") {
  TlsServer tls;
  // Connects and never starts the handshake: dropped after the server's handshake timeout
  // (10 s), not held forever.
  RawConnection stalled(tls.server.port());
  CHECK(stalled.read(std::chrono::milliseconds(13000)) == RawConnection::Read::closed);
  CHECK(processAlive(tls.server));
}

TEST_CASE("tls-heartbeat-timeout") {
  // The WebSocket limits hold over TLS too: a peer that stops answering pings is dropped.
  TlsServer tls({"--idle-timeout", "1"});
  WssClient observer(tls.server.port(), tls.certificate),
      silent(tls.server.port(), tls.certificate);
  observer.send(protocol::Join{"demo"});
  observer.expect<protocol::Joined>();
  silent.send(protocol::Join{"demo"});
  const std::string silentId = silent.expect<protocol::Joined>().peer;
  CHECK(observer.expect<protocol::PeerJoined>().peer == silentId);
  // `silent` runs no I/O from here on; the observer reads, and so answers the server's pings.
  const auto left = observer.expect<protocol::PeerLeft>();
  CHECK(left.peer == silentId);
  CHECK(std::string(protocol::toString(left.reason)) == "timeout");
}
