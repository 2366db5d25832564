// The harness itself: it must see what was drawn and catch what a panel forgot to close.
#include <stdexcept>

#include <doctest/doctest.h>
#include <imgui.h>

#include "rtclab/ui/headless.hpp"

using rtclab::ui::testing::drawFrames;

TEST_CASE("a window with text is drawn, and its text is captured") {
  const auto report = drawFrames(3, [] {
    ImGui::Begin("Peer A");
    ImGui::Text("connectionState %s", "connected");
    ImGui::End();
  });
  CHECK(report.framesDrawn == 3);
  CHECK(report.errors.empty());
  CHECK(report.vertexCount > 0);
  CHECK(report.drawListCount >= 1);
  CHECK(report.showsText("connectionState connected"));
  CHECK_FALSE(report.showsText("failed"));
}

TEST_CASE("drawing nothing yields no vertices, so 'something was drawn' can fail") {
  const auto report = drawFrames(2, [] {});
  CHECK(report.errors.empty());
  CHECK(report.vertexCount == 0);
  CHECK(report.text.find_first_not_of("\r\n") == std::string::npos);
}

TEST_CASE("a Begin() without End() is recovered and reported, not a crash") {
  const auto report = drawFrames(2, [] {
    ImGui::Begin("Forgetful panel");
    ImGui::Text("hello");
  });
  REQUIRE(report.errors.size() == 2); // once a frame
  CHECK(report.errors[0].find("Forgetful panel") != std::string::npos);
  CHECK(report.vertexCount > 0);
}

TEST_CASE("IDs and styles left pushed at the end of the frame are reported") {
  // (Left pushed inside a window, End() itself asserts: ImGui checks that, not the harness.)
  const auto report = drawFrames(1, [] {
    ImGui::PushID("peer-a");
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0, 0, 1));
    ImGui::Text("red");
  });
  REQUIRE(report.errors.size() == 2);
  CHECK(report.errors[0].find("PopID") != std::string::npos);
  CHECK(report.errors[1].find("PopStyleColor") != std::string::npos);
}

TEST_CASE("an exception thrown by the draw function is reported and the frame still ends") {
  const auto report = drawFrames(2, [] {
    ImGui::Begin("Throws");
    throw std::runtime_error("boom");
  });
  CHECK(report.framesDrawn == 2);
  bool sawThrow = false;
  for (const auto& error : report.errors) {
    sawThrow = sawThrow || error.find("boom") != std::string::npos;
  }
  CHECK(sawThrow);
}

TEST_CASE("the mouse position makes items hovered, so tooltips can be tested") {
  const auto drawButtonWithTooltip = [] {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::Begin("Tooltip test", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::Button("hover me");
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("the tooltip");
    }
    ImGui::End();
  };
  rtclab::ui::testing::HeadlessOptions overButton;
  overButton.mousePosition = std::pair{20.0f, 15.0f};
  CHECK(drawFrames(4, drawButtonWithTooltip, overButton).showsText("the tooltip"));
  CHECK_FALSE(drawFrames(4, drawButtonWithTooltip).showsText("the tooltip"));
}

TEST_CASE("widgets drawn without a window fill the whole display") {
  const auto report = drawFrames(2, [] {
    ImGui::Text("first line");
    ImGui::Text("a long second line that would not fit a small window: %s",
                "the end of the line is still visible");
  });
  CHECK(report.errors.empty());
  CHECK(report.showsText("first line\na long second line"));
  CHECK(report.showsText("the end of the line is still visible"));
}

TEST_CASE("each call has its own context and restores the caller's") {
  ImGuiContext* outer = ImGui::CreateContext();
  ImGui::SetCurrentContext(outer);
  drawFrames(1, [&] { CHECK(ImGui::GetCurrentContext() != outer); });
  CHECK(ImGui::GetCurrentContext() == outer);
  ImGui::DestroyContext(outer);
}

TEST_CASE("showsLine finds parts in order on one line only") {
  rtclab::ui::testing::FrameReport report;
  report.text = "side type\nremote relay   3478\nlocal host\n";
  CHECK(report.showsLine({"remote", "3478"}));
  CHECK_FALSE(report.showsLine({"3478", "remote"}));
  CHECK_FALSE(report.showsLine({"relay", "host"})); // on two lines
}
