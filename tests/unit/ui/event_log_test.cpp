#include <string>

#include "panel_texts.hpp"

#include <doctest/doctest.h>

#include "rtclab/ui/event_log.hpp"
#include "rtclab/ui/headless.hpp"

using rtclab::ui::EventLog;
using rtclab::ui::LogEntry;
using rtclab::ui::LogLevel;
using rtclab::ui::testing::drawFrames;

TEST_CASE("the event log keeps entries oldest first") {
  EventLog log;
  CHECK(log.empty());
  log.add(10, LogLevel::Info, "createOffer()");
  log.add(25, LogLevel::Warn, "ICE disconnected");
  REQUIRE(log.size() == 2);
  CHECK(log.entries().front() == LogEntry{10, LogLevel::Info, "createOffer()"});
  CHECK(log.entries().back() == LogEntry{25, LogLevel::Warn, "ICE disconnected"});
  CHECK(log.dropped() == 0);
}

TEST_CASE("a full event log drops its oldest entries and counts them") {
  EventLog log(3);
  for (int i = 0; i < 5; ++i) {
    log.add(i, LogLevel::Info, "event " + std::to_string(i));
  }
  CHECK(log.size() == 3);
  CHECK(log.capacity() == 3);
  CHECK(log.dropped() == 2);
  CHECK(log.entries().front().text == "event 2");
  CHECK(log.entries().back().text == "event 4");

  log.clear();
  CHECK(log.empty());
  CHECK(log.dropped() == 0);
}

TEST_CASE("an event log of capacity 0 still keeps the latest entry") {
  EventLog log(0);
  log.add(1, LogLevel::Error, "first");
  log.add(2, LogLevel::Error, "second");
  CHECK(log.capacity() == 1);
  REQUIRE(log.size() == 1);
  CHECK(log.entries().front().text == "second");
}

TEST_CASE("log levels have their names") {
  CHECK(std::string(toString(LogLevel::Info)) == "info");
  CHECK(std::string(toString(LogLevel::Warn)) == "warn");
  CHECK(std::string(toString(LogLevel::Error)) == "error");
}

TEST_CASE("drawEventLog shows the latest entries with time and level") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  EventLog log(1000);
  for (int i = 0; i < 1000; ++i) {
    log.add(1000.0 * i, i % 2 ? LogLevel::Warn : LogLevel::Error, "event " + std::to_string(i));
  }
  log.add(1234567, LogLevel::Error, "pc.connectionState is failed");
  const auto report = drawFrames(4, [&] { rtclab::ui::drawEventLog(log, "##events", 200); });
  CHECK(report.errors.empty());
  CHECK(report.vertexCount > 0);
  // Scrolled to the bottom: the newest entry is visible, the oldest ones are clipped away.
  CHECK(report.showsText("20:34.567"));
  CHECK(report.showsText("error pc.connectionState is failed"));
  CHECK_FALSE(report.showsText("older entries dropped")); // scrolled away from the top
  CHECK_FALSE(report.showsText("event 5\n"));
}

TEST_CASE("drawEventLog of an empty log says so") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const auto report = drawFrames(2, [] { rtclab::ui::drawEventLog(EventLog{}, "##events"); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("(no events yet)"));
}
