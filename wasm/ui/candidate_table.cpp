// drawCandidateTable(): every ICE candidate of both peers, and the pair ICE chose.
#include <string>
#include <utility>

#include <imgui.h>

#include "rtclab/language.hpp"
#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/widgets.hpp"
#include "style_colors.hpp"

namespace rtclab::ui {

std::optional<SelectedCandidatePair> selectedCandidatePair(const StatsReport& report) {
  const auto pair = report.selectedPair();
  if (!pair) {
    return std::nullopt;
  }
  auto local = report.candidate(pair->localCandidateId);
  auto remote = report.candidate(pair->remoteCandidateId);
  if (!local || !remote) {
    return std::nullopt;
  }
  return SelectedCandidatePair{std::move(*local), std::move(*remote)};
}

bool isSameCandidate(const CandidateInfo& candidate, const CandidateStats& stats) {
  // Chromium signals host candidates as "<uuid>.local" but may report the IP in getStats().
  const bool statsHidesAddress = stats.address.ends_with(".local");
  return toString(candidate.type) == stats.candidateType && candidate.protocol == stats.protocol &&
         candidate.port == stats.port &&
         (candidate.address == stats.address || candidate.isMdns() || statsHidesAddress);
}

std::string_view explainCandidateType(CandidateType type) {
  switch (type) {
  case CandidateType::Host:
    return tr("ui.candidate.host");
  case CandidateType::Srflx:
    return tr("ui.candidate.srflx");
  case CandidateType::Prflx:
    return tr("ui.candidate.prflx");
  case CandidateType::Relay:
    return tr("ui.candidate.relay");
  }
  return {};
}

namespace {

struct CandidateRow {
  const char* side;
  const CandidateInfo* candidate;
  bool selected;
};

void drawRow(const CandidateRow& row) {
  const CandidateInfo& candidate = *row.candidate;
  ImGui::TableNextRow();
  if (row.selected) {
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ImGui::GetColorU32(colors::kSelectedRow));
  }
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(tr(row.side));
  ImGui::TableNextColumn();
  const auto type = toString(candidate.type);
  ImGui::TextUnformatted(type.data(), type.data() + type.size());
  tooltipOnHover(explainCandidateType(candidate.type));
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(candidate.protocol.c_str());
  ImGui::TableNextColumn();
  cellText(candidate.address);
  ImGui::TableNextColumn();
  ImGui::Text("%u", static_cast<unsigned>(candidate.port));
  ImGui::TableNextColumn();
  ImGui::Text("%u", static_cast<unsigned>(candidate.priority));
  ImGui::TableNextColumn();
  if (row.selected) {
    ImGui::TextColored(colors::kGood, "%s", tr("ui.candidates.selected"));
  }
}

} // namespace

void drawCandidateTable(const char* id, const std::vector<CandidateInfo>& local,
                        const std::vector<CandidateInfo>& remote,
                        const std::optional<SelectedCandidatePair>& selected) {
  ImGui::PushID(id);
  ImGui::Text(tr("ui.candidates.count"), local.size(), remote.size());
  helpMarker(tr("ui.candidates.help"));

  const auto rowAt = [&](std::size_t index) {
    const bool isLocal = index < local.size();
    const CandidateInfo& candidate = isLocal ? local[index] : remote[index - local.size()];
    const bool isSelected =
        selected && isSameCandidate(candidate, isLocal ? selected->local : selected->remote);
    return CandidateRow{isLocal ? "ui.candidates.local" : "ui.candidates.remote", &candidate,
                        isSelected};
  };
  const std::size_t rowCount = local.size() + remote.size();
  // At most ~10 rows tall; more scroll, and only the visible rows are laid out.
  const float height = ImGui::GetTextLineHeightWithSpacing() *
                       static_cast<float>((rowCount < 10 ? rowCount : 10) + 2);
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (rowCount > 0 && ImGui::BeginTable("##table", 7, kFlags, ImVec2(0, height))) {
    ImGui::TableSetupScrollFreeze(0, 1); // keep the header visible while scrolling
    for (const char* column :
         {"ui.candidates.side", "ui.candidates.type", "ui.candidates.protocol",
          "ui.candidates.address", "ui.candidates.port", "ui.candidates.priority"}) {
      ImGui::TableSetupColumn(tr(column));
    }
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rowCount));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        drawRow(rowAt(static_cast<std::size_t>(row)));
      }
    }
    ImGui::EndTable();
  }
  if (rowCount == 0) {
    ImGui::TextDisabled("%s", tr("ui.candidates.none"));
  }
  // Also in words: the selected candidates may be missing from the lists (a prflx candidate is
  // learned during the checks and never signaled).
  if (selected) {
    ImGui::TextUnformatted(tr("ui.candidates.pair"));
    ImGui::SameLine();
    ImGui::TextColored(colors::kGood, "%s %s:%u <=> %s %s:%u",
                       selected->local.candidateType.c_str(), selected->local.address.c_str(),
                       static_cast<unsigned>(selected->local.port),
                       selected->remote.candidateType.c_str(), selected->remote.address.c_str(),
                       static_cast<unsigned>(selected->remote.port));
  }
  ImGui::PopID();
}

