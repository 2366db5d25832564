#include "write_queue.hpp"

namespace rtclab::server {

bool WriteQueue::push(std::string message, Clock::time_point now) {
  if (!entries_.empty() && bytes_ + message.size() > maxBytes_)
    return false;
  bytes_ += message.size();
  entries_.push_back(Entry{std::move(message), now});
  return true;
}

void WriteQueue::pop() {
  bytes_ -= entries_.front().text.size();
  entries_.pop_front();
}

void WriteQueue::clear() {
  entries_.clear();
  bytes_ = 0;
}

WriteQueue::Clock::duration WriteQueue::oldestWait(Clock::time_point now) const {
  return entries_.empty() ? Clock::duration::zero() : now - entries_.front().queuedAt;
}

} // namespace rtclab::server
