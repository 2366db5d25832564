// state_timeline.hpp: the history behind the panel's "new => checking => connected" line.
//
// Feed it every state change (pc.onconnectionstatechange, oniceconnectionstatechange, ...)
// with the time it happened; it keeps the sequence and how long each state lasted. The states
// are plain strings (toString() of any state enum), so one timeline type serves every enum.
// It keeps only the last `capacity` transitions, so a flapping connection cannot grow it forever.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtclab {

class StateTimeline {
public:
  struct Transition {
    std::string state; // "checking"
    double atMs = 0;   // when it was entered, e.g. performance.now()
    bool operator==(const Transition&) const = default;
  };

  static constexpr std::size_t kDefaultCapacity = 64;
  explicit StateTimeline(std::size_t capacity = kDefaultCapacity); // capacity 0 counts as 1

  // Appends a transition; returns false (and records nothing) when `state` is the current one.
  bool record(std::string_view state, double atMs);
  void clear();

  std::string_view current() const; // empty before the first record()
  const std::vector<Transition>& transitions() const { return transitions_; }
  std::vector<std::string> sequence() const; // {"new", "checking", "connected"}
  std::string toString() const;              // "new => checking => connected"
  // Time spent in transitions()[i]: until the next transition. std::nullopt for the current
  // (last) state, which has not ended yet, and for i out of range.
  std::optional<double> durationInMs(std::size_t i) const;
  std::size_t capacity() const { return capacity_; }

private:
  std::size_t capacity_;
  std::vector<Transition> transitions_; // oldest first
};

} // namespace rtclab
