#include "rtclab/cpu_pressure.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace rtclab {
namespace {

constexpr std::array<std::pair<CpuPressureState, std::string_view>, 4> kNames{{
    {CpuPressureState::Nominal, "nominal"},
    {CpuPressureState::Fair, "fair"},
    {CpuPressureState::Serious, "serious"},
    {CpuPressureState::Critical, "critical"},
}};

} // namespace

CpuPressureState parseCpuPressureState(std::string_view text) {
  for (const auto& [state, name] : kNames) {
    if (name == text) {
      return state;
    }
  }
  return CpuPressureState::Unknown;
}

std::string_view toString(CpuPressureState state) {
  for (const auto& [candidate, name] : kNames) {
    if (candidate == state) {
      return name;
    }
  }
  return "";
}

std::string_view meaningOf(CpuPressureState state) {
  switch (state) {
  case CpuPressureState::Nominal:
    return "the CPU is idle or lightly used: room for more encoders";
  case CpuPressureState::Fair:
    return "the CPU is busy but keeps up";
  case CpuPressureState::Serious:
    return "the CPU is near its limit: encoders may lower resolution or frame rate";
  case CpuPressureState::Critical:
    return "the CPU cannot keep up: frames are dropped, calls degrade";
  case CpuPressureState::Unknown:
    break;
  }
  return "no reading yet";
}

CpuPressureState worse(CpuPressureState a, CpuPressureState b) { return std::max(a, b); }

} // namespace rtclab
