// The messages one session has yet to send, oldest first, bounded in bytes (Asio's C++20 chat
// server, Beast's chat-multi). The front is the message being written: the writer pops it when
// its write completes, so nothing already sent stays queued. A std::list never moves its
// elements, so the buffer handed to the write in flight stays valid while new messages are
// queued behind it, and, unlike a std::deque (whose first 512-byte block stays allocated even
// when empty), an empty list holds no memory: most connections are idle, with nothing queued.
// Pure: time is passed in.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <string>

namespace rtclab::server {

class WriteQueue {
public:
  using Clock = std::chrono::steady_clock;

  explicit WriteQueue(std::size_t maxBytes) : maxBytes_(maxBytes) {}

  // Queues `message` unless that would take the queue over its byte bound (then returns false
  // and queues nothing). An empty queue takes any one message, however large.
  bool push(std::string message, Clock::time_point now);

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  std::size_t bytes() const { return bytes_; }
  const std::string& front() const { return entries_.front().text; } // requires !empty()
  void pop();                                                        // requires !empty()
  void clear();

  // How long the oldest unsent message has waited (zero when empty): a peer that does not
  // read is recognised by this age, whatever the count or size of its messages.
  Clock::duration oldestWait(Clock::time_point now) const;

private:
  struct Entry {
    std::string text;
    Clock::time_point queuedAt;
  };
  std::size_t maxBytes_;
  std::size_t bytes_ = 0;
  std::list<Entry> entries_;
};

} // namespace rtclab::server
