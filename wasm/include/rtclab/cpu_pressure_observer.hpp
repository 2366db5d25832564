// cpu_pressure_observer.hpp: the page's CPU pressure, observed for as long as this object lives.
//
//   const observer = new PressureObserver((records) => show(records.at(-1).state));
//   observer.observe('cpu', { sampleInterval: 1000 });   ...   observer.disconnect();
//
//   rtclab::CpuPressureObserver pressure;          // observes from construction
//   panel.cpuPressure = pressure.state();          // Unknown until the first record
//   panel.cpuPressureUnavailable = pressure.unavailable(); // why there is no reading
//
// Where the browser has no PressureObserver (Firefox, Safari, an insecure page) nothing is
// observed and unavailable() says so; where observe() is refused (a permissions policy, no
// pressure source on this machine) unavailable() holds the browser's error.
#pragma once

#include "rtclab/cpu_pressure.hpp"

#include <memory>
#include <string>

namespace rtclab {

class CpuPressureObserver {
public:
  explicit CpuPressureObserver(double sampleIntervalMs = 1000);
  ~CpuPressureObserver(); // disconnect(): no record arrives after this
  CpuPressureObserver(const CpuPressureObserver&) = delete;
  CpuPressureObserver& operator=(const CpuPressureObserver&) = delete;

  CpuPressureState state() const; // the latest record's state
  // "" while observing; else why not: "not exposed by this browser ..." or "NotAllowedError: ..."
  const std::string& unavailable() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace rtclab
