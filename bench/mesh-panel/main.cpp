// rtclab-bench-mesh-panel: how long Lab 05's panel takes to draw for a full room of 8 (seven
// remote cards, the totals, the chart, the measurements table, the chat), natively with the
// headless ImGui renderer. Prints the median and the 95th percentile per frame of drawPanel()
// (the widgets the lab builds each frame) and of the whole frame (with ImGui's Render()).
// Target: a median under 1 ms, so the panel never costs the page a frame.
//
//   build/native/bench/rtclab-bench-mesh-panel [frames]     (default 2000)
#include "lab05_fake_room.hpp"

#include "rtclab/ui/headless.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

} // namespace

int main(int argc, char** argv) {
  const int frames = argc > 1 ? std::max(10, std::atoi(argv[1])) : 2000;
  lab05::testing::FullRoom room;
  rtclab::LabActions actions; // no buttons are clicked
  std::vector<double> drawMs;
  drawMs.reserve(static_cast<std::size_t>(frames));
  rtclab::ui::testing::HeadlessOptions options;
  options.displayHeight = 1000;
  const auto started = Clock::now();
  const auto report = rtclab::ui::testing::drawFrames(
      frames,
      [&] {
        const auto before = Clock::now();
        lab05::drawPanel(room.state, actions);
        drawMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - before).count());
      },
      options);
  const double frameMs =
      std::chrono::duration<double, std::milli>(Clock::now() - started).count() / frames;
  if (!report.errors.empty()) {
    std::fprintf(stderr, "ImGui error: %s\n", report.errors.front().c_str());
    return 1;
  }
  drawMs.erase(drawMs.begin(),
               drawMs.begin() + std::min<std::ptrdiff_t>(5, frames / 10)); // warm-up
  const double median = percentile(drawMs, 0.5);
  std::printf("Lab 05 panel, 8 participants (7 cards), %d frames, headless ImGui:\n", frames);
  std::printf("  drawPanel(): median %.3f ms, p95 %.3f ms per frame (target: median < 1 ms: %s)\n",
              median, percentile(drawMs, 0.95), median < 1.0 ? "met" : "MISSED");
  std::printf("  whole frame (NewFrame + drawPanel + Render): mean %.3f ms; %d vertices\n", frameMs,
              report.vertexCount);
  return 0;
}
