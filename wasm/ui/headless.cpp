#include "rtclab/ui/headless.hpp"

#include "rtclab/ui/drawn_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <exception>

#include <imgui.h>
#include <imgui_internal.h> // ErrorCheckEndFrameRecover

namespace rtclab::ui::testing {
namespace {

constexpr const char* kImplicitWindow = "Debug##Default"; // ImGui's name for it

// A fresh context for one drawFrames() call; the caller's context (if any) comes back after.
class ScopedContext {
public:
  ScopedContext() : previous_(ImGui::GetCurrentContext()), own_(ImGui::CreateContext()) {
    ImGui::SetCurrentContext(own_);
  }
  ~ScopedContext() {
    ImGui::DestroyContext(own_);
    ImGui::SetCurrentContext(previous_);
  }
  ScopedContext(const ScopedContext&) = delete;
  ScopedContext& operator=(const ScopedContext&) = delete;

private:
  ImGuiContext* previous_;
  ImGuiContext* own_;
};

// ImGui's recovery callback is printf-like; keep each message as one error.
void recordRecoveredError(void* errors, const char* format, ...) {
  char message[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(message, sizeof message, format, args);
  va_end(args);
  static_cast<std::vector<std::string>*>(errors)->emplace_back(message);
}

void configureHeadlessIo(const HeadlessOptions& options) {
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr; // tests must not read or write imgui.ini
  io.LogFilename = nullptr;
  io.DisplaySize = ImVec2(options.displayWidth, options.displayHeight);
  io.DeltaTime = 1.0f / 60.0f;
  if (options.buildFonts) {
    options.buildFonts(*io.Fonts);
  }
  // NewFrame() asserts that the font atlas is built; a renderer would upload these pixels.
  unsigned char* pixels = nullptr;
  int width = 0;
  int height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
}

bool isWordBoundary(std::string_view text, std::size_t at) {
  return at >= text.size() || text[at] == ' ' || text[at] == '\n';
}

// The first occurrence of `needle` in `text` with a space, a line break or an edge on both sides.
std::size_t findWord(std::string_view text, std::string_view needle) {
  for (std::size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + 1)) {
    if ((at == 0 || isWordBoundary(text, at - 1)) && isWordBoundary(text, at + needle.size())) {
      return at;
    }
  }
  return std::string_view::npos;
}

// --- One frame ------------------------------------------------------------------------------

void drawOneFrame(const std::function<void()>& draw, const HeadlessOptions& options, int frameCount,
                  FrameReport& report) {
  ImGuiIO& io = ImGui::GetIO();
  if (options.mousePosition) {
    io.MousePos = ImVec2(options.mousePosition->first, options.mousePosition->second);
  }
  if (options.clickAt) {
    io.MousePos = ImVec2(options.clickAt->first, options.clickAt->second);
    io.MouseDown[0] = report.framesDrawn == frameCount - 2;
  }
  ImGui::NewFrame();
  // Widgets drawn outside any Begin() land in ImGui's implicit "Debug" window; spread it over the
  // display so they are laid out as in a lab's full-canvas panel instead of a 400x400 box.
  ImGui::SetWindowPos(kImplicitWindow, ImVec2(0, 0));
  ImGui::SetWindowSize(kImplicitWindow, io.DisplaySize);
  try {
    draw();
  } catch (const std::exception& error) {
    report.errors.push_back(std::string("draw threw: ") + error.what());
  } catch (...) {
    report.errors.emplace_back("draw threw a non-standard exception");
  }
  // Ends whatever `draw` left open (windows, tables, IDs, styles), reporting each one; without
  // this, EndFrame() would abort on the first unbalanced stack.
  ImGui::ErrorCheckEndFrameRecover(&recordRecoveredError, &report.errors);
  ImGui::Render();
  ++report.framesDrawn;
}

} // namespace

bool FrameReport::showsLine(std::initializer_list<std::string_view> parts) const {
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    std::size_t from = 0;
    bool allFound = true;
    for (const std::string_view part : parts) {
      const auto at = line.find(part, from);
      if (at == std::string_view::npos) {
        allFound = false;
        break;
      }
      from = at + part.size();
    }
    if (allFound) {
      return true;
    }
  }
  return false;
}

std::optional<std::string> FrameReport::wordAfter(std::string_view label) const {
  const std::string_view all = text;
  const auto at = findWord(all, label);
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  auto from = at + label.size();
  while (from < all.size() && all[from] == ' ') {
    ++from;
  }
  auto to = from;
  while (!isWordBoundary(all, to)) {
    ++to;
  }
  return std::string(all.substr(from, to - from));
}

std::vector<std::string> FrameReport::linesStartingWith(std::string_view prefix) const {
  std::vector<std::string> found;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    if (line.substr(0, prefix.size()) == prefix) {
      found.emplace_back(line);
    }
  }
  return found;
}

std::optional<std::pair<float, float>> FrameReport::textPosition(std::string_view needle) const {
  const auto at = findWord(text, needle);
  for (const GlyphPlace& place : glyphPlaces) {
    if (at != std::string_view::npos && place.offset == at) {
      return std::make_pair(place.x, place.y);
    }
  }
  return std::nullopt;
}

FrameReport drawFrames(int frames, const std::function<void()>& draw,
                       const HeadlessOptions& options) {
  ScopedContext context;
  configureHeadlessIo(options);

  FrameReport report;
  const int frameCount = frames < 1 ? 1 : frames;
  for (int frame = 0; frame < frameCount; ++frame) {
    drawOneFrame(draw, options, frameCount, report);
  }
  const ImDrawData& drawData = *ImGui::GetDrawData();
  report.vertexCount = drawData.TotalVtxCount;
  report.drawListCount = drawData.CmdListsCount;
  readDrawnText(drawData, report.text, report.glyphPlaces);
  return report;
}

} // namespace rtclab::ui::testing
