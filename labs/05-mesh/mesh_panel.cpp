// Lab 05's panel: the room, one compact card per remote participant (expandable to the call's
// full widgets), the totals, the chart of upload against N, the measurements table, the chat.
//
// Every word of the panel is a key of texts.<lang>.json (rtclab::tr); headers and buttons use
// trLabel so their ImGui ids stay the same across a language switch.
//
// [SECTION] index:
//   stepsOf                        the README's steps, ticked from the state
//   drawControls                   the room header (ui/room_panel) and the lab's buttons
//   drawCards                      one line per remote; open a card for its call's details
//   drawTotals / drawUploadChart   what the mesh costs now, and per participant count
//   drawChat                       the data channel chat, to everyone
//   toJson                         Module.labState()
#include "mesh_panel.hpp"

#include "rtclab/json_text.hpp"
#include "rtclab/language.hpp"
#include "rtclab/ui/call_panel.hpp"
#include "rtclab/ui/lab_widgets.hpp"
#include "rtclab/ui/room_panel.hpp"
#include "rtclab/ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace lab05 {

using rtclab::tr;
using rtclab::trLabel;

// --- stepsOf ----------------------------------------------------------------------------------
void rememberProgress(MeshLabState& state) {
  const std::string& phase = state.call.phase;
  if (state.joinedOnce && phase == "idle") {
    state.leftOnce = true;
  }
  if (phase == "waiting" || phase == "in-call") {
    state.joinedOnce = true;
  }
  const auto& t = state.totals;
  if (t.participants >= 2 && t.connected == t.participants - 1) {
    state.meshConnectedOnce = true;
  }
}

// [lab05-steps]
std::array<rtclab::ui::Step, 6> stepsOf(const MeshLabState& state) {
  const bool chatted = std::any_of(state.chat.begin(), state.chat.end(),
                                   [](const ChatLine& line) { return line.from.empty(); });
  return {{
      {"lab05.step.camera", state.call.capturing, nullptr},
      {"lab05.step.join", state.joinedOnce, nullptr},
      {"lab05.step.connect", state.meshConnectedOnce, "lab05.section.participants"},
      {"lab05.step.chat", chatted, "lab05.section.chat"},
      {"lab05.step.measure", state.csvExports > 0, "lab05.section.totals"},
      {"lab05.step.leave", state.leftOnce, nullptr},
  }};
}
// [lab05-steps]

