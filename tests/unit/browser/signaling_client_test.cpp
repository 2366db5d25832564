// SignalingClient over a fake WebSocket and a fake clock (fake_web.js), in node's JS engine: the
// test plays the server (open, frames, drops) and moves time by hand, so every timeout, backoff
// and heartbeat is exercised synchronously and exactly.
#include "fakes.hpp"

#include "bridge.hpp"

#include "rtclab/signaling_client.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace rtclab;
using namespace rtclab::testing;
using emscripten::val;

namespace {

constexpr const char* kUrl = "ws://127.0.0.1:1/ws";

// No jitter: the backoff is exactly 500, 1000, 2000 ... ms.
SignalingOptions exactOptions() {
  SignalingOptions options;
  options.reconnect.jitterFraction = 0;
  options.connectTimeoutMs = 1000;
  options.heartbeat = {.intervalMs = 2000, .timeoutMs = 5000};
  return options;
}

int socketCount() { return fakes()["FakeWebSocket"].call<int>("count"); }
val socket(int index) { return fakes()["FakeWebSocket"].call<val>("at", index); }
int sentCount(const val& ws) { return ws.call<int>("sentCount"); }
nlohmann::json lastSent(const val& ws) {
  return nlohmann::json::parse(ws.call<std::string>("lastSent"));
}
void receive(const val& ws, const std::string& text) { ws.call<void>("receive", text); }

// Every test starts from no sockets, the fake clock at 0, and checks for leaks at the end.
struct World {
  World() { fakes()["FakeWebSocket"].call<void>("reset"); }
  FakeClock clock;
  std::size_t callbacksBefore = bridge::registeredCallbackCount();
};

} // namespace

TEST_CASE("a socket that never opens is given up after connectTimeoutMs and retried") {
  World world;
  {
    SignalingClient client(exactOptions());
    std::vector<SignalingClientState> states;
    client.onStateChange([&](SignalingClientState state) { states.push_back(state); });
    REQUIRE_FALSE(client.connect(kUrl));
    CHECK(client.state() == SignalingClientState::Connecting);
    REQUIRE(socketCount() == 1);
    world.clock.advance(999);
    CHECK(client.state() == SignalingClientState::Connecting);
    world.clock.advance(1);
    CHECK(client.state() == SignalingClientState::Reconnecting);
    CHECK(client.lastDisconnectReason() == "the socket did not open within 1000 ms");
    CHECK(socket(0)["closedWith"].as<int>() == 1000); // abandoned, not left dangling
    CHECK(listenerCount(socket(0)) == 0);
    CHECK(client.nextReconnectDelayMs() == 500);
    world.clock.advance(500);
    CHECK(socketCount() == 2);
    CHECK(client.reconnectAttempts() == 1);
    CHECK(states == std::vector<SignalingClientState>{SignalingClientState::Connecting,
                                                      SignalingClientState::Reconnecting});
  }
  CHECK(world.clock.pendingTimers() == 0); // destroying the client cancelled its timers
  CHECK(bridge::registeredCallbackCount() == world.callbacksBefore);
}

TEST_CASE("each failed attempt doubles the wait, and an open socket resets it") {
  World world;
  SignalingClient client(exactOptions());
  client.connect(kUrl);
  socket(0).call<void>("drop", 1006);
  std::vector<double> delays;
  for (int attempt = 0; attempt < 4; ++attempt) {
    REQUIRE(client.nextReconnectDelayMs());
    delays.push_back(*client.nextReconnectDelayMs());
    world.clock.advance(*client.nextReconnectDelayMs() - 1);
    CHECK(socketCount() == attempt + 1); // not a moment early
    world.clock.advance(1);
    REQUIRE(socketCount() == attempt + 2);
    socket(attempt + 1).call<void>("drop", 1006);
  }
  CHECK(delays == std::vector<double>{500, 1000, 2000, 4000});
  CHECK(client.lastDisconnectReason() == "the socket closed (code 1006)");
  world.clock.advance(*client.nextReconnectDelayMs());
  socket(5).call<void>("open");
  CHECK(client.state() == SignalingClientState::Open);
  CHECK(client.successfulReconnects() == 1);
  socket(5).call<void>("drop", 1006);
  CHECK(client.nextReconnectDelayMs() == 500); // back to the base wait
}

