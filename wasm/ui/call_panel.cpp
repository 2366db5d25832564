// The panel of one call: sequence diagram, transport security, media quality, then the peer
// panel; and its labState JSON.
//
// [SECTION] index:
//   transportSecurityOf / mediaQualityOf   the facts, from stats and SDP (pure)
//   drawSequenceDiagram                    the guide's chart, drawn with ImDrawList
//   drawTransportSecurity / drawMediaQuality / drawPeerSession
//   toJson                                 Module.labState()'s view of the call (on the panel's)
#include "rtclab/ui/call_panel.hpp"

#include "rtclab/json_text.hpp"
#include "rtclab/language.hpp"
#include "rtclab/ui/step_guide.hpp"
#include "rtclab/ui/widgets.hpp"
#include "style_colors.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace rtclab::ui {

using nlohmann::json;

// --- transportSecurityOf / mediaQualityOf ---------------------------------------------------

std::string fingerprintLineOf(const std::string& sdp) {
  std::string_view rest = sdp;
  for (int number = 1; !rest.empty(); ++number) {
    const std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    if (line.starts_with("a=fingerprint:")) {
      return "line " + std::to_string(number) + ": " + std::string(line);
    }
  }
  return {};
}

TransportSecurity transportSecurityOf(const std::optional<StatsReport>& stats,
                                      const std::string& localSdp, const std::string& remoteSdp) {
  TransportSecurity security;
  security.localSdpFingerprintLine = fingerprintLineOf(localSdp);
  security.remoteSdpFingerprintLine = fingerprintLineOf(remoteSdp);
  if (!stats) {
    return security;
  }
  // Before BUNDLE is settled a report can hold one transport per media section, the unused ones
  // still "new" and without certificates: the connected transport is the one that carries all.
  const TransportStats* chosen = nullptr;
  for (const TransportStats& transport : stats->transports) {
    if (!transport.dtlsState.empty() &&
        (!chosen || (chosen->dtlsState != "connected" && transport.dtlsState == "connected"))) {
      chosen = &transport;
    }
  }
  if (!chosen) {
    return security;
  }
  security.dtlsState = chosen->dtlsState;
  security.dtlsRole = chosen->dtlsRole;
  security.tlsVersion = chosen->tlsVersion;
  security.dtlsCipher = chosen->dtlsCipher;
  security.srtpCipher = chosen->srtpCipher;
  const auto fingerprint = [&](const std::string& id) -> std::optional<std::string> {
    const auto certificate = stats->certificate(id);
    if (!certificate) {
      return std::nullopt;
    }
    return certificate->fingerprintAlgorithm + " " + certificate->fingerprint;
  };
  security.localFingerprint = fingerprint(chosen->localCertificateId);
  security.remoteFingerprint = fingerprint(chosen->remoteCertificateId);
  return security;
}

MediaQuality mediaQualityOf(const std::optional<StatsReport>& stats) {
  MediaQuality quality;
  if (!stats) {
    return quality;
  }
  for (const RtpStreamStats& stream : stats->rtpStreams) {
    MediaStreamQuality q;
    q.kind = stream.kind;
    if (const auto codec = stats->codec(stream.codecId)) {
      q.codec = codec->mimeType;
    }
    q.bytes = stream.bytes;
    q.packets = stream.packets;
    q.packetsLost = stream.packetsLost;
    if (stream.jitter) {
      q.jitterMs = *stream.jitter * 1000.0;
    }
    const bool inbound = stream.direction == RtpDirection::Inbound;
    q.frames = inbound ? stream.framesDecoded : stream.framesEncoded;
    q.framesPerSecond = stream.framesPerSecond;
    q.width = stream.frameWidth;
    q.height = stream.frameHeight;
    (inbound ? quality.inbound : quality.outbound).push_back(std::move(q));
  }
  return quality;
}

// --- drawSequenceDiagram --------------------------------------------------------------------

