#include <doctest/doctest.h>
#include <imgui.h>

#include <array>

#include "rtclab/language.hpp"
#include "rtclab/ui/headless.hpp"
#include "rtclab/ui/step_guide.hpp"

using rtclab::ui::Step;
using rtclab::ui::StepGuide;
using rtclab::ui::testing::drawFrames;

TEST_CASE("the current step is the first not done, and ticks follow the state") {
  StepGuide guide;
  std::array steps{Step{"a", true, nullptr}, Step{"b", false, "sec.b"}, Step{"c", false, nullptr}};
  guide.update(steps);
  CHECK(guide.current() == 1);
  steps[1].done = true;
  guide.update(steps);
  CHECK(guide.current() == 2);
  steps[2].done = true;
  guide.update(steps);
  CHECK(guide.current() == 3); // all done

  const auto json = StepGuide::toJson(steps);
  CHECK(json["current"] == 3);
  CHECK(json["list"].size() == 3);
  CHECK(json["list"][1]["step"] == "b");
  CHECK(json["list"][1]["done"] == true);
}

TEST_CASE("a step's section opens once when the step becomes current") {
  StepGuide guide;
  std::array steps{Step{"a", false, nullptr}, Step{"b", false, "sec.b"}};
  bool openedWhileA = true;
  bool openedWhenB = false;
  bool openedAgain = true;
  // The header starts closed (no DefaultOpen); drawing it after openIfCurrent() tells.
  drawFrames(1, [&] {
    guide.update(steps);
    guide.openIfCurrent("sec.b");
    openedWhileA = ImGui::CollapsingHeader("B###sec.b");
    steps[0].done = true;
  });
  drawFrames(2, [&] {
    guide.update(steps);
    guide.openIfCurrent("sec.b");
    const bool open = ImGui::CollapsingHeader("B###sec.b");
    (ImGui::GetFrameCount() == 1 ? openedWhenB : openedAgain) = open;
    if (open)
      ImGui::GetStateStorage()->SetInt(ImGui::GetID("B###sec.b"), 0); // the learner closes it
  });
  CHECK_FALSE(openedWhileA);
  CHECK(openedWhenB);
  CHECK_FALSE(openedAgain); // closed by the learner stays closed
}

TEST_CASE("the checklist shows each step's text in the current language") {
  rtclab::clearTexts();
  REQUIRE(rtclab::addTexts(rtclab::Language::English, R"({"ui.steps": "Steps", "s1": "1. Start the camera"})"));
  rtclab::setLanguage(rtclab::Language::English);
  StepGuide guide;
  const std::array steps{Step{"s1", true, nullptr}};
  const auto report = drawFrames(2, [&] { guide.draw(steps); });
  CHECK(report.showsText("Steps"));
  CHECK(report.showsText("1. Start the camera"));
  rtclab::clearTexts();
}
