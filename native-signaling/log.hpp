// Structured log lines for rtclab-server: one line per event, `key=value` pairs, on stderr.
//
//   LogLine(LogLevel::info, "join").field("peer", "p3").field("room", "demo");
//   -> level=info event=join peer=p3 room=demo
//
// The line is written when the LogLine is destroyed (end of the full expression), so one event
// is one write and lines from different events never interleave.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rtclab::server {

enum class LogLevel { debug, info, warn, error };

std::string_view toString(LogLevel level);
std::optional<LogLevel> logLevelFromString(std::string_view text);

// Lines below this level are dropped (cheaply: no formatting happens).
void setLogLevel(LogLevel minimum);
bool logEnabled(LogLevel level);

class LogLine {
public:
  LogLine(LogLevel level, std::string_view event);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;

  // Values with spaces, quotes or '=' are quoted so a line always splits back into pairs.
  LogLine& field(std::string_view key, std::string_view value);
  LogLine& field(std::string_view key, std::uint64_t value);

private:
  bool enabled_;
  std::string line_;
};

// For events that can repeat thousands of times a second (refused connections, accept errors):
// lets one line through per interval and counts the ones held back. Pure: time is passed in.
class LogThrottle {
public:
  using Clock = std::chrono::steady_clock;
  explicit LogThrottle(Clock::duration interval) : interval_(interval) {}

  // nullopt: stay quiet. Otherwise log now, reporting this many events held back since the
  // last line.
  std::optional<std::uint64_t> admit(Clock::time_point now);

private:
  Clock::duration interval_;
  std::optional<Clock::time_point> lastLine_;
  std::uint64_t heldBack_ = 0;
};

} // namespace rtclab::server
