// LatestUserMedia over a fake navigator.mediaDevices.getUserMedia the test settles by hand: only
// the newest request reaches its callbacks, and no stream of an older one stays live.
#include "fakes.hpp"

#include "bridge.hpp"

#include "rtclab/latest_user_media.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace rtclab;
using namespace rtclab::testing;
using emscripten::val;

namespace {

val userMedia() { return fakes()["userMedia"]; }
bool live(const val& stream) { return stream["active"].as<bool>(); }

struct Recorder {
  std::vector<std::string> streams;
  std::vector<std::string> errors;
  auto onStream() {
    return [this](MediaStream stream) { streams.push_back(stream.id()); };
  }
  auto onError() {
    return [this](MediaError error) { errors.push_back(error.name); };
  }
};

} // namespace

TEST_CASE("a second request supersedes the first: its stream is stopped on arrival") {
  userMedia().call<void>("reset");
  const auto callbacksBefore = bridge::registeredCallbackCount();
  {
    LatestUserMedia capture;
    Recorder recorder;
    int superseded = 0;
    capture.onSuperseded([&] { ++superseded; });
    capture.request(cameraAndMicrophone(), recorder.onStream(), recorder.onError());
    capture.request(cameraAndMicrophone(), recorder.onStream(), recorder.onError());
    REQUIRE(userMedia().call<int>("count") == 2);
    CHECK(capture.pending());

    const val second = userMedia().call<val>("resolve", 1);
    const val first = userMedia().call<val>("resolve", 0); // the older one arrives last
    CHECK(recorder.streams == std::vector<std::string>{second["id"].as<std::string>()});
    CHECK(live(second));
    CHECK_FALSE(live(first)); // the camera of the superseded request is off
    CHECK(superseded == 1);
    CHECK_FALSE(capture.pending());
  }
  CHECK(bridge::registeredCallbackCount() == callbacksBefore);
}

TEST_CASE("cancel: whatever arrives is stopped, and an error of an old request is dropped") {
  userMedia().call<void>("reset");
  LatestUserMedia capture;
  Recorder recorder;
  capture.request(cameraAndMicrophone(), recorder.onStream(), recorder.onError());
  capture.cancel();
  CHECK_FALSE(capture.pending());
  const val stream = userMedia().call<val>("resolve", 0);
  CHECK_FALSE(live(stream));
  CHECK(recorder.streams.empty());

  capture.request(cameraAndMicrophone(), recorder.onStream(), recorder.onError());
  capture.request(cameraAndMicrophone(), recorder.onStream(), recorder.onError());
  userMedia().call<void>("reject", 1, std::string("NotAllowedError"));
  userMedia().call<void>("reject", 2, std::string("NotReadableError"));
  CHECK(recorder.errors == std::vector<std::string>{"NotReadableError"});
}
