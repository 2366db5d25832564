// Lab 05's panel, drawn headless for a full room of 8 (7 remote cards): readable, no ImGui error,
// the buttons run their actions, the measurements table shows what the CSV exports; the README's
// steps tick from the state, in Korean or English.
#include "mesh_panel.hpp"

#include "rtclab/ui/headless.hpp"

#include "lab05_fake_room.hpp"
#include "panel_clicks.hpp"
#include "panel_texts.hpp"
#include "recording_actions.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace lab05;
using lab05::testing::FullRoom;
using rtclab::ui::testing::drawFrames;

namespace {

rtclab::LabActions recordingActions(std::vector<std::string>& ran) {
  return rtclab::testing::recordingActions(ran,
                                           {"start", "join", "hangup", "mute-audio", "mute-video",
                                            "restart-ice", "send-chat", "export-csv"});
}

} // namespace

TEST_CASE("a room of 8: one card per remote, the totals, the chart's table and the chat") {
  rtclab::testing::usePanelTexts("05-mesh");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  FullRoom room;
  rtclab::ui::testing::HeadlessOptions tall;
  tall.displayHeight = 1000;
  const auto report = drawFrames(
      3, [&] { drawPanel(room.state, actions); }, tall);
  CHECK(report.errors.empty());
  CHECK(report.showsText("you: u-a11ce000000000000000 (alice)"));
  CHECK(report.showsText("participants 8: 7 connections, 6 connected"));
  for (int i = 1; i <= 7; ++i) { // every card on its own line, readable
    CHECK(report.showsLine({"guest-" + std::to_string(i)}));
  }
  CHECK(report.showsLine({"guest-3", "connected", "host", "RTT 4 ms", "in", "283 kbps", "out",
                          "303 kbps", "fps 14/15", "cpu"}));
  CHECK(report.showsLine({"guest-7", "connecting"}));
  CHECK(report.showsText("limited by: cpu"));
  CHECK(report.showsLine({"page CPU pressure: serious", "(the CPU is near its limit"}));
  // The table holds the CSV's figures: N=8 uploads 7 x 400 kbps, 7.0 times the 1:1 call.
  CHECK(report.showsLine({"8", "1", "2800.0", "400.0", "critical", "7.0"}));
  CHECK(report.showsLine({"2", "1", "400.0", "400.0", "nominal", "1.0"}));
  CHECK(room.state.measurements.csv().find("\n8,7,1,2800.0,") != std::string::npos);
  CHECK(report.showsText("N=8"));
  CHECK(report.showsText("you: hello all"));
  CHECK(ran.empty());
}

TEST_CASE("a card opens onto that connection's full call widgets") {
  rtclab::testing::usePanelTexts("05-mesh");
  FullRoom room;
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  const auto draw = [&] { drawPanel(room.state, actions); };
  const auto closed = drawFrames(3, draw);
  CHECK_FALSE(closed.showsText("Connection process (sequence chart)"));
  const auto where = closed.textPosition("guest-2");
  REQUIRE(where.has_value());
  rtclab::ui::testing::HeadlessOptions click;
  click.clickAt = *where;
  const auto open = drawFrames(5, draw, click); // the click's frame draws the card open
  CHECK(ran.empty());
  CHECK(open.errors.empty());
  CHECK(open.showsText("Connection process (sequence chart)"));
}