void drawSequenceDiagram(const char* id, const std::deque<SignalArrow>& signals, const char* us,
                         const char* them) {
  ImGui::PushID(id);
  ImGui::TextDisabled(tr("ui.sequence.count"), signals.size());
  helpMarker(tr("ui.sequence.help"));
  const float rowHeight = ImGui::GetTextLineHeightWithSpacing() * 1.4f;
  const float width = std::max(ImGui::GetContentRegionAvail().x, 300.0f);
  const float lanes[3] = {width * 0.12f, width * 0.5f, width * 0.88f};
  const char* names[3] = {us, tr("ui.sequence.server"), them};
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  for (int lane = 0; lane < 3; ++lane) {
    const float x = origin.x + lanes[lane];
    draw->AddText(ImVec2(x - ImGui::CalcTextSize(names[lane]).x / 2, origin.y), text, names[lane]);
  }
  // Show the last rows that fit in a fixed height, so the panel does not grow without end.
  constexpr std::size_t kRows = 14;
  const std::size_t first = signals.size() > kRows ? signals.size() - kRows : 0;
  const float top = origin.y + rowHeight;
  const float bottom = top + rowHeight * static_cast<float>(kRows);
  for (int lane = 0; lane < 3; ++lane) {
    const float x = origin.x + lanes[lane];
    draw->AddLine(ImVec2(x, top), ImVec2(x, bottom), dim);
  }
  for (std::size_t i = first; i < signals.size(); ++i) {
    const SignalArrow& arrow = signals[i];
    const float y = top + rowHeight * (static_cast<float>(i - first) + 0.7f);
    const ImU32 colour = ImGui::GetColorU32(arrow.type == "offer"    ? colors::kProgress
                                            : arrow.type == "answer" ? colors::kGood
                                                                     : colors::kInactive);
    // Outgoing: us -> server -> them. Incoming: them -> server -> us.
    const float from = origin.x + (arrow.outgoing ? lanes[0] : lanes[2]);
    const float to = origin.x + (arrow.outgoing ? lanes[2] : lanes[0]);
    const float direction = to > from ? 1.0f : -1.0f;
    draw->AddLine(ImVec2(from, y), ImVec2(to, y), colour, 1.5f);
    draw->AddTriangleFilled(ImVec2(to, y), ImVec2(to - 7 * direction, y - 4),
                            ImVec2(to - 7 * direction, y + 4), colour);
    char label[160];
    std::snprintf(label, sizeof label, "%s %s  %s", formatTimestamp(arrow.timeMs).c_str(),
                  arrow.type.c_str(), arrow.detail.c_str());
    const float labelX = std::min(from, to) + 10;
    draw->AddText(ImVec2(labelX, y - ImGui::GetTextLineHeight() - 1), colour, label);
  }
  ImGui::Dummy(ImVec2(width, bottom - origin.y + 4));
  ImGui::PopID();
}

// --- drawTransportSecurity / drawMediaQuality / drawPeerSession ----------------------------

void drawTransportSecurity(const TransportSecurity& security) {
  drawStateBadge("dtlsState", security.dtlsState);
  helpMarker(tr("ui.transport.help"));
  if (security.dtlsState.empty()) {
    return;
  }
  // The stats give the protocol version in hex: Chromium negotiates DTLS 1.2, Firefox 1.3.
  const std::string version = security.tlsVersion == "FEFD"   ? "DTLS 1.2 (FEFD)"
                              : security.tlsVersion == "FEFC" ? "DTLS 1.3 (FEFC)"
                                                              : security.tlsVersion;
  ImGui::Text(tr("ui.transport.role"), security.dtlsRole.c_str(), version.c_str());
  ImGui::Text(tr("ui.transport.dtlsCipher"), security.dtlsCipher.c_str());
  ImGui::Text("srtpCipher: %s", security.srtpCipher.c_str());
  const std::string notReported = tr("ui.stats.notReported");
  ImGui::TextWrapped(tr("ui.transport.localFingerprint"),
                     security.localFingerprint.value_or(notReported).c_str());
  ImGui::TextDisabled(tr("ui.transport.localSdpLine"), security.localSdpFingerprintLine.c_str());
  ImGui::TextWrapped(tr("ui.transport.remoteFingerprint"),
                     security.remoteFingerprint.value_or(notReported).c_str());
  ImGui::TextDisabled(tr("ui.transport.remoteSdpLine"), security.remoteSdpFingerprintLine.c_str());
}

namespace {
// `direction`: the language table key of "in" or "out".
void drawStreamRow(const char* direction, const MediaStreamQuality& q) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::Text("%s %s", tr(direction), q.kind.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(q.codec.empty() ? "-" : q.codec.c_str());
  ImGui::TableNextColumn();
  ImGui::Text("%llu", static_cast<unsigned long long>(q.bytes));
  ImGui::TableNextColumn();
  if (q.frames) {
    ImGui::Text("%llu (%.0f fps)", static_cast<unsigned long long>(*q.frames),
                q.framesPerSecond.value_or(0));
  } else {
    ImGui::TextDisabled("-");
  }
  ImGui::TableNextColumn();
  ImGui::Text("%lld", static_cast<long long>(q.packetsLost));
  ImGui::TableNextColumn();
  if (q.jitterMs) {
    ImGui::Text("%.1f ms", *q.jitterMs);
  } else {
    ImGui::TextDisabled("-");
  }
}
} // namespace

