// event_log.hpp: the panel's scrolling list of what happened, oldest first.
//
//   rtclab::ui::EventLog log;                                 // keeps the last 500 entries
//   log.add(nowMs, rtclab::ui::LogLevel::Info, "createOffer() resolved");
//   rtclab::ui::drawEventLog(log, "##events");                // inside an ImGui window
//
// The log is a bounded ring: once full, each new entry drops the oldest, so a lab that logs every
// ICE candidate for an hour keeps a constant footprint. dropped() says how many were dropped.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <deque>
#include <string>

namespace rtclab::ui {

enum class LogLevel { Info, Warn, Error };
const char* toString(LogLevel level); // "info", "warn", "error"

struct LogEntry {
  double timeMs = 0; // when it happened, e.g. performance.now()
  LogLevel level = LogLevel::Info;
  std::string text;
  bool operator==(const LogEntry&) const = default;
};

class EventLog {
public:
  static constexpr std::size_t kDefaultCapacity = 500;
  explicit EventLog(std::size_t capacity = kDefaultCapacity); // capacity 0 counts as 1

  void add(double timeMs, LogLevel level, std::string text);
  void clear(); // also resets dropped()

  const std::deque<LogEntry>& entries() const { return entries_; } // oldest first
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  std::size_t capacity() const { return capacity_; }
  std::size_t dropped() const { return dropped_; } // entries dropped to stay within capacity

private:
  std::size_t capacity_;
  std::size_t dropped_ = 0;
  std::deque<LogEntry> entries_;
};

// [{"timeMs": 12.5, "level": "info", "text": "..."}, ...], oldest first: a lab's labState() log.
nlohmann::json toJson(const EventLog& log);

// A scrolling child region (`id` must be unique in the window, e.g. "##events") with one line per
// entry: "00:01.234 warn  text", coloured by level. It follows new entries while scrolled to the
// bottom and stays put while the learner scrolls up to read. height 0 fills the rest of the
// window; a negative height leaves that many pixels below it.
void drawEventLog(const EventLog& log, const char* id, float height = 0.0f);

} // namespace rtclab::ui
