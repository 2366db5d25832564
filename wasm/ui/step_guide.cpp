#include "rtclab/ui/step_guide.hpp"

#include "rtclab/language.hpp"
#include "rtclab/ui/widgets.hpp"

#include <imgui.h>
#include <imgui_internal.h> // RenderCheckMark: the same tick a Checkbox draws

#include "style_colors.hpp"

namespace rtclab::ui {
namespace {

std::size_t firstNotDone(std::span<const Step> steps) {
  std::size_t index = 0;
  while (index < steps.size() && steps[index].done)
    ++index;
  return index;
}

// A square with a tick when done: drawn, not a Checkbox, because the learner does not tick a
// step; the lab's state does.
void drawTickBox(bool done, const ImVec4& colour) {
  const float size = ImGui::GetFontSize();
  const ImVec2 corner = ImGui::GetCursorScreenPos();
  ImDrawList* drawList = ImGui::GetWindowDrawList();
  const ImU32 packed = ImGui::ColorConvertFloat4ToU32(colour);
  drawList->AddRect(corner, ImVec2(corner.x + size, corner.y + size), packed, 2.0f);
  if (done)
    ImGui::RenderCheckMark(drawList, ImVec2(corner.x + size * 0.15f, corner.y + size * 0.15f),
                           packed, size * 0.7f);
  ImGui::Dummy(ImVec2(size, size));
}

} // namespace

void StepGuide::update(std::span<const Step> steps) {
  const std::size_t now = firstNotDone(steps);
  // The section opens during the one frame its step became current, in every panel that has
  // it (Lab 02 shows the same section for both peers); from the next frame on it is the
  // learner's to close.
  sectionToOpen_.clear();
  if (now != current_) {
    current_ = now;
    if (now < steps.size() && steps[now].sectionKey != nullptr)
      sectionToOpen_ = steps[now].sectionKey;
  }
}

void StepGuide::draw(std::span<const Step> steps) {
  update(steps);
  if (!ImGui::CollapsingHeader(trLabel("ui.steps"), ImGuiTreeNodeFlags_DefaultOpen))
    return;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const bool isCurrent = i == current_;
    const ImVec4 colour = steps[i].done ? colors::kGood
                          : isCurrent   ? colors::kProgress
                                        : colors::kInactive;
    drawTickBox(steps[i].done, colour);
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", tr(steps[i].textKey));
    ImGui::PopStyleColor();
    if (isCurrent)
      tooltipOnHover(tr("ui.steps.current"));
  }
  ImGui::TextDisabled("%s", tr("ui.steps.readme"));
}

void StepGuide::openIfCurrent(const char* sectionKey) {
  if (!sectionToOpen_.empty() && sectionToOpen_ == sectionKey)
    ImGui::SetNextItemOpen(true);
}

nlohmann::json StepGuide::toJson(std::span<const Step> steps) {
  nlohmann::json list = nlohmann::json::array();
  for (const Step& step : steps)
    list.push_back({{"step", step.textKey}, {"text", tr(step.textKey)}, {"done", step.done}});
  return {{"current", firstNotDone(steps)}, {"list", std::move(list)}};
}

} // namespace rtclab::ui
