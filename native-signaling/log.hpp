// Structured log lines for rtclab-server: one line per event, `key=value` pairs, on stderr.
//
//   LogLine(LogLevel::info, "join").field("peer", "p3").field("room", "demo");
//   -> level=info event=join peer=p3 room=demo
//
// The line is written when the LogLine is destroyed (end of the full expression), so one event
// is one write and lines from different events never interleave.
#pragma once

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

} // namespace rtclab::server
