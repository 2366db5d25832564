#include "rtclab/ui/peer_panel.hpp"

#include <imgui.h>

namespace rtclab::ui {

void drawPeerPanel(const char* title, const PeerPanelState& peer) {
  ImGui::PushID(title);
  ImGui::TextUnformatted(title);
  ImGui::Separator();
  if (ImGui::CollapsingHeader("States", ImGuiTreeNodeFlags_DefaultOpen)) {
    drawStateTimeline("signalingState", peer.signaling);
    drawStateTimeline("iceGatheringState", peer.iceGathering);
    drawStateTimeline("iceConnectionState", peer.iceConnection);
    drawStateTimeline("connectionState", peer.connection);
  }
  if (ImGui::CollapsingHeader("ICE candidates")) {
    drawCandidateTable("##candidates", peer.localCandidates, peer.remoteCandidates,
                       peer.selectedPair);
  }
  if (ImGui::CollapsingHeader("Stats")) {
    drawStatsPlots(peer.stats);
  }
  if (ImGui::CollapsingHeader("SDP")) {
    if (ImGui::TreeNode("local description")) {
      drawSdpView("##local", peer.localSdp);
      ImGui::TreePop();
    }
    if (ImGui::TreeNode("remote description")) {
      drawSdpView("##remote", peer.remoteSdp);
      ImGui::TreePop();
    }
  }
  if (ImGui::CollapsingHeader("Event log", ImGuiTreeNodeFlags_DefaultOpen)) {
    drawEventLog(peer.log, "##log", ImGui::GetTextLineHeightWithSpacing() * 10);
  }
  ImGui::PopID();
}

} // namespace rtclab::ui
