#include "panel_texts.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include "rtclab/ui/headless.hpp"
#include "rtclab/ui/widgets.hpp"

using rtclab::ui::StateTone;
using rtclab::ui::toneOfState;
using rtclab::ui::testing::drawFrames;

TEST_CASE("states are toned by what they mean for the learner") {
  CHECK(toneOfState("connected") == StateTone::Good);
  CHECK(toneOfState("completed") == StateTone::Good);
  CHECK(toneOfState("complete") == StateTone::Good);
  CHECK(toneOfState("stable") == StateTone::Good);
  CHECK(toneOfState("open") == StateTone::Good);
  CHECK(toneOfState("checking") == StateTone::Progress);
  CHECK(toneOfState("connecting") == StateTone::Progress);
  CHECK(toneOfState("gathering") == StateTone::Progress);
  CHECK(toneOfState("have-local-offer") == StateTone::Progress);
  CHECK(toneOfState("have-remote-pranswer") == StateTone::Progress);
  CHECK(toneOfState("failed") == StateTone::Bad);
  CHECK(toneOfState("disconnected") == StateTone::Inactive);
  CHECK(toneOfState("closed") == StateTone::Inactive);
  CHECK(toneOfState("new") == StateTone::Neutral);
  CHECK(toneOfState("") == StateTone::Neutral);
  CHECK(toneOfState("Connected") == StateTone::Neutral); // W3C strings are lower-case
}

TEST_CASE("timestamps read as minutes, seconds and milliseconds") {
  CHECK(rtclab::ui::formatTimestamp(0) == "00:00.000");
  CHECK(rtclab::ui::formatTimestamp(12345) == "00:12.345");
  CHECK(rtclab::ui::formatTimestamp(61000.4) == "01:01.000");
  CHECK(rtclab::ui::formatTimestamp(75 * 60000.0) == "75:00.000");
  CHECK(rtclab::ui::formatTimestamp(-5) == "00:00.000");
}

TEST_CASE("durations pick a readable unit") {
  CHECK(rtclab::ui::formatDuration(850) == "850 ms");
  CHECK(rtclab::ui::formatDuration(2345) == "2.35 s");
  CHECK(rtclab::ui::formatDuration(185000) == "3 min 5 s");
  CHECK(rtclab::ui::formatDuration(-3) == "0 ms");
}

TEST_CASE("a state badge shows its label and state") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const auto report = drawFrames(2, [] {
    rtclab::ui::drawStateBadge("connectionState", "failed");
    rtclab::ui::drawStateBadge("signalingState", "");
  });
  CHECK(report.errors.empty());
  CHECK(report.showsText("connectionState failed"));
  CHECK(report.showsText("signalingState (none)"));
}

TEST_CASE("the help marker explains itself only while hovered") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const auto drawMarker = [] {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::Begin("Help", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    ImGui::Text("ICE");
    rtclab::ui::helpMarker("ICE finds a path between the two peers.");
    ImGui::End();
  };
  const auto idle = drawFrames(2, drawMarker);
  CHECK(idle.errors.empty());
  CHECK(idle.showsText("(?)"));
  CHECK_FALSE(idle.showsText("ICE finds a path"));

  // The default font is 7 pixels a character: "ICE" spans x 8..29, then 8 pixels of spacing,
  // then "(?)" spans x 37..58.
  rtclab::ui::testing::HeadlessOptions overMarker;
  overMarker.mousePosition = std::pair{45.0f, 14.0f};
  const auto hovered = drawFrames(4, drawMarker, overMarker);
  CHECK(hovered.errors.empty());
  CHECK(hovered.showsText("ICE finds a path between the two peers."));
}

TEST_CASE("a lab window takes the page's size on first use") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  rtclab::ui::testing::HeadlessOptions page;
  page.displayWidth = 1600;
  page.displayHeight = 900;
  ImVec2 size;
  ImVec2 position;
  drawFrames(
      2,
      [&] {
        rtclab::ui::beginLabWindow("Lab 99 - width");
        size = ImGui::GetWindowSize();
        position = ImGui::GetWindowPos();
        ImGui::End();
      },
      page);
  CHECK(position.x == doctest::Approx(8));
  CHECK(size.x == doctest::Approx(1600 - 16));
  CHECK(size.y == doctest::Approx(900 - 16));
}

TEST_CASE("a hover tooltip shows the whole text, wrapped to fit a narrow page") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const std::string longText =
      "first words of an explanation that goes on and on, far wider than a phone's screen, "
      "until its very last words";
  const auto draw = [&] {
    rtclab::ui::beginLabWindow("Lab 99 - tooltip");
    ImGui::TextUnformatted("hover me");
    rtclab::ui::tooltipOnHover(longText);
    ImGui::End();
  };
  rtclab::ui::testing::HeadlessOptions phone; // a narrow page
  phone.displayWidth = 360;
  const auto where = drawFrames(1, draw, phone).textPosition("hover");
  REQUIRE(where.has_value());
  rtclab::ui::testing::HeadlessOptions hovering = phone;
  hovering.mousePosition = where;
  const auto hovered = drawFrames(3, draw, hovering);
  CHECK(hovered.showsText("first words"));
  CHECK(hovered.showsText("last words"));
  const auto firstLine = hovered.linesStartingWith("first words");
  REQUIRE(firstLine.size() == 1);
  CHECK(firstLine[0].find("last words") == std::string::npos); // wrapped: not one long line
  for (const auto& glyph : hovered.glyphPlaces) {
    CHECK(glyph.x < 360); // nothing drawn off the page
  }
  const auto away = drawFrames(3, draw, phone);
  CHECK_FALSE(away.showsText("first words")); // no hover, no tooltip
}

TEST_CASE("a cut-off table cell shows its whole text on hover") {
  rtclab::testing::usePanelTexts(); // English, as the page starts
  const std::string mdnsName = "4f8e2c1a-93b7-4d0e-8f21-6c5a7b9d0e13.local";
  const auto draw = [&] {
    rtclab::ui::beginLabWindow("Lab 99 - table");
    if (ImGui::BeginTable("candidates", 2, ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("address", ImGuiTableColumnFlags_WidthFixed, 60.0f);
      ImGui::TableSetupColumn("port", ImGuiTableColumnFlags_WidthFixed, 60.0f);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      rtclab::ui::cellText(mdnsName);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("50000");
      ImGui::EndTable();
    }
    ImGui::End();
  };
  const auto cut = drawFrames(1, draw);
  CHECK_FALSE(cut.showsText(mdnsName)); // the column shows only its start
  REQUIRE_FALSE(cut.glyphPlaces.empty());
  CAPTURE(cut.text);
  const auto start = cut.text.find("4f8e");
  REQUIRE(start != std::string::npos);
  std::optional<std::pair<float, float>> where;
  for (const auto& glyph : cut.glyphPlaces) {
    if (glyph.offset == start)
      where = std::pair{glyph.x, glyph.y};
  }
  REQUIRE(where.has_value());
  rtclab::ui::testing::HeadlessOptions hovering;
  hovering.mousePosition = where;
  CHECK(drawFrames(3, draw, hovering).showsText(mdnsName));
}
