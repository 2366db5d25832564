// timer.hpp: a one-shot setTimeout owned by a C++ object (internal to rtclab::browser).
//
//   Timer retry;
//   retry.start(500, [this] { reconnect(); });   // replaces a pending one
//   retry.cancel();                               // or just destroy the Timer
//
// Destroying the Timer cancels it, so the browser never calls into freed memory. The JS function
// comes from the bridge like every other callback (so a test can drive globalThis.setTimeout
// with a fake clock), and its callable is freed as soon as it fires or is cancelled.
#pragma once

#include "bridge.hpp"

#include <functional>
#include <utility>

namespace rtclab::browser {

class Timer {
public:
  Timer() = default;
  Timer(const Timer&) = delete; // the callback holds `this`: the object must not move
  Timer& operator=(const Timer&) = delete;
  ~Timer() { cancel(); }

  void start(double delayMs, std::function<void()> callback) {
    cancel();
    emscripten::val function =
        listeners_.add([this, callback = std::move(callback)](emscripten::val) {
          handle_ = emscripten::val::undefined();
          // Unregistered before the call: the bridge keeps this callable alive while it runs, and
          // the callback may restart this Timer or destroy its owner (and the Timer).
          listeners_.clear();
          callback();
        });
    handle_ = bridge::detail::moduleFunction<"rtclabSetTimeout">()(function, delayMs);
  }

  void cancel() {
    if (!handle_.isUndefined()) {
      bridge::detail::moduleFunction<"rtclabClearTimeout">()(handle_);
      handle_ = emscripten::val::undefined();
    }
    listeners_.clear();
  }

  bool pending() const { return !handle_.isUndefined(); }

private:
  emscripten::val handle_ = emscripten::val::undefined();
  bridge::Listeners listeners_;
};

} // namespace rtclab::browser
