#include "rtclab/ui/event_log.hpp"

#include <utility>

#include <imgui.h>

#include "rtclab/language.hpp"
#include "rtclab/ui/widgets.hpp"
#include "style_colors.hpp"

namespace rtclab::ui {

const char* toString(LogLevel level) {
  switch (level) {
  case LogLevel::Info:
    return "info";
  case LogLevel::Warn:
    return "warn";
  case LogLevel::Error:
    return "error";
  }
  return "info";
}

EventLog::EventLog(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

void EventLog::add(double timeMs, LogLevel level, std::string text) {
  if (entries_.size() == capacity_) {
    entries_.pop_front();
    ++dropped_;
  }
  entries_.push_back(LogEntry{timeMs, level, std::move(text)});
}

void EventLog::clear() {
  entries_.clear();
  dropped_ = 0;
}

nlohmann::json toJson(const EventLog& log) {
  auto out = nlohmann::json::array();
  for (const auto& entry : log.entries()) {
    out.push_back(
        {{"timeMs", entry.timeMs}, {"level", toString(entry.level)}, {"text", entry.text}});
  }
  return out;
}

namespace {

ImVec4 colorOfLevel(LogLevel level) {
  switch (level) {
  case LogLevel::Warn:
    return colors::kProgress;
  case LogLevel::Error:
    return colors::kBad;
  case LogLevel::Info:
    break;
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

void drawEntry(const LogEntry& entry) {
  const std::string time = formatTimestamp(entry.timeMs);
  ImGui::TextDisabled("%s", time.c_str());
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, colorOfLevel(entry.level));
  ImGui::Text("%-5s %s", toString(entry.level), entry.text.c_str());
  ImGui::PopStyleColor();
  tooltipOnHover(entry.text); // a line longer than the log is wide is cut: hover shows it whole
}

} // namespace

void drawEventLog(const EventLog& log, const char* id, float height) {
  if (ImGui::BeginChild(id, ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar)) {
    if (log.dropped() > 0) {
      ImGui::TextDisabled(tr("ui.log.dropped"), log.dropped());
    }
    if (log.empty()) {
      ImGui::TextDisabled("%s", tr("ui.log.empty"));
    }
    // Only the visible lines are laid out, so a full log costs a screenful a frame.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(log.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        drawEntry(log.entries()[static_cast<std::size_t>(row)]);
      }
    }
    // Follow new entries only while already at the bottom: scrolling up to read must not jump.
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) {
      ImGui::SetScrollHereY(1.0f);
    }
  }
  ImGui::EndChild();
}

} // namespace rtclab::ui
