#include "rtclab/state_timeline.hpp"

#include <algorithm>

namespace rtclab {

StateTimeline::StateTimeline(std::size_t capacity)
    : capacity_(std::max<std::size_t>(capacity, 1)) {}

bool StateTimeline::record(std::string_view state, double atMs) {
  if (!transitions_.empty() && transitions_.back().state == state) {
    return false; // browsers can fire the same state twice; the timeline shows changes only
  }
  if (transitions_.size() == capacity_) {
    transitions_.erase(transitions_.begin());
  }
  transitions_.push_back(Transition{std::string(state), atMs});
  return true;
}

void StateTimeline::clear() { transitions_.clear(); }

std::string_view StateTimeline::current() const {
  return transitions_.empty() ? std::string_view{} : std::string_view{transitions_.back().state};
}

std::vector<std::string> StateTimeline::sequence() const {
  std::vector<std::string> states;
  states.reserve(transitions_.size());
  for (const Transition& transition : transitions_) {
    states.push_back(transition.state);
  }
  return states;
}

std::string StateTimeline::toString() const {
  std::string text;
  for (const Transition& transition : transitions_) {
    if (!text.empty()) {
      text += " => ";
    }
    text += transition.state;
  }
  return text;
}

std::optional<double> StateTimeline::durationInMs(std::size_t i) const {
  if (i + 1 >= transitions_.size()) {
    return std::nullopt;
  }
  return transitions_[i + 1].atMs - transitions_[i].atMs;
}

} // namespace rtclab
