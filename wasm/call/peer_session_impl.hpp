// peer_session_impl.hpp (private to rtclab::call): PeerSession's state, shared by its two files:
//   peer_session.cpp             create(), negotiation, descriptions and candidates both ways
//   peer_session_connection.cpp  the connection's states, ICE restart, media and chat, stats
#pragma once

#include "rtclab/lab_page.hpp"
#include "rtclab/peer_session.hpp"
#include "rtclab/ui/peer_panel.hpp"
#include "rtclab/ui/stats_poller.hpp"

#include "timer.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rtclab {

struct PeerSession::Impl {
  Impl(std::string local, PeerSessionView initial, Options opts, PeerConnection connection,
       Send sender, Events handlers)
      : localId(std::move(local)), view(std::move(initial)), options(std::move(opts)),
        pc(std::move(connection)), send(std::move(sender)), events(std::move(handlers)),
        negotiation(view.role), restartPolicy(view.role, options.iceRestart) {}

  std::string localId;
  PeerSessionView view;
  Options options;
  PeerConnection pc;
  Send send;
  Events events;
  PerfectNegotiation negotiation;
  IceRestartPolicy restartPolicy;

  // The connection's and the chat's states as their events last told: the panel reads them
  // every frame, and a read through the handle would cross into JavaScript each time.
  PeerConnectionState connectionState = PeerConnectionState::New;
  MediaStream* localStream = nullptr;
  bool mediaDue = false; // media goes on the connection now (false: at the first remote offer)
  std::optional<SdpType> descriptionAwaitingCandidates; // without trickle: set, not yet sent
  std::vector<RtpSender> senders;
  std::optional<DataChannel> chat;
  ui::StatsPoller stats{options.statsIntervalMs};
  browser::Timer restartTimer;
  browser::Timer statsTimer;

  // The descriptions the panel shows are read from the connection when the view is next read,
  // not on every signaling change: that change comes on the way to sending the offer or the
  // answer, and the panel only ever shows the latest pair.
  bool descriptionsStale = false;
  void readDescriptionsIfStale() {
    if (descriptionsStale) {
      descriptionsStale = false;
      ui::recordDescriptions(view.panel, pc);
    }
  }

  // --- logging and errors -------------------------------------------------------------------
  void log(ui::LogLevel level, std::string text) {
    view.panel.log.add(nowMs(), level, std::move(text));
  }
  template <typename Error> void fail(const Error& error) {
    log(ui::LogLevel::Error, error.describe());
    view.errors.push_back(error.describe());
  }
  PeerConnection::ErrorCallback failure() {
    return [this](PeerConnectionError error) { fail(error); };
  }
  void arrow(bool outgoing, std::string type, std::string detail) {
    view.signals.push_back({nowMs(), outgoing, std::move(type), std::move(detail)});
    while (view.signals.size() > PeerSessionView::kMaxSignals) {
      view.signals.pop_front();
    }
  }

  // --- peer_session.cpp: negotiate / setLocal, receive(offer / answer), receive(candidate) ----
  void negotiationNeeded();
  void setLocal(SdpType type);
  void sendOnceGathered();
  void sendDescription(const SessionDescription& description);
  void receiveDescription(SdpType type, const std::string& sdp);
  void receiveCandidate(const protocol::Candidate& message);
  void addCandidate(const IceCandidate& candidate);
  void sendCandidate(const std::optional<IceCandidate>& candidate);

  // --- peer_session_connection.cpp: watchConnection, media and chat, stats -------------------
  void watchConnection();
  void scheduleRestartCheck();
  void restart();
  void addLocalMedia();
  void removeLocalMedia();
  void applyVideoSending();
  void openChat(DataChannel channel);
  void scheduleStats();
};

} // namespace rtclab
