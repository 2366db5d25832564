// lab_page.hpp: what every lab page offers besides its panel.
//
// The labs' automation interface (stable; documented in each lab README):
//   Module.labState()            -> JSON string: a snapshot of states, tracks, stats, errors
//   Module.labAction(name, arg)  -> JSON string {"ok":true} or {"ok":false,"error":"..."}
// labAction runs the same code path as the lab's buttons, so headless browser tests drive a lab
// without clicking canvas pixels.
#pragma once

#include "rtclab/lab_actions.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rtclab {

// Publishes Module.labState / Module.labAction for this page. Call once from main().
void exposeLabAutomation(std::function<nlohmann::json()> snapshot, const LabActions& actions);

// A query parameter of the page URL (`?room=demo` -> "demo"), if present.
std::optional<std::string> pageQueryParameter(std::string_view name);

// Milliseconds since the page loaded (performance.now()): the time base of state timelines.
double nowMs();

} // namespace rtclab
