#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "rtclab/state_timeline.hpp"

using rtclab::StateTimeline;

TEST_CASE("an empty timeline") {
  const StateTimeline timeline;
  CHECK(timeline.current().empty());
  CHECK(timeline.sequence().empty());
  CHECK(timeline.toString().empty());
  CHECK_FALSE(timeline.durationInMs(0).has_value());
  CHECK(timeline.capacity() == StateTimeline::kDefaultCapacity);
}

TEST_CASE("a connection going new => checking => connected") {
  StateTimeline timeline;
  CHECK(timeline.record("new", 0));
  CHECK(timeline.record("checking", 120.5));
  CHECK_FALSE(timeline.record("checking", 130)); // browsers repeat events; not a change
  CHECK(timeline.record("connected", 400));

  CHECK(timeline.current() == "connected");
  CHECK(timeline.sequence() == std::vector<std::string>{"new", "checking", "connected"});
  CHECK(timeline.toString() == "new => checking => connected");
  CHECK(timeline.durationInMs(0) == doctest::Approx(120.5));
  CHECK(timeline.durationInMs(1) == doctest::Approx(279.5)); // from the first "checking"
  CHECK_FALSE(timeline.durationInMs(2).has_value());         // still connected
  CHECK_FALSE(timeline.durationInMs(99).has_value());
  CHECK(timeline.transitions()[1] == StateTimeline::Transition{"checking", 120.5});
}

TEST_CASE("a state may come back after another one") {
  StateTimeline timeline;
  for (const char* state : {"connected", "disconnected", "connected"}) {
    CHECK(timeline.record(state, 0));
  }
  CHECK(timeline.toString() == "connected => disconnected => connected");
}

TEST_CASE("the timeline keeps only the last `capacity` transitions") {
  StateTimeline timeline(3);
  const std::vector<std::string> states = {"new", "checking", "connected", "disconnected",
                                           "checking"};
  for (std::size_t i = 0; i < states.size(); ++i) {
    timeline.record(states[i], 10.0 * static_cast<double>(i));
  }
  CHECK(timeline.sequence() == std::vector<std::string>{"connected", "disconnected", "checking"});
  CHECK(timeline.transitions().front().atMs == doctest::Approx(20));
  CHECK(timeline.durationInMs(0) == doctest::Approx(10));

  timeline.clear();
  CHECK(timeline.sequence().empty());
  CHECK(timeline.record("checking", 100)); // no longer a repeat after clear()
}

TEST_CASE("capacity 0 still keeps the current state") {
  StateTimeline timeline(0);
  timeline.record("new", 0);
  timeline.record("closed", 1);
  CHECK(timeline.capacity() == 1);
  CHECK(timeline.toString() == "closed");
}
