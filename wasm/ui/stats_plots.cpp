// drawStatsPlots(): the last minute of getStats() as small line plots.
#include <cstdio>
#include <optional>
#include <vector>

#include <imgui.h>

#include "rtclab/language.hpp"
#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/widgets.hpp"

namespace rtclab::ui {
namespace {

// `latest` is std::nullopt when the browser has not reported the value (no RTT yet, no video).
void drawPlot(const char* labelKey, const std::vector<float>& values, std::optional<double> latest,
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
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize(tr("ui.stats.packetsIn")).x);
  ImGui::PlotLines(trLabel(labelKey), values.data(), static_cast<int>(values.size()), 0, overlay,
                   0.0f, maximum * 1.1f, ImVec2(0, height));
}

} // namespace

void drawStatsPlots(const StatsHistory& history) {
  ImGui::Text(tr("ui.stats.title"), history.size());
  helpMarker(tr("ui.stats.help"));
  const auto latest = history.latest();
  if (!latest) {
    ImGui::TextDisabled("%s", tr("ui.stats.none"));
    return;
  }
  drawPlot("ui.stats.kbpsIn", history.series(&StatsSample::kbpsIn), latest->kbpsIn, "kbps");
  drawPlot("ui.stats.kbpsOut", history.series(&StatsSample::kbpsOut), latest->kbpsOut, "kbps");
  drawPlot("ui.stats.packetsIn", history.series(&StatsSample::packetsPerSecondIn),
           latest->packetsPerSecondIn, "packets/s");
  drawPlot("ui.stats.rtt", history.series(&StatsSample::roundTripTimeMs), latest->roundTripTimeMs,
           "ms");
  drawPlot("ui.stats.fpsIn", history.series(&StatsSample::framesPerSecondIn),
           latest->framesPerSecondIn, "fps");
  drawPlot("ui.stats.lostIn", history.series(&StatsSample::packetsLostPerSecondIn),
           latest->packetsLostPerSecondIn, "packets/s");
  drawPlot("ui.stats.jitter", history.series(&StatsSample::jitterMs), latest->jitterMs, "ms");
}

} // namespace rtclab::ui
