// timer.hpp: a one-shot setTimeout owned by a C++ object (internal to rtclab::browser).
//
//   Timer retry;
//   retry.start(500, [this] { reconnect(); });   // replaces a pending one
//   retry.cancel();                               // or just destroy the Timer
//
// Destroying the Timer cancels it, so the browser never calls into freed memory; no JS function
// is made (emscripten_set_timeout calls a plain C function pointer), so no bridge is needed.
#pragma once

#include <emscripten/eventloop.h>

#include <functional>
#include <utility>

namespace rtclab::browser {

class Timer {
public:
  Timer() = default;
  Timer(const Timer&) = delete; // the browser holds `this`: the object must not move
  Timer& operator=(const Timer&) = delete;
  ~Timer() { cancel(); }

  void start(double delayMs, std::function<void()> callback) {
    cancel();
    callback_ = std::move(callback);
    id_ = emscripten_set_timeout(&Timer::fire, delayMs, this);
  }

  void cancel() {
    if (id_ != 0) {
      emscripten_clear_timeout(id_);
      id_ = 0;
    }
    callback_ = nullptr;
  }

  bool pending() const { return id_ != 0; }

private:
  static void fire(void* self) {
    auto* timer = static_cast<Timer*>(self);
    timer->id_ = 0;
    // Moved out first: the callback may restart this Timer or destroy its owner (and the Timer).
    auto callback = std::move(timer->callback_);
    timer->callback_ = nullptr;
    callback();
  }

  long id_ = 0;
  std::function<void()> callback_;
};

} // namespace rtclab::browser
