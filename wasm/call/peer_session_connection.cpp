// PeerSession, the connection's side (the rest is peer_session.cpp; the state both share is
// PeerSession::Impl, peer_session_impl.hpp).
//
// [SECTION] index:
//   watchConnection             the four timelines; connectionState feeds the restart policy
//   media and chat              tracks, replaceTrack for video mute, the negotiated "chat"
//   stats                       getStats() once per statsIntervalMs
#include "peer_session_impl.hpp"

#include <algorithm>

namespace rtclab {

using ui::LogLevel;

namespace {

constexpr std::uint16_t kChatChannelId = 0; // negotiated: both sides create it with this id

} // namespace

// --- watchConnection ----------------------------------------------------------------------
void PeerSession::Impl::watchConnection() {
  auto& panel = view.panel;
  pc.onSignalingStateChange([this, &panel](SignalingState state) {
    ui::recordState(panel, "signalingState", toString(state), nowMs());
    descriptionsStale = true; // a description was applied (or rolled back)
  });
  pc.onIceGatheringStateChange([this, &panel](IceGatheringState state) {
    ui::recordState(panel, "iceGatheringState", toString(state), nowMs());
    sendOnceGathered();
  });
  pc.onIceConnectionStateChange([&panel](IceConnectionState state) {
    ui::recordState(panel, "iceConnectionState", toString(state), nowMs());
  });
  // [peer-session-restart]
  pc.onConnectionStateChange([this, &panel](PeerConnectionState state) {
    connectionState = state;
    ui::recordState(panel, "connectionState", toString(state), nowMs());
    restartPolicy.connectionStateChanged(state, nowMs());
    scheduleRestartCheck();
  });
  // [peer-session-restart]
  ui::recordStates(panel, pc, nowMs()); // the starting point: stable, new, new, new
}

void PeerSession::Impl::scheduleRestartCheck() {
  const std::optional<double> due = restartPolicy.nextPollMs();
  if (!due) {
    restartTimer.cancel();
    return;
  }
  restartTimer.start(std::max(0.0, *due - nowMs()), [this] {
    switch (restartPolicy.poll(nowMs())) {
    case IceRestartDecision::RestartIce:
      log(LogLevel::Warn, "connectionState is " + std::string(toString(pc.connectionState())) +
                              ": restarting ICE (attempt " +
                              std::to_string(restartPolicy.attempts()) + ")");
      restart();
      break;
    case IceRestartDecision::GiveUp:
      log(LogLevel::Error, "ICE restarts did not bring the connection back: giving up");
      if (events.gaveUp) {
        events.gaveUp(); // may destroy this session: nothing after it
        return;
      }
      break;
    case IceRestartDecision::None:
      break;
    }
    scheduleRestartCheck();
  });
}

void PeerSession::Impl::restart() {
  ++view.iceRestarts;
  pc.restartIce(); // fires negotiationneeded: the offer goes through perfect negotiation
}

// --- media and chat -----------------------------------------------------------------------
void PeerSession::Impl::addLocalMedia() {
  if (!chat) {
    auto created = pc.createDataChannel("chat", {.negotiated = true, .id = kChatChannelId});
    if (auto* error = std::get_if<PeerConnectionError>(&created)) {
      fail(*error);
    } else {
      openChat(std::move(std::get<DataChannel>(created)));
    }
  }
  if (!localStream) {
    return;
  }
  for (auto& track : localStream->getTracks()) {
    auto sender = pc.addTrack(track, *localStream);
    if (auto* error = std::get_if<PeerConnectionError>(&sender)) {
      fail(*error);
      continue;
    }
    senders.push_back(std::get<RtpSender>(sender));
    log(LogLevel::Info, "addTrack(" + track.kind() + ")");
  }
  if (!view.sendingVideo) {
    applyVideoSending();
  }
}

void PeerSession::Impl::removeLocalMedia() {
  for (const RtpSender& sender : senders) {
    if (auto error = pc.removeTrack(sender)) {
      fail(*error);
    }
  }
  senders.clear();
}

void PeerSession::Impl::applyVideoSending() {
  MediaStreamTrack* video = localStream ? localStream->getVideoTrack() : nullptr;
  for (const RtpSender& sender : senders) {
    if (sender.kind == "video") {
      pc.replaceTrack(
          sender, view.sendingVideo ? video : nullptr, [] {}, failure());
    }
  }
}

void PeerSession::Impl::openChat(DataChannel channel) {
  view.chatState = toString(channel.readyState()); // "connecting" until both sides have it
  channel.onOpen([this] {
    view.chatState = toString(DataChannelState::Open);
    log(LogLevel::Info, "chat: open");
  });
  channel.onClose([this] {
    view.chatState = toString(DataChannelState::Closed);
    log(LogLevel::Info, "chat: closed");
  });
  channel.onError([this](DataChannelError error) {
    if (error.closedByPeer()) { // the other side hung up or left: the call ends, no failure
      log(LogLevel::Info, "chat: the other side closed its connection");
      return;
    }
    fail(error);
  });
  channel.onMessage([this](DataChannelMessage message) {
    if (message.isBinary) {
      return; // the chat is text only
    }
    view.chatReceived.push_back(message.text);
    log(LogLevel::Info, "chat: \"" + message.text + "\"");
    if (events.chatMessage) {
      events.chatMessage(message.text);
    }
  });
  chat = std::move(channel);
}

// --- stats --------------------------------------------------------------------------------
// A timer rather than the frame loop: a tab in the background draws no frames, and its call
// still wants its stats.
void PeerSession::Impl::scheduleStats() {
  statsTimer.start(options.statsIntervalMs, [this] {
    stats.poll(nowMs(), pc, view.panel, failure());
    scheduleStats();
  });
}

} // namespace rtclab