TEST_CASE("after a reconnect the client joins the same room again under the same name") {
  World world;
  SignalingClient client(exactOptions());
  std::vector<std::string> joinedAs;
  client.onJoined([&](const protocol::Joined& joined) { joinedAs.push_back(joined.peer); });
  client.connect(kUrl);
  client.join("demo", "alice"); // before the socket opens: sent on open
  CHECK(sentCount(socket(0)) == 0);
  socket(0).call<void>("open");
  auto join = lastSent(socket(0));
  CHECK(join["type"] == "join");
  CHECK(join["room"] == "demo");
  CHECK(join["name"] == "alice");
  receive(socket(0), R"({"type":"joined","room":"demo","peer":"p1","name":"alice","peers":[]})");
  CHECK(client.you() == "p1");

  socket(0).call<void>("drop", 1001);
  CHECK(client.you().empty()); // ids belong to connections
  world.clock.advance(500);
  socket(1).call<void>("open");
  auto rejoin = lastSent(socket(1));
  CHECK(rejoin["type"] == "join");
  CHECK(rejoin["room"] == "demo");
  CHECK(rejoin["name"] == "alice");
  receive(socket(1), R"({"type":"joined","room":"demo","peer":"p2","name":"alice","peers":[]})");
  CHECK(joinedAs == std::vector<std::string>{"p1", "p2"});
  CHECK(client.room() == "demo");
}

TEST_CASE("a room token goes with the join and with every rejoin, and leave() forgets it") {
  World world;
  SignalingClient client(exactOptions());
  client.connect(kUrl);
  client.join("demo", "alice", "v1.payload.signature");
  socket(0).call<void>("open");
  CHECK(lastSent(socket(0))["token"] == "v1.payload.signature");

  socket(0).call<void>("drop", 1001);
  world.clock.advance(500);
  socket(1).call<void>("open");
  CHECK(lastSent(socket(1))["token"] == "v1.payload.signature");

  client.leave();
  client.join("other", "alice"); // no token for this room
  CHECK_FALSE(lastSent(socket(1)).contains("token"));
}

TEST_CASE("a server that stops answering pings is declared dead and replaced") {
  World world;
  SignalingClient client(exactOptions());
  std::vector<double> rtts;
  client.onHeartbeat([&](double rtt) { rtts.push_back(rtt); });
  client.connect(kUrl);
  socket(0).call<void>("open");
  world.clock.advance(2000);
  auto ping = lastSent(socket(0));
  REQUIRE(ping["type"] == "ping");
  world.clock.advance(30);
  receive(socket(0), R"({"type":"pong","id":)" + ping["id"].dump() + "}");
  CHECK(rtts == std::vector<double>{30});
  CHECK(client.lastRttMs() == 30);

  // Now silence: pings go out, no pong comes back.
  world.clock.advance(1970 + 2000); // now 6000: pings at 4000 and 6000 unanswered
  CHECK(client.state() == SignalingClientState::Open);
  world.clock.advance(2000); // at 8000 the 4000 ping has waited 4000 ms: still alive
  CHECK(client.state() == SignalingClientState::Open);
  world.clock.advance(2000); // at 10000 it has waited 6000 ms > 5000: dead
  CHECK(client.state() == SignalingClientState::Reconnecting);
  CHECK(client.lastDisconnectReason() == "no pong for 5000 ms: the connection is dead");
  CHECK(socket(0)["closedWith"].as<int>() == 1000);
  CHECK(listenerCount(socket(0)) == 0);
  world.clock.advance(500);
  CHECK(socketCount() == 2);
}

TEST_CASE("a page frozen longer than the timeout keeps its socket when the pong was queued") {
  World world;
  SignalingClient client(exactOptions());
  client.connect(kUrl);
  socket(0).call<void>("open");
  world.clock.advance(2000);
  auto ping = lastSent(socket(0));
  REQUIRE(ping["type"] == "ping");
  // The main thread freezes for 8 s (six pages of calls on two cores). The pong came back
  // meanwhile but waits in the queue behind the late heartbeat timer.
  world.clock.freeze(8000);
  world.clock.advance(0); // the late timer runs first
  CHECK(client.state() == SignalingClientState::Open);
  receive(socket(0), R"({"type":"pong","id":)" + ping["id"].dump() + "}");
  world.clock.advance(4000);
  CHECK(client.state() == SignalingClientState::Open);
  CHECK(socketCount() == 1);
  // Silence while the page runs is still death.
  world.clock.advance(6000);
  CHECK(client.state() == SignalingClientState::Reconnecting);
}

