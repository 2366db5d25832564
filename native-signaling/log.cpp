#include "log.hpp"

#include <atomic>
#include <cstdio>
#include <utility>

namespace rtclab::server {
namespace {

std::atomic<LogLevel> minimumLevel{LogLevel::info};

bool needsQuotes(std::string_view value) {
  if (value.empty())
    return true;
  for (char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
      return true;
  }
  return false;
}

void appendValue(std::string& line, std::string_view value) {
  if (!needsQuotes(value)) {
    line += value;
    return;
  }
  line += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') {
      line += '\\';
      line += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      line += ' '; // keep the event on one line
    } else {
      line += c;
    }
  }
  line += '"';
}

} // namespace

std::string_view toString(LogLevel level) {
  switch (level) {
  case LogLevel::debug:
    return "debug";
  case LogLevel::info:
    return "info";
  case LogLevel::warn:
    return "warn";
  case LogLevel::error:
    return "error";
  }
  return "info";
}

std::optional<LogLevel> logLevelFromString(std::string_view text) {
  for (LogLevel level : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error}) {
    if (toString(level) == text)
      return level;
  }
  return std::nullopt;
}

void setLogLevel(LogLevel minimum) { minimumLevel.store(minimum, std::memory_order_relaxed); }

bool logEnabled(LogLevel level) { return level >= minimumLevel.load(std::memory_order_relaxed); }

LogLine::LogLine(LogLevel level, std::string_view event) : enabled_(logEnabled(level)) {
  if (!enabled_)
    return;
  line_ = "level=";
  line_ += toString(level);
  field("event", event);
}

LogLine::~LogLine() {
  if (!enabled_)
    return;
  line_ += '\n';
  std::fwrite(line_.data(), 1, line_.size(), stderr);
}

LogLine& LogLine::field(std::string_view key, std::string_view value) {
  if (!enabled_)
    return *this;
  line_ += ' ';
  line_ += key;
  line_ += '=';
  appendValue(line_, value);
  return *this;
}

LogLine& LogLine::field(std::string_view key, std::uint64_t value) {
  if (!enabled_)
    return *this;
  return field(key, std::string_view(std::to_string(value)));
}

std::optional<std::uint64_t> LogThrottle::admit(Clock::time_point now) {
  if (lastLine_ && now - *lastLine_ < interval_) {
    ++heldBack_;
    return std::nullopt;
  }
  lastLine_ = now;
  return std::exchange(heldBack_, 0);
}

} // namespace rtclab::server
