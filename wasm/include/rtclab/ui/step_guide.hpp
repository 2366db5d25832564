// step_guide.hpp: the lab README's steps on the page, as a checklist that ticks itself.
//
//   const rtclab::ui::Step steps[] = {
//       {"lab01.step.start", state.phase == CapturePhase::Capturing, "lab01.section.tracks"},
//       {"lab01.step.toggle", state.toggledOnce, nullptr},
//   };
//   guide.draw(steps);                                   // "1. 카메라 시작 ✓", the current step bold
//   guide.openIfCurrent("lab01.section.tracks");         // right before that section's header
//   if (ImGui::CollapsingHeader(rtclab::trLabel("lab01.section.tracks"))) { ... }
//   out["steps"] = guide.toJson(steps);                 // labState(): what a test checks
//
// A step is done when the lab's state says so (it is computed each frame, never clicked), and
// the current step is the first one not done. When a step becomes current, the section it needs
// opens once; the learner can close it again. Step texts are keys of the language tables
// (language.hpp), so the list follows the language switch.
#pragma once

#include <nlohmann/json.hpp>

#include <span>
#include <string>

namespace rtclab::ui {

struct Step {
  const char* textKey;    // language table key: "2. 카메라 시작" / "2. Start the camera"
  bool done;              // from the lab's state
  const char* sectionKey; // trLabel() key of the section the step needs open, or nullptr
};

class StepGuide {
public:
  // Takes this frame's steps: finds the current step, and notes the section to open when it
  // changed. Call once per frame before openIfCurrent() (draw() does it).
  void update(std::span<const Step> steps);

  // update(), then the checklist under a "Steps" header (open by default), with the README link.
  void draw(std::span<const Step> steps);

  // Right before ImGui::CollapsingHeader(trLabel(sectionKey)): opens it on the frame its step
  // became current (every header of that key drawn in that frame: both peers' panels, say).
  void openIfCurrent(const char* sectionKey);

  // Index of the first step not done; steps.size() when all are.
  std::size_t current() const { return current_; }

  // For labState(): {"current": index of the first step not done,
  //                  "list": [{"step": "<key>", "text": "<in the current language>", "done": bool}]}
  static nlohmann::json toJson(std::span<const Step> steps);

private:
  std::size_t current_ = static_cast<std::size_t>(-1);
  std::string sectionToOpen_; // a section key, during the frame its step became current
};

} // namespace rtclab::ui
