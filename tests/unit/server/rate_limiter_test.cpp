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
