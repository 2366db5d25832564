// drawStatsPlots(): the last minute of getStats() as small line plots.
#include <cstdio>
#include <optional>
#include <vector>

#include <imgui.h>

#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/widgets.hpp"

namespace rtclab::ui {
namespace {

constexpr const char* kStatsHelp =
    "One sample a second from pc.getStats(). Bitrates count every byte on the selected candidate "
    "pair (media and data channels); packets, losses and fps are those of the received RTP "
    "streams; RTT is the time a STUN check takes to come back; jitter is how unevenly the "
    "packets arrive (the receiver's jitter buffer absorbs it, at the cost of delay).";

// `latest` is std::nullopt when the browser has not reported the value (no RTT yet, no video).
void drawPlot(const char* label, const std::vector<float>& values, std::optional<double> latest,
              const char* unit) {
  char overlay[48];
  if (latest) {
    std::snprintf(overlay, sizeof overlay, "%.1f %s", *latest, unit);
  } else {
    std::snprintf(overlay, sizeof overlay, "- %s", unit);
  }
  const float height = ImGui::GetTextLineHeight() * 3.0f;
  // Scale from 0 so a flat line at 500 kbps does not look like noise around its mean.
  float maximum = 1.0f;
  for (const float value : values) {
    maximum = value > maximum ? value : maximum;
  }
  // Full width minus room for the longest label. (PlotLines() takes no negative width itself.)
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("packets/s in").x);
  ImGui::PlotLines(label, values.data(), static_cast<int>(values.size()), 0, overlay, 0.0f,
                   maximum * 1.1f, ImVec2(0, height));
}

} // namespace

void drawStatsPlots(const StatsHistory& history) {
  ImGui::Text("Stats: the last %zu s", history.size());
  helpMarker(kStatsHelp);
  const auto latest = history.latest();
  if (!latest) {
    ImGui::TextDisabled("(no samples yet)");
    return;
  }
  drawPlot("kbps in", history.series(&StatsSample::kbpsIn), latest->kbpsIn, "kbps");
  drawPlot("kbps out", history.series(&StatsSample::kbpsOut), latest->kbpsOut, "kbps");
  drawPlot("packets/s in", history.series(&StatsSample::packetsPerSecondIn),
           latest->packetsPerSecondIn, "packets/s");
  drawPlot("RTT", history.series(&StatsSample::roundTripTimeMs), latest->roundTripTimeMs, "ms");
  drawPlot("fps in", history.series(&StatsSample::framesPerSecondIn), latest->framesPerSecondIn,
           "fps");
  drawPlot("lost/s in", history.series(&StatsSample::packetsLostPerSecondIn),
           latest->packetsLostPerSecondIn, "packets/s");
  drawPlot("jitter", history.series(&StatsSample::jitterMs), latest->jitterMs, "ms");
}

} // namespace rtclab::ui
