// widgets.hpp: the small building blocks every lab panel uses.
//
//   rtclab::ui::drawStateBadge("connectionState", "connected");  // label, then the state in green
//   ImGui::SameLine(); rtclab::ui::helpMarker("The state to watch: ICE and DTLS together.");
//
// States are the W3C strings (toString() of the enums in peer_connection_states.hpp), coloured
// by what they mean for the learner: done, in progress, failed, or no longer active.
// Draw inside an ImGui frame; these functions keep no state of their own.
#pragma once

#include <string>
#include <string_view>

namespace rtclab::ui {

// A grey "(?)" on the same line as the previous item that shows `text` in a tooltip while
// hovered (the ImGui demo's HelpMarker).
void helpMarker(const char* text);

// A tooltip for the item just drawn, while it is hovered: `text` wrapped at a readable width that
// also fits the page (35 characters' worth of em, at most 90 % of the display), so it stays on
// screen. For a cut-off line (a log entry, a table cell) it shows the whole text.
void tooltipOnHover(std::string_view text);

// A table cell's text, whole in a tooltip when hovered: a narrow column cuts an IPv6 address,
// an mDNS name or a device label, and the learner can still read all of it.
void cellText(std::string_view text);

// Begins a lab's main window at the top left, as wide and tall as the page on first use (the
// learner can still resize it): the panel uses the page's width. Its first line is the language
// switch (languageSwitch()). Pair with ImGui::End().
void beginLabWindow(const char* title);

// "한국어 | English": switches the panel's language (rtclab::setLanguage, the same as the
// built-in labAction "language"); each name is written in its own language. The browser the
// page runs in follows on the same line (setPageBrowser()).
void languageSwitch();
// What the language switch's line names as the browser ("firefox 153"); the shell sets it.
void setPageBrowser(std::string description);

// What a state string means for the learner, and so its colour.
enum class StateTone {
  Neutral,  // "new", or a string we do not know: the normal text colour
  Progress, // "checking", "connecting", "gathering", "have-local-offer": yellow
  Good,     // "connected", "completed", "complete", "stable", "open", "live": green
  Bad,      // "failed": red
  Inactive, // "disconnected", "closed", "closing", "ended": grey
};
StateTone toneOfState(std::string_view state);

// "label: state", the state coloured by toneOfState(); "(none)" for an empty state.
void drawStateBadge(const char* label, std::string_view state);

// Draws `text` in the colour of `tone` (used by the badge and the timelines).
void drawTextInTone(StateTone tone, std::string_view text);

// "00:12.345" for 12345 ms: the time stamps of the event log and the state timelines.
// Negative times count as 0; minutes keep counting past 59 ("75:00.000").
std::string formatTimestamp(double timeMs);

// "850 ms" below a second, "2.35 s" below a minute, then "3 min 5 s": how long a state lasted.
std::string formatDuration(double durationMs);

} // namespace rtclab::ui
