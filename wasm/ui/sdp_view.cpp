// drawSdpView(): an SDP folded by media section, each line explained on hover.
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "rtclab/language.hpp"
#include "rtclab/session_description.hpp"
#include "rtclab/ui/connection_widgets.hpp"
#include "rtclab/ui/widgets.hpp"
#include "style_colors.hpp"

namespace rtclab::ui {
namespace {

// The session lines, then one section per m= line. Split here rather than taken from parseSdp()
// so that malformed SDP, which the parser rejects, is still shown.
struct SdpSections {
  std::vector<std::string_view> session;
  std::vector<std::vector<std::string_view>> media; // each starts with its m= line
};

SdpSections splitIntoSections(std::string_view sdp) {
  SdpSections sections;
  while (!sdp.empty()) {
    const auto end = sdp.find('\n');
    std::string_view line = sdp.substr(0, end);
    sdp = end == std::string_view::npos ? std::string_view{} : sdp.substr(end + 1);
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      continue;
    }
    if (line.starts_with("m=")) {
      sections.media.emplace_back();
    }
    (sections.media.empty() ? sections.session : sections.media.back()).push_back(line);
  }
  return sections;
}

void drawExplainedLines(const std::vector<std::string_view>& lines) {
  for (const std::string_view line : lines) {
    ImGui::TextUnformatted(line.data(), line.data() + line.size());
    tooltipOnHover(explainSdpLine(line));
  }
}

// "m=audio  mid 0  sendrecv  opus, red, ..." when the parser understood the section, else the
// m= line itself.
std::string sectionTitle(const std::vector<std::string_view>& lines, const MediaSection* parsed) {
  if (parsed == nullptr) {
    return std::string(lines.front());
  }
  std::string title = "m=" + parsed->kind + "  mid " + parsed->mid + "  ";
  title += toString(parsed->direction);
  for (std::size_t i = 0; i < parsed->codecs.size(); ++i) {
    title += (i == 0 ? "  " : ", ") + parsed->codecs[i].name;
    if (i == 3 && parsed->codecs.size() > 4) {
      title += ", ...";
      break;
    }
  }
  return title;
}

} // namespace

void drawSdpView(const char* id, const std::string& sdp) {
  ImGui::PushID(id);
  if (sdp.empty()) {
    ImGui::TextDisabled("%s", tr("ui.sdp.none"));
    ImGui::PopID();
    return;
  }
  const SdpParseResult parsed = parseSdp(sdp);
  if (!parsed.ok()) {
    ImGui::TextColored(colors::kBad, "SDP could not be read: line %zu: %s",
                       parsed.error->lineNumber, parsed.error->message.c_str());
  }
  const SdpSections sections = splitIntoSections(sdp);
  const bool sectionsMatchParse =
      parsed.ok() && parsed.summary.media.size() == sections.media.size();

  if (ImGui::TreeNodeEx("##session", ImGuiTreeNodeFlags_DefaultOpen, tr("ui.sdp.session"),
                        sections.session.size())) {
    drawExplainedLines(sections.session);
    ImGui::TreePop();
  }
  for (std::size_t i = 0; i < sections.media.size(); ++i) {
    const MediaSection* parsedSection = sectionsMatchParse ? &parsed.summary.media[i] : nullptr;
    const std::string title = sectionTitle(sections.media[i], parsedSection);
    ImGui::PushID(static_cast<int>(i)); // by position: the open/closed state survives updates
    if (ImGui::TreeNode("##media", "%s", title.c_str())) {
      drawExplainedLines(sections.media[i]);
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  ImGui::PopID();
}

} // namespace rtclab::ui
