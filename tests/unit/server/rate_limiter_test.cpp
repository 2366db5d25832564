#include <doctest/doctest.h>

#include "rate_limiter.hpp"

using namespace rtclab::server;
using namespace std::chrono_literals;
using Verdict = RateLimiter::Verdict;

TEST_CASE("a burst up to the rate is accepted, the next message is rejected") {
  const auto start = RateLimiter::Clock::time_point{} + 1h;
  RateLimiter limiter(5, start);
  for (int i = 0; i < 5; ++i)
    CHECK(limiter.admit(start) == Verdict::accept);
  CHECK(limiter.admit(start) == Verdict::reject);
  // Tokens come back at the configured rate: one per 200 ms here.
  CHECK(limiter.admit(start + 200ms) == Verdict::accept);
  CHECK(limiter.admit(start + 200ms) == Verdict::reject);
}

TEST_CASE("a steady sender at the rate is never rejected") {
  auto now = RateLimiter::Clock::time_point{} + 1h;
  RateLimiter limiter(50, now);
  for (int i = 0; i < 500; ++i) {
    now += 20ms;
    REQUIRE(limiter.admit(now) == Verdict::accept);
  }
}

TEST_CASE("a flood is disconnected after repeated rejections") {
  const auto start = RateLimiter::Clock::time_point{} + 1h;
  RateLimiter limiter(2, start);
  limiter.admit(start);
  limiter.admit(start);
  for (unsigned i = 0; i < RateLimiter::kRejectionsBeforeDisconnect; ++i)
    CHECK(limiter.admit(start) == Verdict::reject);
  CHECK(limiter.admit(start) == Verdict::disconnect);
}

TEST_CASE("rejections are forgiven once the client lets the bucket fill up again") {
  auto now = RateLimiter::Clock::time_point{} + 1h;
  RateLimiter limiter(2, now);
  for (int round = 0; round < 5; ++round) {
    limiter.admit(now);
    limiter.admit(now);
    for (unsigned i = 0; i < RateLimiter::kRejectionsBeforeDisconnect; ++i)
      REQUIRE(limiter.admit(now) == Verdict::reject);
    now += 2s; // quiet long enough to refill
  }
}

TEST_CASE("a client under the limit is not blamed for the server's stall") {
  // 5 per second allowed, the client sends 4 per second. The server then spends 3 s on one
  // message: the 12 messages sent meanwhile come out of the socket at once.
  auto now = RateLimiter::Clock::time_point{} + 1h;
  RateLimiter limiter(5, now);
  for (int i = 0; i < 8; ++i) {
    now += 250ms;
    REQUIRE(limiter.admit(now) == Verdict::accept);
  }
  now += 3s;
  CHECK(limiter.admit(now, 3s) == Verdict::accept);
  for (int i = 0; i < 11; ++i)
    CHECK(limiter.admit(now) == Verdict::accept);
  // Without the stall credit the same burst is rejected: the read time alone says "12 at once".
  RateLimiter blind(5, now);
  int rejected = 0;
  for (int i = 0; i < 12; ++i)
    rejected += blind.admit(now + 3s) == Verdict::accept ? 0 : 1;
  CHECK(rejected > 0);
}

TEST_CASE("stall credit is bounded and does not excuse a real flood") {
  auto now = RateLimiter::Clock::time_point{} + 1h;
  RateLimiter limiter(5, now);
  now += 1h;
  limiter.admit(now, 1h); // an hour of stall credits at most kMaxBusySeconds
  int accepted = 1;
  while (limiter.admit(now) == Verdict::accept)
    ++accepted;
  CHECK(accepted == static_cast<int>(5 * (1 + RateLimiter::kMaxBusySeconds)));
  // Busy time longer than the time since the last message is clamped to it.
  RateLimiter clamped(5, now);
  CHECK(clamped.admit(now + 1s, 10s) == Verdict::accept);
}

TEST_CASE("a burst larger than the rate: the bucket holds the burst, refills at the rate") {
  const auto start = RateLimiter::Clock::time_point{} + 1h;
  RateLimiter limiter(5, 20, start);
  for (int i = 0; i < 20; ++i)
    CHECK(limiter.admit(start) == Verdict::accept);
  CHECK(limiter.admit(start) == Verdict::reject);
  CHECK(limiter.admit(start + 200ms) == Verdict::accept); // one token per 200 ms, as before
  CHECK(limiter.admit(start + 200ms) == Verdict::reject);
  // A flood after the burst is still cut off after the same number of refusals (two so far).
  for (unsigned i = 2; i < RateLimiter::kRejectionsBeforeDisconnect; ++i)
    CHECK(limiter.admit(start + 200ms) == Verdict::reject);
  CHECK(limiter.admit(start + 200ms) == Verdict::disconnect);
  // Four seconds of quiet fill the whole bucket again.
  const auto later = start + 200ms + 4s;
  for (int i = 0; i < 20; ++i)
    CHECK(limiter.admit(later) == Verdict::accept);
  CHECK(limiter.admit(later) == Verdict::reject);
}
