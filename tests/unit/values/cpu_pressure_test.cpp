// The Compute Pressure API's states: parsed from the browser's strings, ordered, explained.
#include <doctest/doctest.h>

#include "rtclab/cpu_pressure.hpp"

using namespace rtclab;

TEST_CASE("the four states round-trip through their W3C names; anything else is Unknown") {
  for (const auto state : {CpuPressureState::Nominal, CpuPressureState::Fair,
                           CpuPressureState::Serious, CpuPressureState::Critical}) {
    CHECK(parseCpuPressureState(toString(state)) == state);
    CHECK_FALSE(meaningOf(state).empty());
  }
  CHECK(toString(CpuPressureState::Serious) == "serious");
  CHECK(parseCpuPressureState("Serious") == CpuPressureState::Unknown); // names are lower case
  CHECK(parseCpuPressureState("") == CpuPressureState::Unknown);
  CHECK(toString(CpuPressureState::Unknown).empty());
  CHECK(meaningOf(CpuPressureState::Unknown) == "no reading yet");
}

TEST_CASE("worse: the higher pressure, Unknown the lowest") {
  CHECK(worse(CpuPressureState::Unknown, CpuPressureState::Nominal) == CpuPressureState::Nominal);
  CHECK(worse(CpuPressureState::Critical, CpuPressureState::Fair) == CpuPressureState::Critical);
  CHECK(worse(CpuPressureState::Fair, CpuPressureState::Serious) == CpuPressureState::Serious);
}
