#include "rtclab/lab_actions.hpp"
#include "rtclab/media_track_info.hpp"

#include <doctest/doctest.h>

TEST_CASE("an action runs with its argument and reports success or its error") {
  rtclab::LabActions actions;
  std::string seen;
  actions.add("echo", [&](const std::string& argument) {
    seen = argument;
    return rtclab::actionDone();
  });
  actions.add("refuse", [](const std::string&) -> rtclab::ActionResult { return "not now"; });
  CHECK_FALSE(actions.run("echo", "hello"));
  CHECK(seen == "hello");
  CHECK(actions.run("refuse", "") == std::optional<std::string>("not now"));
}

TEST_CASE("an unknown action is an error naming the known ones") {
  rtclab::LabActions actions;
  actions.add("start", [](const std::string&) { return rtclab::actionDone(); });
  actions.add("stop", [](const std::string&) { return rtclab::actionDone(); });
  auto error = actions.run("jump", "");
  REQUIRE(error);
  CHECK(error->find("'jump'") != std::string::npos);
  CHECK(error->find("start, stop") != std::string::npos);
}

TEST_CASE("device kinds and track states use the W3C strings") {
  for (auto kind : {rtclab::MediaDeviceKind::AudioInput, rtclab::MediaDeviceKind::AudioOutput,
                    rtclab::MediaDeviceKind::VideoInput}) {
    CHECK(rtclab::parseMediaDeviceKind(rtclab::toString(kind)) == kind);
  }
  CHECK_FALSE(rtclab::parseMediaDeviceKind("videooutput"));
  CHECK(std::string(rtclab::toString(rtclab::MediaStreamTrackState::Live)) == "live");
  CHECK(std::string(rtclab::toString(rtclab::MediaStreamTrackState::Ended)) == "ended");
}

TEST_CASE("an on/off action's argument: on, off, or nothing to toggle") {
  bool muted = false;
  CHECK_FALSE(rtclab::setSwitch(muted, "on"));
  CHECK(muted);
  CHECK_FALSE(rtclab::setSwitch(muted, "on")); // stays on
  CHECK(muted);
  CHECK_FALSE(rtclab::setSwitch(muted, "false"));
  CHECK_FALSE(muted);
  CHECK_FALSE(rtclab::setSwitch(muted, ""));
  CHECK(muted);
  CHECK_FALSE(rtclab::setSwitch(muted, ""));
  CHECK_FALSE(muted);
  const auto refused = rtclab::setSwitch(muted, "loud");
  REQUIRE(refused);
  CHECK(*refused == "expected on, off or nothing (toggle), not 'loud'");
  CHECK_FALSE(muted); // unchanged
}
