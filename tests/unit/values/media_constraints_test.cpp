#include "rtclab/media_constraints.hpp"

#include <doctest/doctest.h>

using nlohmann::json;
using rtclab::MediaConstraints;

TEST_CASE("the guide's {video: true, audio: true} is the default request") {
  CHECK(rtclab::cameraAndMicrophone().toJson() == json{{"video", true}, {"audio", true}});
}

TEST_CASE("a kind that is not requested is false") {
  MediaConstraints audioOnly;
  audioOnly.audio = rtclab::AudioConstraints{};
  CHECK(audioOnly.toJson() == json{{"video", false}, {"audio", true}});
  CHECK(MediaConstraints{}.toJson() == json{{"video", false}, {"audio", false}});
}

TEST_CASE("ideal and exact map to the W3C constraint objects") {
  rtclab::VideoConstraints video;
  video.width.ideal = 1280;
  video.height.exact = 720;
  video.frameRate.ideal = 15.0;
  video.deviceId.exact = "cam-2";
  MediaConstraints constraints;
  constraints.video = video;
  const json expected = {{"video",
                          {{"width", {{"ideal", 1280}}},
                           {"height", {{"exact", 720}}},
                           {"frameRate", {{"ideal", 15.0}}},
                           {"deviceId", {{"exact", "cam-2"}}}}},
                         {"audio", false}};
  CHECK(constraints.toJson() == expected);
}

TEST_CASE("audio device and echo cancellation") {
  rtclab::AudioConstraints audio;
  audio.deviceId.ideal = "mic-1";
  audio.echoCancellation = false;
  MediaConstraints constraints;
  constraints.audio = audio;
  CHECK(constraints.toJson()["audio"] ==
        json{{"deviceId", {{"ideal", "mic-1"}}}, {"echoCancellation", false}});
}

TEST_CASE("constraints are values: equal when every field is equal") {
  MediaConstraints a = rtclab::cameraAndMicrophone();
  MediaConstraints b = rtclab::cameraAndMicrophone();
  CHECK(a == b);
  b.video->width.ideal = 640;
  CHECK_FALSE(a == b);
}
