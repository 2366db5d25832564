// CpuPressureObserver over a fake PressureObserver: the newest record is the state, a refusal
// or a missing API is said, and nothing is delivered or kept after destruction.
#include "fakes.hpp"

#include "bridge.hpp"

#include "rtclab/cpu_pressure_observer.hpp"

#include <doctest/doctest.h>

using namespace rtclab;
using namespace rtclab::testing;
using emscripten::val;

namespace {

// globalThis.PressureObserver = FakePressureObserver for one test case.
struct FakePressureApi {
  FakePressureApi() {
    fakes()["FakePressureObserver"].set("instances", val::array());
    val::global().set("PressureObserver", fakes()["FakePressureObserver"]);
  }
  ~FakePressureApi() { val::global().delete_("PressureObserver"); }
  val observer(int i) const { return fakes()["FakePressureObserver"]["instances"][i]; }
};

} // namespace

TEST_CASE("without the API (Firefox, Safari): no reading, and the reason") {
  CpuPressureObserver pressure;
  CHECK(pressure.state() == CpuPressureState::Unknown);
  CHECK(pressure.unavailable().starts_with("not exposed by this browser"));
}

TEST_CASE("observes cpu at the interval asked; the newest record is the state") {
  FakePressureApi api;
  const auto callbacksBefore = bridge::registeredCallbackCount();
  {
    CpuPressureObserver pressure(500);
    val observer = api.observer(0);
    REQUIRE(observer["observed"]["length"].as<int>() == 1);
    CHECK(observer["observed"][0]["source"].as<std::string>() == "cpu");
    CHECK(observer["observed"][0]["options"]["sampleInterval"].as<double>() == 500);
    observer["observed"][0].call<void>("onValue", val::undefined());
    CHECK(pressure.unavailable().empty());
    CHECK(pressure.state() == CpuPressureState::Unknown);

    observer.call<void>("emit", std::string("fair"));
    CHECK(pressure.state() == CpuPressureState::Fair);
    observer.call<void>("emit", std::string("critical"));
    CHECK(pressure.state() == CpuPressureState::Critical);
    observer.call<void>("emit", std::string("nominal"));
    CHECK(pressure.state() == CpuPressureState::Nominal);
  }
  CHECK(api.observer(0)["disconnected"].as<bool>());
  CHECK(bridge::registeredCallbackCount() == callbacksBefore);
}

TEST_CASE("observe() refused: the browser's error is the reason") {
  FakePressureApi api;
  CpuPressureObserver pressure;
  val error = val::global("Error").new_(std::string("no pressure source on this machine"));
  error.set("name", std::string("NotSupportedError"));
  api.observer(0)["observed"][0].call<void>("onError", error);
  CHECK(pressure.unavailable() == "NotSupportedError: no pressure source on this machine");
  CHECK(pressure.state() == CpuPressureState::Unknown);
}
