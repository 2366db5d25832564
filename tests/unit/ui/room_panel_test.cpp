// The room header every room lab starts with: drawn headless, and its labState fields.
#include "panel_texts.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include "rtclab/ui/headless.hpp"
#include "rtclab/ui/room_panel.hpp"

using rtclab::RoomCallView;
using rtclab::ui::testing::drawFrames;

namespace {

RoomCallView refusedView() {
  RoomCallView view;
  view.url = "ws://127.0.0.1:8080/ws";
  view.room = "demo";
  view.name = "alice";
  view.signalingState = "open";
  view.signalingReconnects = 2;
  view.phase = "refused";
  view.serverError = "room-full: room 'demo' is full (2 of 2 participants)";
  view.capturing = true;
  view.videoMuted = true;
  return view;
}

void drawHeader(const RoomCallView& view, rtclab::ui::EventLog& log) {
  const rtclab::LabActions none;
  ImGui::Begin("room");
  rtclab::ui::drawRoomSignaling(view);
  rtclab::ui::drawRoomControls(view, none, log, "Leave");
  ImGui::End();
}

} // namespace

TEST_CASE("the header: socket, room, you, the phase with the server's refusal, the buttons") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  rtclab::ui::EventLog log;
  RoomCallView view = refusedView();
  auto report = drawFrames(3, [&] { drawHeader(view, log); });
  CHECK(report.errors.empty());
  CHECK(report.showsLine({"ws://127.0.0.1:8080/ws", "room 'demo'", "reconnects: 2"}));
  CHECK(report.showsText("you: (not joined) (alice)"));
  CHECK(report.wordAfter("call") == "refused");
  CHECK(report.showsText("room-full: room 'demo' is full (2 of 2 participants)"));
  CHECK(report.showsText("Join")); // refused: not in the room
  CHECK_FALSE(report.showsText("Leave"));

  view.phase = "in-call";
  view.serverError.clear();
  view.you = "u-a11ce000000000000000";
  report = drawFrames(3, [&] { drawHeader(view, log); });
  CHECK(report.showsText("you: u-a11ce000000000000000 (alice)"));
  CHECK(report.showsText("Leave"));
}

TEST_CASE("the header and the call buttons in Korean; a button keeps its action") {
  auto korean = rtclab::testing::inKorean("");
  std::vector<std::string> ran;
  rtclab::LabActions actions;
  actions.add("join", [&ran](const std::string&) {
    ran.push_back("join");
    return rtclab::actionDone();
  });
  rtclab::ui::EventLog log;
  RoomCallView view = refusedView();
  const auto draw = [&] {
    rtclab::ui::drawRoomSignaling(view);
    rtclab::ui::drawRoomControls(view, actions, log, "Leave");
  };
  auto report = drawFrames(3, draw, korean);
  CHECK(report.errors.empty());
  CHECK(report.showsText("나: (참가 전) (alice)"));
  view.you = "u-a11ce000000000000000"; // so that the only "참가" is the button
  report = drawFrames(3, draw, korean);
  CHECK(report.wordAfter("통화") == "refused"); // the phase stays the lab's state string
  CHECK(report.showsLine({"카메라 켜짐", "참가", "오디오 끄기", "비디오 켜기"}));
  const auto join = report.textPosition("참가");
  REQUIRE(join);
  korean.clickAt = *join;
  drawFrames(4, draw, korean);
  CHECK(ran == std::vector<std::string>{"join"});
}

TEST_CASE("inRoom: joining, waiting and in a call; not idle, refused or replaced") {
  RoomCallView view;
  for (const char* phase : {"joining", "waiting", "in-call"}) {
    view.phase = phase;
    CHECK(view.inRoom());
  }
  for (const char* phase : {"", "idle", "refused", "replaced"}) {
    view.phase = phase;
    CHECK_FALSE(view.inRoom());
  }
}

TEST_CASE("toJson: the room's labState fields, camera and mute under local") {
  const auto json = rtclab::ui::toJson(refusedView());
  CHECK(json["url"] == "ws://127.0.0.1:8080/ws");
  CHECK(json["room"] == "demo");
  CHECK(json["name"] == "alice");
  CHECK(json["you"] == "");
  CHECK(json["signalingState"] == "open");
  CHECK(json["signalingReconnects"] == 2);
  CHECK(json["phase"] == "refused");
  CHECK(json["serverError"] == "room-full: room 'demo' is full (2 of 2 participants)");
  CHECK(json["sessionsOpened"] == 0);
  CHECK(json["local"]["capturing"] == true);
  CHECK(json["local"]["audioMuted"] == false);
  CHECK(json["local"]["videoMuted"] == true);
}
