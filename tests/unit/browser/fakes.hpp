// fakes.hpp: the C++ side of fake_web.js (the browser's objects faked under node), shared by the
// bridge and SignalingClient tests.
#pragma once

#include <emscripten/val.h>

#include <string>

namespace rtclab::testing {

using emscripten::val;

inline val fakes() { return val::global("rtclabFakes"); }

// new rtclabFakes.<className>(args...)
template <typename... Args> val makeFake(const char* className, Args&&... args) {
  return fakes()[className].new_(std::forward<Args>(args)...);
}

inline int listenerCount(const val& target, const std::string& type) {
  return target.call<int>("listenerCount", type);
}
inline int listenerCount(const val& target) { return target.call<int>("listenerCount"); }

inline void fire(const val& target, const std::string& type, val fields = val::object()) {
  target.call<void>("fire", type, fields);
}

inline std::string lastConsoleError() { return fakes().call<std::string>("lastConsoleError"); }

// The fake clock for one test: setTimeout and performance.now run on it until destruction.
class FakeClock {
public:
  FakeClock() { fakes()["clock"].call<void>("install"); }
  ~FakeClock() { fakes()["clock"].call<void>("uninstall"); }
  FakeClock(const FakeClock&) = delete;
  FakeClock& operator=(const FakeClock&) = delete;

  void advance(double ms) { fakes()["clock"].call<void>("advance", ms); }
  void freeze(double ms) { fakes()["clock"].call<void>("freeze", ms); }
  int pendingTimers() const { return fakes()["clock"].call<int>("pending"); }
};

} // namespace rtclab::testing