namespace {

using nlohmann::json;

void runAction(const rtclab::LabActions& actions, MeshLabState& state, const std::string& name,
               const std::string& argument = {}) {
  rtclab::ui::runAction(actions, name, argument, state.log);
}

std::string fps(const std::optional<double>& value) {
  char buffer[16];
  if (!value) {
    return "-";
  }
  std::snprintf(buffer, sizeof buffer, "%.0f", *value);
  return buffer;
}

// --- drawControls ----------------------------------------------------------------------------
void drawControls(MeshLabState& state, const rtclab::LabActions& actions) {
  rtclab::ui::drawRoomControls(state.call, actions, state.log, "lab05.leave");
  ImGui::SameLine();
  if (ImGui::Button(trLabel("lab05.restart-ice"))) {
    runAction(actions, state, "restart-ice");
  }
  ImGui::SameLine();
  if (ImGui::Button(trLabel("lab05.export-csv"))) {
    runAction(actions, state, "export-csv");
  }
  const int n = state.totals.participants;
  ImGui::Text(tr(n == 2 ? "lab05.participants.one" : "lab05.participants"), n, n - 1,
              state.totals.connected, state.call.sessionsOpened, state.call.sessionsClosed);
  rtclab::ui::helpMarker(tr("lab05.participants.help"));
}

// --- drawCards ----------------------------------------------------------------------------
void drawCards(const MeshLabState& state) {
  if (!ImGui::CollapsingHeader(trLabel("lab05.section.participants"),
                               ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  if (state.remotes.empty()) {
    ImGui::TextDisabled("%s",
                        tr(state.call.phase == "waiting" ? "lab05.alone" : "lab05.no-connections"));
    return;
  }
  for (const RemoteCard& card : state.remotes) {
    const rtclab::MeshLink& link = card.link;
    ImGui::PushID(link.peer.c_str());
    const bool open = ImGui::TreeNodeEx("##card", ImGuiTreeNodeFlags_SpanAvailWidth, "%s",
                                        link.name.empty() ? link.peer.c_str() : link.name.c_str());
    ImGui::SameLine(150);
    rtclab::ui::drawTextInTone(rtclab::ui::toneOfState(link.connectionState),
                               link.connectionState.empty() ? "new" : link.connectionState);
    ImGui::SameLine(260);
    char rtt[24] = "-";
    if (link.rttMs) {
      std::snprintf(rtt, sizeof rtt, "%.0f ms", *link.rttMs);
    }
    ImGui::Text(tr("lab05.card"), link.pairType.empty() ? "-" : link.pairType.c_str(), rtt,
                link.kbpsDown, link.kbpsUp, fps(link.fpsDecoded).c_str(),
                fps(link.fpsEncoded).c_str(),
                link.qualityLimitationReason.value_or(tr("ui.stats.notReported")).c_str());
    if (open) {
      ImGui::Text(tr("lab05.card.tile"), link.peer.c_str(), card.tileVideoWidth);
      if (card.view) {
        rtclab::ui::drawPeerSession(link.peer.c_str(), *card.view);
      }
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
}

// --- drawTotals / drawUploadChart ---------------------------------------------------------
// Bars: the mean total upload measured at each N. Ticks: the N=2 upload times N-1, what a mesh
// predicts (every camera sent once per other participant).
void drawUploadChart(const rtclab::MeshMeasurements& measurements) {
  const auto& rows = measurements.rows();
  const rtclab::MeshRow* pair = measurements.row(2);
  double top = 1;
  for (const auto& row : rows) {
    top = std::max({top, row.kbpsUp, pair ? pair->kbpsUp * (row.participants - 1) : 0.0});
  }
  const ImVec2 size(std::min(ImGui::GetContentRegionAvail().x, 420.0f), 110);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(90, 90, 90, 255));
  const float slot = size.x / 7; // N = 2..8
  const float plotHeight = size.y - 18;
  for (const auto& row : rows) {
    if (row.participants < 2 || row.participants > 8) {
      continue;
    }
    const float x = origin.x + slot * static_cast<float>(row.participants - 2) + slot * 0.2f;
    const float h = static_cast<float>(row.kbpsUp / top) * plotHeight;
    const float base = origin.y + plotHeight;
    draw->AddRectFilled(ImVec2(x, base - h), ImVec2(x + slot * 0.6f, base),
                        IM_COL32(108, 180, 255, 255));
    if (pair) {
      const float expected = static_cast<float>(pair->kbpsUp * (row.participants - 1) / top);
      const float y = base - expected * plotHeight;
      draw->AddLine(ImVec2(x - 3, y), ImVec2(x + slot * 0.6f + 3, y), IM_COL32(242, 204, 77, 255),
                    2);
    }
    char label[8];
    std::snprintf(label, sizeof label, "N=%d", row.participants);
    draw->AddText(ImVec2(x, base + 2), IM_COL32(200, 200, 200, 255), label);
  }
  ImGui::Dummy(size);
}

// The Compute Pressure API's coarse state, or why the browser gives none.
void drawCpuPressure(const MeshLabState& state) {
  const auto pressure = state.totals.cpuPressure;
  if (!state.cpuPressureUnavailable.empty()) {
    const std::string& why = state.cpuPressureUnavailable;
    ImGui::TextDisabled(tr("lab05.cpu-pressure"), static_cast<int>(why.size()), why.data());
    return;
  }
  const ImVec4 colour = pressure >= rtclab::CpuPressureState::Serious ? ImVec4(0.95f, 0.4f, 0.4f, 1)
                        : pressure == rtclab::CpuPressureState::Fair  ? ImVec4(0.95f, 0.8f, 0.3f, 1)
                                                                      : ImVec4(0.6f, 0.9f, 0.6f, 1);
  const std::string_view name = toString(pressure);
  const std::string_view meaning = meaningOf(pressure);
  ImGui::TextColored(colour, tr("lab05.cpu-pressure"), static_cast<int>(name.size()),
                     name.empty() ? "-" : name.data());
  ImGui::SameLine();
  ImGui::TextDisabled("(%.*s)", static_cast<int>(meaning.size()), meaning.data());
  rtclab::ui::helpMarker(tr("lab05.cpu-pressure.help"));
}

void drawTotals(const MeshLabState& state) {
  if (!ImGui::CollapsingHeader(trLabel("lab05.section.totals"), ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  const auto& t = state.totals;
  ImGui::Text(tr("lab05.totals.now"), t.kbpsUp, t.kbpsDown, t.fpsEncoded, t.fpsDecodedPerTile,
              t.qualityLimitation.value_or(tr("ui.stats.notReported")).c_str());
  drawCpuPressure(state);
  rtclab::ui::helpMarker(tr("lab05.totals.help"));
  ImGui::TextDisabled("%s", tr("lab05.chart"));
  drawUploadChart(state.measurements);
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!state.measurements.rows().empty() && ImGui::BeginTable("##perN", 9, kFlags)) {
    for (const char* header : {"lab05.col.n", "lab05.col.samples", "lab05.col.up", "lab05.col.down",
                               "lab05.col.up-per-connection", "lab05.col.fps-encoded",
                               "lab05.col.fps-decoded", "lab05.col.cpu", "lab05.col.ratio"}) {
      ImGui::TableSetupColumn(tr(header));
    }
    ImGui::TableHeadersRow();
    for (const auto& row : state.measurements.rows()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", row.participants);
      ImGui::TableNextColumn();
      ImGui::Text("%d", row.samples);
      ImGui::TableNextColumn();
      ImGui::Text("%.1f", row.kbpsUp);
      ImGui::TableNextColumn();
      ImGui::Text("%.1f", row.kbpsDown);
      ImGui::TableNextColumn();
      ImGui::Text("%.1f", row.kbpsUpPerConnection());
      ImGui::TableNextColumn();
      ImGui::Text("%.1f", row.fpsEncoded);
      ImGui::TableNextColumn();
      ImGui::Text("%.1f", row.fpsDecodedPerTile);
      ImGui::TableNextColumn();
      const std::string_view pressure = toString(row.cpuPressure);
      ImGui::TextUnformatted(pressure.empty() ? "-" : std::string(pressure).c_str());
      ImGui::TableNextColumn();
      if (const auto ratio = state.measurements.upRatioToPair(row)) {
        ImGui::Text("%.1f", *ratio);
      } else {
        ImGui::TextDisabled("-");
      }
    }
    ImGui::EndTable();
  }
}

// --- drawChat -----------------------------------------------------------------------------
void drawChat(MeshLabState& state, const rtclab::LabActions& actions) {
  if (!ImGui::CollapsingHeader(trLabel("lab05.section.chat"), ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  const std::size_t shown = std::min<std::size_t>(state.chat.size(), 8); // the latest lines
  for (std::size_t i = state.chat.size() - shown; i < state.chat.size(); ++i) {
    const ChatLine& line = state.chat[i];
    ImGui::Text("%s: %s", line.from.empty() ? tr("lab05.chat.you") : line.from.c_str(),
                line.text.c_str());
  }
  ImGui::SetNextItemWidth(-80);
  const bool entered =
      ImGui::InputText("##chat", &state.chatDraft, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button(trLabel("lab05.chat.send")) || entered) && !state.chatDraft.empty()) {
    runAction(actions, state, "send-chat", state.chatDraft);
    state.chatDraft.clear();
  }
}

json toJson(const rtclab::MeshLink& link) {
  json out = json::object();
  out["peer"] = link.peer;
  out["name"] = link.name;
  out["connectionState"] = link.connectionState;
  out["pairType"] = link.pairType;
  out["rttMs"] = link.rttMs ? json(*link.rttMs) : json(nullptr);
  out["kbpsUp"] = link.kbpsUp;
  out["kbpsDown"] = link.kbpsDown;
  out["fpsEncoded"] = link.fpsEncoded ? json(*link.fpsEncoded) : json(nullptr);
  out["fpsDecoded"] = link.fpsDecoded ? json(*link.fpsDecoded) : json(nullptr);
  out["qualityLimitationReason"] = rtclab::orNull(link.qualityLimitationReason);
  out["videoBytesReceived"] = link.videoBytesReceived;
  return out;
}

} // namespace

// --- toJson -------------------------------------------------------------------------------
json toJson(const MeshLabState& state) {
  json out = rtclab::ui::toJson(state.call);
  out["lab"] = "05-mesh";
  json& remotes = out["remotes"] = json::array();
  for (const RemoteCard& card : state.remotes) {
    json remote = toJson(card.link);
    remote["tileVideoWidth"] = card.tileVideoWidth;
    if (card.view) {
      const auto& n = card.view->negotiation;
      remote["role"] = std::string(toString(card.view->role));
      remote["signalingState"] = card.view->panel.signaling.current();
      remote["iceConnectionState"] = card.view->panel.iceConnection.current();
      remote["offersMade"] = n.offersMade;
      remote["answersMade"] = n.answersMade;
      remote["offersIgnored"] = n.offersIgnored;
      remote["rollbacks"] = n.rollbacks;
      remote["chatState"] = card.view->chatState;
      remote["chatReceived"] = card.view->chatReceived;
      remote["errors"] = card.view->errors;
    }
    remotes.push_back(std::move(remote));
  }
  const auto& t = state.totals;
  json& totals = out["totals"];
  totals["participants"] = t.participants;
  totals["connected"] = t.connected;
  totals["kbpsUp"] = t.kbpsUp;
  totals["kbpsDown"] = t.kbpsDown;
  totals["fpsEncoded"] = t.fpsEncoded;
  totals["fpsDecodedPerTile"] = t.fpsDecodedPerTile;
  totals["qualityLimitation"] = rtclab::orNull(t.qualityLimitation);
  totals["cpuPressure"] = toString(t.cpuPressure);
  json& pressure = out["cpuPressure"];
  pressure["state"] = toString(t.cpuPressure);
  pressure["meaning"] = meaningOf(t.cpuPressure);
  pressure["unavailable"] = state.cpuPressureUnavailable;
  json& rows = out["measurements"] = json::array();
  for (const auto& row : state.measurements.rows()) {
    json& r = rows.emplace_back();
    r["participants"] = row.participants;
    r["samples"] = row.samples;
    r["kbpsUp"] = row.kbpsUp;
    r["kbpsDown"] = row.kbpsDown;
    r["fpsEncoded"] = row.fpsEncoded;
    r["fpsDecodedPerTile"] = row.fpsDecodedPerTile;
    r["qualityLimitation"] = rtclab::orNull(row.qualityLimitation);
    r["cpuPressure"] = toString(row.cpuPressure);
    const auto ratio = state.measurements.upRatioToPair(row);
    r["upRatioToPair"] = ratio ? json(*ratio) : json(nullptr);
  }
  out["csv"] = state.measurements.csv();
  out["csvExports"] = state.csvExports;
  json& chat = out["chat"] = json::array();
  for (const ChatLine& line : state.chat) {
    json& entry = chat.emplace_back();
    entry["from"] = line.from;
    entry["text"] = line.text;
  }
  out["errors"] = state.errors;
  out["log"] = rtclab::ui::toJson(state.log);
  out["steps"] = rtclab::ui::StepGuide::toJson(stepsOf(state));
  return out;
}

void drawPanel(MeshLabState& state, const rtclab::LabActions& actions) {
  rtclab::ui::beginLabWindow(trLabel("lab05.title"));
  const auto steps = stepsOf(state);
  state.guide.draw(steps);
  rtclab::ui::drawRoomSignaling(state.call);
  ImGui::Separator();
  drawControls(state, actions);
  ImGui::Separator();
  state.guide.openIfCurrent("lab05.section.participants");
  drawCards(state);
  state.guide.openIfCurrent("lab05.section.totals");
  drawTotals(state);
  state.guide.openIfCurrent("lab05.section.chat");
  drawChat(state, actions);
  if (ImGui::CollapsingHeader(trLabel("lab05.section.log"))) {
    rtclab::ui::drawEventLog(state.log, "##lablog", ImGui::GetTextLineHeightWithSpacing() * 8);
  }
  ImGui::End();
}

} // namespace lab05
