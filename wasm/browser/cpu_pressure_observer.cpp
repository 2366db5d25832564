#include "rtclab/cpu_pressure_observer.hpp"

#include "bridge.hpp"

namespace rtclab {

using emscripten::val;

struct CpuPressureObserver::Impl {
  bridge::Listeners listeners; // first member: destroyed last, after disconnect()
  val observer = val::undefined();
  CpuPressureState state = CpuPressureState::Unknown;
  std::string unavailable;
};

CpuPressureObserver::CpuPressureObserver(double sampleIntervalMs)
    : impl_(std::make_unique<Impl>()) {
  Impl& impl = *impl_;
  if (val::global("PressureObserver").isUndefined()) {
    impl.unavailable = "not exposed by this browser (the Compute Pressure API is in Chromium, on "
                       "secure pages: https or localhost)";
    return;
  }
  // The callback gets every record since the last call; the newest is the state now.
  val onRecords = impl.listeners.add([&impl](val records) {
    const int count = records["length"].as<int>();
    if (count > 0) {
      impl.state = parseCpuPressureState(bridge::stringProperty(records[count - 1], "state"));
    }
  });
  auto constructed = bridge::construct("PressureObserver", onRecords);
  if (!constructed.ok()) {
    impl.unavailable = constructed.error->name + ": " + constructed.error->message;
    return;
  }
  impl.observer = constructed.value;
  val options = val::object();
  options.set("sampleInterval", sampleIntervalMs);
  auto observing = bridge::callMethod(impl.observer, "observe", std::string("cpu"), options);
  if (!observing.ok()) {
    impl.unavailable = observing.error->name + ": " + observing.error->message;
    return;
  }
  impl.listeners.then(
      observing.value, [](val) {},
      [&impl](bridge::JsError error) { impl.unavailable = error.name + ": " + error.message; });
}

CpuPressureObserver::~CpuPressureObserver() {
  if (impl_ && !impl_->observer.isUndefined()) {
    bridge::callMethod(impl_->observer, "disconnect");
  }
}

CpuPressureState CpuPressureObserver::state() const { return impl_->state; }
const std::string& CpuPressureObserver::unavailable() const { return impl_->unavailable; }

} // namespace rtclab