TEST_CASE("the buttons run the lab's actions; a refusal shows the server's limit") {
  rtclab::testing::usePanelTexts("05-mesh");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  FullRoom room;
  const auto draw = [&] { drawPanel(room.state, actions); };
  CHECK(rtclab::testing::clickButton(draw, "Export"));
  CHECK(rtclab::testing::clickButton(draw, "Leave"));
  CHECK(ran == std::vector<std::string>{"export-csv", "hangup"});

  MeshLabState refused;
  refused.call.phase = "refused";
  refused.call.serverError = "room-full: room 'demo' is full (8 of 8 participants)";
  const auto report = drawFrames(3, [&] { drawPanel(refused, actions); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("room-full: room 'demo' is full (8 of 8 participants)"));
  CHECK(report.showsText("Join"));
}

TEST_CASE("a browser without the Compute Pressure API: the panel says why there is no reading") {
  rtclab::testing::usePanelTexts("05-mesh");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  FullRoom room;
  room.state.totals.cpuPressure = rtclab::CpuPressureState::Unknown;
  room.state.cpuPressureUnavailable = "not exposed by this browser";
  const auto report = drawFrames(3, [&] { drawPanel(room.state, actions); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("page CPU pressure: not exposed by this browser"));
  CHECK(toJson(room.state)["cpuPressure"]["unavailable"] == "not exposed by this browser");
}

TEST_CASE("labState: the remotes, the totals, the measurements and the CSV") {
  rtclab::testing::usePanelTexts("05-mesh");
  FullRoom room;
  const auto json = toJson(room.state);
  CHECK(json["lab"] == "05-mesh");
  REQUIRE(json["remotes"].size() == 7);
  CHECK(json["remotes"][2]["qualityLimitationReason"] == "cpu");
  CHECK(json["remotes"][2]["tileVideoWidth"] == 320);
  CHECK(json["totals"]["participants"] == 8);
  CHECK(json["totals"]["cpuPressure"] == "serious");
  CHECK(json["cpuPressure"]["state"] == "serious");
  CHECK(json["cpuPressure"]["unavailable"] == "");
  CHECK(json["measurements"][2]["cpuPressure"] == "critical");
  REQUIRE(json["measurements"].size() == 3);
  CHECK(json["measurements"][2]["upRatioToPair"].get<double>() == doctest::Approx(7.0));
  CHECK(json["csv"] == room.state.measurements.csv());
  CHECK(json["chat"][1]["text"] == "hi alice");
}

TEST_CASE("the steps: ticked from the state in order, in Korean or English") {
  rtclab::testing::usePanelTexts("05-mesh");
  std::vector<std::string> ran;
  auto actions = recordingActions(ran);
  FullRoom room;
  MeshLabState& state = room.state;
  const auto done = [&] {
    std::vector<bool> list;
    const auto json = toJson(state);
    for (const auto& step : json["steps"]["list"]) {
      list.push_back(step["done"].get<bool>());
    }
    return list;
  };
  // In the call with a chat line of ours, one of seven still connecting.
  rememberProgress(state);
  CHECK(done() == std::vector<bool>{true, true, false, true, false, false});
  CHECK(toJson(state)["steps"]["current"] == 2);
  CHECK(toJson(state)["steps"]["list"][2]["step"] == "lab05.step.connect");

  state.totals.connected = 7; // every connection connected
  rememberProgress(state);
  state.csvExports = 1;
  CHECK(toJson(state)["steps"]["current"] == 5);
  state.call.phase = "idle"; // left: the steps stay done though the state no longer shows them
  state.totals.connected = 0;
  state.totals.participants = 1;
  rememberProgress(state);
  CHECK(done() == std::vector<bool>(6, true));
  CHECK(toJson(state)["steps"]["current"] == 6);

  const auto draw = [&] { drawPanel(state, actions); };
  const auto english = drawFrames(3, draw);
  CHECK(english.showsText("1. Start camera: one capture for every connection"));
  CHECK(english.showsText("Export CSV"));

  auto korean = rtclab::testing::inKorean("05-mesh");
  const auto report = drawFrames(3, draw, korean);
  CHECK(report.errors.empty());
  CHECK(report.showsText("1. 카메라 시작"));
  CHECK(report.showsText("6. 통화 끝내기"));
  CHECK(report.showsText("CSV 내보내기"));
  CHECK_FALSE(report.showsText("Export CSV"));
  CHECK(toJson(state)["steps"]["list"][0]["text"] ==
        "1. 카메라 시작: 모든 연결이 같은 카메라를 보냅니다");
  // The Korean button runs the same action.
  const auto where = report.textPosition("CSV 내보내기");
  REQUIRE(where.has_value());
  korean.clickAt = *where;
  drawFrames(4, draw, korean);
  CHECK(ran == std::vector<std::string>{"export-csv"});
  rtclab::testing::usePanelTexts("05-mesh");
}
