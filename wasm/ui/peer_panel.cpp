#include "rtclab/ui/peer_panel.hpp"

#include "rtclab/language.hpp"
#include "rtclab/ui/step_guide.hpp"
#include "rtclab/ui/widgets.hpp"

#include <imgui.h>
#include <imgui_internal.h> // FindRenderedTextEnd: a title's visible part

#include <cmath>

namespace rtclab::ui {

void drawPeerPanel(const char* title, const PeerPanelState& peer, StepGuide* guide) {
  // The step guide opens the section its current step needs, right before that header.
  const auto header = [guide](const char* key, ImGuiTreeNodeFlags flags = 0) {
    if (guide != nullptr)
      guide->openIfCurrent(key);
    return ImGui::CollapsingHeader(trLabel(key), flags);
  };
  ImGui::PushID(title); // "Peer A###lab02.peer-a": ImGui hashes only what follows "###"
  ImGui::TextUnformatted(title, ImGui::FindRenderedTextEnd(title));
  ImGui::Separator();
  if (header("ui.peer.states", ImGuiTreeNodeFlags_DefaultOpen)) {
    drawStateTimeline("signalingState", peer.signaling);
    drawStateTimeline("iceGatheringState", peer.iceGathering);
    drawStateTimeline("iceConnectionState", peer.iceConnection);
    drawStateTimeline("connectionState", peer.connection);
  }
  if (header("ui.peer.candidates")) {
    drawCandidateTable("##candidates", peer.localCandidates, peer.remoteCandidates,
                       peer.selectedPair);
  }
  if (header("ui.peer.stats")) {
    drawStatsPlots(peer.stats);
  }
  if (header("ui.peer.sdp")) {
    if (peer.maxMessageSize) {
      // The limit differs by browser by a factor of 4,000: the learner should see it.
      if (std::isfinite(*peer.maxMessageSize)) {
        ImGui::Text(tr("ui.peer.maxMessageSize"), *peer.maxMessageSize);
      } else {
        ImGui::TextUnformatted(tr("ui.peer.maxMessageSize.none"));
      }
      helpMarker(tr("ui.peer.maxMessageSize.help"));
    }
    if (ImGui::TreeNode(trLabel("ui.peer.sdp.local"))) {
      drawSdpView("##local", peer.localSdp);
      ImGui::TreePop();
    }
    if (ImGui::TreeNode(trLabel("ui.peer.sdp.remote"))) {
      drawSdpView("##remote", peer.remoteSdp);
      ImGui::TreePop();
    }
  }
  if (header("ui.peer.log", ImGuiTreeNodeFlags_DefaultOpen)) {
    drawEventLog(peer.log, "##log", ImGui::GetTextLineHeightWithSpacing() * 10);
  }
  ImGui::PopID();
}

} // namespace rtclab::ui
