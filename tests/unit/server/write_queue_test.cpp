// The session's write queue: popped after each write, bounded in bytes, aged by its oldest.
#include <doctest/doctest.h>

#include <string>

#include "write_queue.hpp"

using namespace rtclab::server;
using namespace std::chrono_literals;

TEST_CASE("a written message leaves the queue at once, and its bytes with it") {
  const auto t0 = WriteQueue::Clock::time_point{} + 1h;
  WriteQueue queue(1000);
  REQUIRE(queue.push(std::string(300, 'a'), t0));
  REQUIRE(queue.push(std::string(200, 'b'), t0 + 1ms));
  CHECK(queue.size() == 2);
  CHECK(queue.bytes() == 500);
  // The writer holds front() while more is queued: the deque never moves it.
  const char* inFlight = queue.front().data();
  for (int i = 0; i < 2; ++i)
    REQUIRE(queue.push(std::string(100, 'c'), t0 + 2ms));
  CHECK(queue.front().data() == inFlight);
  queue.pop(); // the write completed
  CHECK(queue.size() == 3);
  CHECK(queue.bytes() == 400);
  CHECK(queue.front() == std::string(200, 'b'));
}

TEST_CASE("the bound is in bytes, not messages") {
  const auto t0 = WriteQueue::Clock::time_point{} + 1h;
  WriteQueue queue(64 * 1024);
  REQUIRE(queue.push(std::string(60 * 1024, 'o'), t0));
  CHECK_FALSE(queue.push(std::string(60 * 1024, 'o'), t0)); // a second large offer is too much
  CHECK(queue.bytes() == 60 * 1024);
  int small = 0;
  while (queue.push(std::string(100, 's'), t0))
    ++small;
  CHECK(small == (4 * 1024) / 100);
  // An empty queue takes any one message, so a big one can always be sent.
  WriteQueue tiny(10);
  CHECK(tiny.push(std::string(100, 'x'), t0));
}

TEST_CASE("the oldest unsent message's wait tells a slow consumer") {
  const auto t0 = WriteQueue::Clock::time_point{} + 1h;
  WriteQueue queue(1000);
  CHECK(queue.oldestWait(t0) == 0s);
  queue.push("first", t0);
  queue.push("second", t0 + 4s);
  CHECK(queue.oldestWait(t0 + 5s) == 5s);
  queue.pop();
  CHECK(queue.oldestWait(t0 + 5s) == 1s);
  queue.clear();
  CHECK(queue.empty());
  CHECK(queue.bytes() == 0);
}
