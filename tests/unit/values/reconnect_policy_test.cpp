#include <doctest/doctest.h>

#include <vector>

#include "rtclab/reconnect_policy.hpp"

using rtclab::HeartbeatMonitor;
using rtclab::ReconnectPolicy;

namespace {

ReconnectPolicy::Options withoutJitter() {
  ReconnectPolicy::Options options;
  options.baseDelayMs = 500;
  options.factor = 2;
  options.maxDelayMs = 10000;
  options.jitterFraction = 0;
  return options;
}

std::vector<double> delays(ReconnectPolicy& policy, int count) {
  std::vector<double> result;
  for (int i = 0; i < count; ++i) {
    result.push_back(policy.nextDelayMs());
  }
  return result;
}

} // namespace

TEST_CASE("without jitter the delays double from the base and stop at the cap") {
  ReconnectPolicy policy(withoutJitter());
  CHECK(policy.nominalDelayMs() == 500);
  CHECK(delays(policy, 8) == std::vector<double>{500, 1000, 2000, 4000, 8000, 10000, 10000, 10000});
  CHECK(policy.attempts() == 8);
}

TEST_CASE("the cap holds however many attempts fail") {
  ReconnectPolicy policy(withoutJitter());
  for (int i = 0; i < 5000; ++i) { // 2^5000 overflows a double: the cap must still hold
    REQUIRE(policy.nextDelayMs() <= 10000);
  }
  CHECK(policy.nextDelayMs() == 10000);
}

TEST_CASE("jitter only shortens a wait, by at most the jitter fraction") {
  ReconnectPolicy::Options options = withoutJitter();
  options.jitterFraction = 0.25;
  options.seed = 42;
  ReconnectPolicy policy(options);
  bool someShortened = false;
  for (int i = 0; i < 200; ++i) {
    const double nominal = policy.nominalDelayMs();
    const double delay = policy.nextDelayMs();
    CAPTURE(i);
    REQUIRE(delay <= nominal);
    REQUIRE(delay >= nominal * 0.75);
    someShortened = someShortened || delay < nominal;
  }
  CHECK(someShortened); // the jitter is really there
}

TEST_CASE("jitter spreads clients apart; the same seed repeats the same delays") {
  ReconnectPolicy::Options options;
  options.seed = 1;
  ReconnectPolicy first(options);
  ReconnectPolicy sameSeed(options);
  options.seed = 2;
  ReconnectPolicy otherSeed(options);
  const auto firstDelays = delays(first, 6);
  CHECK(firstDelays == delays(sameSeed, 6));
  CHECK(firstDelays != delays(otherSeed, 6));
}

TEST_CASE("a success resets the backoff to the base delay") {
  ReconnectPolicy policy(withoutJitter());
  delays(policy, 4);
  CHECK(policy.nominalDelayMs() == 8000);
  policy.reset();
  CHECK(policy.attempts() == 0);
  CHECK(policy.nextDelayMs() == 500);
}

TEST_CASE("impossible options are clamped instead of hammering the server") {
  ReconnectPolicy::Options options;
  options.baseDelayMs = -5;
  options.factor = 0.5;    // would shrink the wait
  options.maxDelayMs = -1; // below the base
  options.jitterFraction = 3;
  ReconnectPolicy policy(options);
  CHECK(policy.options().baseDelayMs == 0);
  CHECK(policy.options().factor == 1);
  CHECK(policy.options().maxDelayMs == 0);
  CHECK(policy.options().jitterFraction == 1);
  CHECK(policy.nextDelayMs() == 0);
}

TEST_CASE("a pong gives the round trip of its ping") {
  HeartbeatMonitor heartbeat;
  CHECK_FALSE(heartbeat.lastRttMs());
  const auto id = heartbeat.pingSent(1000);
  CHECK(heartbeat.outstanding() == 1);
  CHECK(heartbeat.pongReceived(id, 1012.5) == doctest::Approx(12.5));
  CHECK(heartbeat.lastRttMs() == doctest::Approx(12.5));
  CHECK(heartbeat.outstanding() == 0);
}

TEST_CASE("a ping unanswered for longer than the timeout means the connection is dead") {
  HeartbeatMonitor heartbeat({.intervalMs = 2000, .timeoutMs = 5000});
  CHECK_FALSE(heartbeat.isDead(0)); // nothing sent yet: nothing to wait for
  heartbeat.pingSent(0);
  heartbeat.pingSent(2000);
  heartbeat.pingSent(4000);
  CHECK_FALSE(heartbeat.isDead(5000));
  CHECK(heartbeat.isDead(5001)); // the first ping's pong is overdue
}

TEST_CASE("time the page was frozen does not count against a ping; running time still does") {
  HeartbeatMonitor heartbeat({.intervalMs = 2000, .timeoutMs = 5000});
  heartbeat.timerFired(0);
  heartbeat.pingSent(0);
  // The main thread freezes for 8 s: the timer due at 2000 runs at 10000. The pong may be
  // queued behind it, so the ping has waited only one interval of running time.
  heartbeat.timerFired(10000);
  CHECK(heartbeat.frozenMs() == 8000);
  CHECK_FALSE(heartbeat.isDead(10000));
  heartbeat.pingSent(10000);
  // On time from here: no pong by 13001 is 5 s of running time for the first ping.
  heartbeat.timerFired(12000);
  CHECK_FALSE(heartbeat.isDead(12000));
  CHECK(heartbeat.isDead(13001));
  // A new connection starts without excuses.
  heartbeat.restart();
  CHECK(heartbeat.frozenMs() == 0);
  heartbeat.timerFired(20000);
  heartbeat.pingSent(20000);
  heartbeat.timerFired(30000); // frozen again, 8 s excused
  CHECK_FALSE(heartbeat.isDead(30000));
  CHECK(heartbeat.isDead(33001));
}

TEST_CASE("a pong answers every older ping, and unknown pongs are ignored") {
  HeartbeatMonitor heartbeat({.intervalMs = 2000, .timeoutMs = 5000});
  heartbeat.pingSent(0);
  const auto second = heartbeat.pingSent(2000);
  heartbeat.pingSent(4000);
  CHECK_FALSE(heartbeat.pongReceived(999, 4100)); // made up
  CHECK(heartbeat.pongReceived(second, 4100) == doctest::Approx(2100));
  CHECK(heartbeat.outstanding() == 1);               // only the newest is still waiting
  CHECK_FALSE(heartbeat.isDead(8000));               // it was sent at 4000
  CHECK_FALSE(heartbeat.pongReceived(second, 4200)); // a duplicate
  CHECK(heartbeat.isDead(9001));
}

TEST_CASE("a new connection forgets the old one's pings but keeps the last RTT on show") {
  HeartbeatMonitor heartbeat;
  const auto id = heartbeat.pingSent(0);
  heartbeat.pongReceived(id, 30);
  heartbeat.pingSent(2000);
  heartbeat.restart();
  CHECK_FALSE(heartbeat.isDead(100000));
  CHECK(heartbeat.lastRttMs() == doctest::Approx(30));
  CHECK(heartbeat.pingSent(100000) > id); // ids keep counting: an old pong cannot match a new ping
}