void drawMediaQuality(const MediaQuality& quality) {
  if (quality.inbound.empty() && quality.outbound.empty()) {
    ImGui::TextDisabled("%s", tr("ui.media.none"));
    return;
  }
  if (ImGui::BeginTable("##media", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    for (const char* header : {"ui.media.stream", "ui.media.codec", "ui.media.bytes",
                               "ui.media.frames", "ui.media.lost", "ui.media.jitter"}) {
      ImGui::TableSetupColumn(tr(header));
    }
    ImGui::TableHeadersRow();
    for (const auto& q : quality.inbound) {
      drawStreamRow("ui.media.in", q);
    }
    for (const auto& q : quality.outbound) {
      drawStreamRow("ui.media.out", q);
    }
    ImGui::EndTable();
  }
}

void drawPeerSession(const char* title, const PeerSessionView& view, StepGuide* guide) {
  ImGui::PushID(title);
  ImGui::Text(tr("ui.session.who"), view.remote.id.c_str(), view.remote.name.c_str(),
              std::string(toString(view.role)).c_str());
  helpMarker(tr("ui.session.help"));
  const auto& n = view.negotiation;
  ImGui::Text(tr("ui.session.negotiation"), n.offersMade, n.answersMade, n.offersIgnored,
              n.rollbacks, view.iceRestarts);
  const auto header = [guide](const char* key) {
    if (guide != nullptr)
      guide->openIfCurrent(key);
    return ImGui::CollapsingHeader(trLabel(key), ImGuiTreeNodeFlags_DefaultOpen);
  };
  if (header("ui.session.sequence")) {
    drawSequenceDiagram("##sequence", view.signals, tr("ui.sequence.you"), view.remote.id.c_str());
  }
  if (header("ui.session.transport")) {
    drawTransportSecurity(
        transportSecurityOf(view.panel.latestStats, view.panel.localSdp, view.panel.remoteSdp));
  }
  if (header("ui.session.media")) {
    drawMediaQuality(mediaQualityOf(view.panel.latestStats));
  }
  drawPeerPanel(view.remote.id.c_str(), view.panel, guide);
  ImGui::PopID();
}

// --- toJson --------------------------------------------------------------------------------

// The panel's snapshot (states, timelines, candidates, stats) plus what a call adds.
json toJson(const PeerSessionView& view) {
  const auto& p = view.panel;
  json out = toJson(p);
  out["peer"] = view.remote.id;
  out["name"] = view.remote.name;
  out["session"] = view.remote.session;
  out["role"] = toString(view.role);

  const auto security = transportSecurityOf(p.latestStats, p.localSdp, p.remoteSdp);
  json& transport = out["transport"];
  transport["dtlsState"] = security.dtlsState;
  transport["dtlsRole"] = security.dtlsRole;
  transport["tlsVersion"] = security.tlsVersion;
  transport["dtlsCipher"] = security.dtlsCipher;
  transport["srtpCipher"] = security.srtpCipher;
  transport["localFingerprint"] = orNull(security.localFingerprint);
  transport["remoteFingerprint"] = orNull(security.remoteFingerprint);
  transport["localSdpFingerprintLine"] = security.localSdpFingerprintLine;
  transport["remoteSdpFingerprintLine"] = security.remoteSdpFingerprintLine;

  const auto& n = view.negotiation;
  json& negotiation = out["negotiation"];
  negotiation["offersMade"] = n.offersMade;
  negotiation["answersMade"] = n.answersMade;
  negotiation["offersIgnored"] = n.offersIgnored;
  negotiation["rollbacks"] = n.rollbacks;
  negotiation["remoteAnswersSet"] = n.remoteAnswersSet;
  out["iceRestarts"] = view.iceRestarts;
  out["localUfrags"] = view.localUfrags;
  out["sendingVideo"] = view.sendingVideo;
  out["chat"]["state"] = view.chatState;
  out["chat"]["received"] = view.chatReceived;

  json& signals = out["signals"] = json::array();
  for (const SignalArrow& arrow : view.signals) {
    json& row = signals.emplace_back();
    row["timeMs"] = arrow.timeMs;
    row["direction"] = arrow.outgoing ? "out" : "in";
    row["type"] = arrow.type;
    row["detail"] = arrow.detail;
  }
  out["errors"] = view.errors;
  return out;
}

} // namespace rtclab::ui
