// runAction and the std::string InputText every lab panel uses.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "rtclab/ui/headless.hpp"
#include "rtclab/ui/lab_widgets.hpp"

using rtclab::ui::EventLog;
using rtclab::ui::LogLevel;

namespace {

rtclab::LabActions someActions(std::vector<std::string>& ran) {
  rtclab::LabActions actions;
  actions.add("call", [&ran](const std::string& argument) {
    ran.push_back("call " + argument);
    return rtclab::actionDone();
  });
  actions.add("hangup", [](const std::string&) -> rtclab::ActionResult { return "no call"; });
  return actions;
}

} // namespace

TEST_CASE("runAction runs the named action; a refusal lands in the log, named") {
  std::vector<std::string> ran;
  const auto actions = someActions(ran);
  EventLog log;
  CHECK(rtclab::ui::runAction(actions, "call", "p2", log));
  CHECK(ran == std::vector<std::string>{"call p2"});
  CHECK(log.empty());

  log.add(1500, LogLevel::Info, "connected");
  CHECK_FALSE(rtclab::ui::runAction(actions, "hangup", "", log));
  REQUIRE(log.size() == 2);
  CHECK(log.entries().back() ==
        rtclab::ui::LogEntry{1500, LogLevel::Error, "hangup: no call"}); // the log's latest time
  CHECK_FALSE(rtclab::ui::runAction(actions, "dance", "", log));
  CHECK(log.entries().back().text.rfind("dance: ", 0) == 0); // unknown names are refused too
}

TEST_CASE("the std::string InputText of imgui_stdlib draws the string and keeps it") {
  std::string room = "a room name longer than any fixed buffer would have guessed";
  const auto report = rtclab::ui::testing::drawFrames(3, [&] {
    ImGui::Begin("form");
    ImGui::InputText("room", &room);
    ImGui::InputTextMultiline("##text", &room, ImVec2(200, 60));
    ImGui::End();
  });
  CHECK(report.errors.empty());
  CHECK(report.showsText("a room name"));
  CHECK(room == "a room name longer than any fixed buffer would have guessed");
}

TEST_CASE("the event log's snapshot lists its entries oldest first") {
  EventLog log;
  log.add(1, LogLevel::Info, "one");
  log.add(2, LogLevel::Error, "two");
  CHECK(toJson(log) == nlohmann::json::parse(R"([{"timeMs":1,"level":"info","text":"one"},
                                                  {"timeMs":2,"level":"error","text":"two"}])"));
  CHECK(toJson(EventLog()) == nlohmann::json::array());
}