TEST_CASE("a callback may destroy the client: its socket is closed and nothing runs afterwards") {
  World world;
  std::optional<SignalingClient> client(std::in_place, exactOptions());
  int offers = 0;
  int joins = 0;
  client->onJoined([&](const protocol::Joined&) {
    ++joins;
    client.reset(); // destroyed inside its own callback
  });
  client->onOffer([&](const protocol::Offer&) { ++offers; });
  client->connect(kUrl);
  client->join("demo", "bob");
  val ws = socket(0);
  ws.call<void>("open");
  receive(ws, R"({"type":"joined","room":"demo","peer":"p1","name":"bob","peers":[]})");
  CHECK(joins == 1);
  CHECK_FALSE(client);
  CHECK(ws["closedWith"].as<int>() == 1000);
  CHECK(listenerCount(ws) == 0);
  CHECK(world.clock.pendingTimers() == 0); // the heartbeat was cancelled too
  CHECK(bridge::registeredCallbackCount() == world.callbacksBefore);

  // A frame, a close and the clock after destruction reach nobody.
  receive(ws, R"({"type":"offer","to":"p1","sdp":"v=0","from":"p2"})");
  ws.call<void>("drop", 1006);
  world.clock.advance(60000);
  CHECK(offers == 0);
  CHECK(joins == 1);
  CHECK(socketCount() == 1); // no reconnect from a dead client
}

TEST_CASE("a frame that arrives after the client is destroyed reaches nobody") {
  World world;
  int messages = 0;
  val ws = val::undefined();
  {
    SignalingClient client(exactOptions());
    client.onRawMessage([&](MessageDirection, const std::string&) { ++messages; });
    client.onMalformedMessage([&](const std::string&, const protocol::ParseError&) { ++messages; });
    client.connect(kUrl);
    ws = socket(0);
    ws.call<void>("open");
    receive(ws, R"({"type":"peer-joined","peer":"p2","name":"carol"})");
    CHECK(messages == 1);
  }
  receive(ws, R"({"type":"peer-joined","peer":"p3","name":"dave"})");
  receive(ws, "not json");
  CHECK(messages == 1);
  CHECK(listenerCount(ws) == 0);
  CHECK(bridge::registeredCallbackCount() == world.callbacksBefore);
}

TEST_CASE("a join with an identity and a capacity is sent again, whole, after a reconnect") {
  World world;
  SignalingClient client(exactOptions());
  client.connect(kUrl);
  client.join(protocol::Join{.room = "call",
                             .name = "alice",
                             .secret = "0123456789abcdef0123456789abcdef",
                             .session = "s1",
                             .capacity = 2});
  socket(0).call<void>("open");
  const auto first = lastSent(socket(0));
  CHECK(first["secret"] == "0123456789abcdef0123456789abcdef");
  CHECK(first["session"] == "s1");
  CHECK(first["capacity"] == 2);
  socket(0).call<void>("drop", 1006);
  world.clock.advance(500);
  socket(1).call<void>("open");
  CHECK(lastSent(socket(1)) == first);
}

TEST_CASE("a join the server refuses (room-full, replaced) is forgotten, not retried") {
  for (const char* code : {"room-full", "replaced", "bad-token"}) {
    CAPTURE(code);
    World world;
    SignalingClient client(exactOptions());
    std::vector<std::string> errors;
    client.onError([&](const protocol::Error& error) {
      errors.push_back(std::string(protocol::toString(error.code)));
    });
    client.connect(kUrl);
    client.join("call", "carol");
    socket(0).call<void>("open");
    receive(socket(0), std::string(R"({"type":"error","code":")") + code + R"(","message":"no"})");
    CHECK(errors == std::vector<std::string>{code});
    CHECK(client.room().empty());
    socket(0).call<void>("drop", 1006);
    world.clock.advance(500);
    socket(1).call<void>("open");
    CHECK(sentCount(socket(1)) == 0); // no join on the new connection
  }
  // Other errors leave the room alone.
  World world;
  SignalingClient client(exactOptions());
  client.connect(kUrl);
  client.join("call", "carol");
  socket(0).call<void>("open");
  receive(socket(0), R"({"type":"error","code":"rate-limited","message":"slow down"})");
  CHECK(client.room() == "call");
}
