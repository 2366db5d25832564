// cpu_pressure.hpp: the page's CPU pressure, as the Compute Pressure API reports it.
//
//   const observer = new PressureObserver((records) => show(records.at(-1).state));
//   await observer.observe('cpu', { sampleInterval: 1000 });
//
// The browser reports coarse states, not percentages (a page must not learn exact load: it
// could fingerprint the machine or see other tabs' work): "nominal", "fair", "serious",
// "critical". Chromium exposes PressureObserver on secure pages; Firefox and Safari do not.
// CpuPressureObserver (cpu_pressure_observer.hpp) does the observing; these are its values.
//
// Pure values: tested natively and under node (tests/unit/values/cpu_pressure_test.cpp).
#pragma once

#include <string_view>

namespace rtclab {

enum class CpuPressureState { Unknown, Nominal, Fair, Serious, Critical };

CpuPressureState parseCpuPressureState(std::string_view text); // Unknown for anything else
std::string_view toString(CpuPressureState state);             // "" for Unknown

// What the state means for a call, in one line for a panel.
std::string_view meaningOf(CpuPressureState state);

// The higher of two states (Unknown is the lowest): the worst seen over an interval.
CpuPressureState worse(CpuPressureState a, CpuPressureState b);

} // namespace rtclab