void drawGathering(const char* id, const CandidateGathering& gathering) {
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable(id, 8, kFlags)) {
    for (const char* header :
         {"ui.gathering.ms", "ui.gathering.type", "ui.gathering.proto", "ui.gathering.address",
          "ui.gathering.related", "ui.gathering.typePref", "ui.gathering.localPref",
          "ui.gathering.comp"}) {
      ImGui::TableSetupColumn(tr(header));
    }
    ImGui::TableHeadersRow();
    for (const GatheredCandidate& c : gathering.candidates()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", c.afterMs);
      ImGui::TableNextColumn();
      const std::string type(toString(c.info.type));
      ImGui::TextUnformatted(type.c_str());
      tooltipOnHover(explainCandidateType(c.info.type));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.info.protocol.c_str());
      ImGui::TableNextColumn();
      cellText(c.info.address + ":" + std::to_string(c.info.port));
      ImGui::TableNextColumn();
      if (c.info.relatedAddress) {
        ImGui::Text("%s:%u", c.info.relatedAddress->c_str(),
                    static_cast<unsigned>(c.info.relatedPort.value_or(0)));
      } else {
        ImGui::TextDisabled("-");
      }
      ImGui::TableNextColumn();
      ImGui::Text("%d", c.priority.typePreference);
      ImGui::TableNextColumn();
      ImGui::Text("%d", c.priority.localPreference);
      ImGui::TableNextColumn();
      ImGui::Text("%d", c.priority.component);
    }
    ImGui::EndTable();
  }
  for (const GatheringError& e : gathering.errors()) {
    ImGui::TextColored(ImVec4(0.95f, 0.4f, 0.4f, 1), "error %d %s (%s)", e.error.errorCode,
                       e.error.errorText.c_str(), e.error.url.c_str());
    ImGui::TextWrapped("  %s", std::string(meaningOf(e.error)).c_str());
  }
}

namespace {

std::string candidateLabel(const StatsReport& report, const std::string& id) {
  const auto candidate = report.candidate(id);
  if (!candidate) {
    return "?";
  }
  return candidate->candidateType + " " + candidate->address + ":" +
         std::to_string(candidate->port);
}

} // namespace

void drawCandidatePairs(const char* id, const StatsReport& report) {
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  const auto selected = report.selectedPair();
  if (!ImGui::BeginTable(id, 6, kFlags)) {
    return;
  }
  for (const char* header : {"ui.pairs.local", "ui.pairs.remote", "ui.pairs.state",
                             "ui.pairs.nominated", "ui.pairs.rtt", "ui.pairs.bytes"}) {
    ImGui::TableSetupColumn(tr(header));
  }
  ImGui::TableHeadersRow();
  for (const CandidatePairStats& pair : report.candidatePairs) {
    ImGui::TableNextRow();
    if (selected && selected->id == pair.id) {
      ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(40, 90, 60, 255));
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(candidateLabel(report, pair.localCandidateId).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(candidateLabel(report, pair.remoteCandidateId).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%s%s", pair.state.c_str(),
                selected && selected->id == pair.id ? tr("ui.pairs.selected") : "");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(tr(pair.nominated ? "ui.yes" : "ui.no"));
    ImGui::TableNextColumn();
    if (pair.currentRoundTripTime) {
      ImGui::Text("%.1f ms", *pair.currentRoundTripTime * 1000.0);
    } else {
      ImGui::TextDisabled("-");
    }
    ImGui::TableNextColumn();
    ImGui::Text("%llu / %llu", static_cast<unsigned long long>(pair.bytesSent),
                static_cast<unsigned long long>(pair.bytesReceived));
  }
  ImGui::EndTable();
}

nlohmann::json candidatePairsJson(const StatsReport& report) {
  nlohmann::json rows = nlohmann::json::array();
  const auto selected = report.selectedPair();
  for (const CandidatePairStats& pair : report.candidatePairs) {
    const auto local = report.candidate(pair.localCandidateId);
    const auto remote = report.candidate(pair.remoteCandidateId);
    rows.push_back(
        {{"localType", local ? local->candidateType : ""},
         {"remoteType", remote ? remote->candidateType : ""},
         {"state", pair.state},
         {"nominated", pair.nominated},
         {"selected", selected && selected->id == pair.id},
         {"rttMs", pair.currentRoundTripTime ? nlohmann::json(*pair.currentRoundTripTime * 1000.0)
                                             : nlohmann::json(nullptr)},
         {"bytesSent", pair.bytesSent},
         {"bytesReceived", pair.bytesReceived}});
  }
  return rows;
}

} // namespace rtclab::ui
