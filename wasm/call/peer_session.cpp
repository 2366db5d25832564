// PeerSession: carries out PerfectNegotiation's and IceRestartPolicy's decisions on a real
// RTCPeerConnection. The decisions themselves are pure and unit-tested (tests/unit/call/); this
// file is the browser glue, proved by the Lab 04 browser tests.
//
// [SECTION] index:
//   create()                    the connection, its handlers, media now or at the first offer
//   negotiate / setLocal        onnegotiationneeded -> setLocalDescription() -> send (without
//                               trickle: once gathering is complete, every candidate inside)
//   receive(offer / answer)     the perfect negotiation pattern, rollback included
//   receive(candidate)          trickle ICE in, queued until its description is set
//   watchConnection             the four timelines; connectionState feeds the restart policy
//   media and chat              tracks, replaceTrack for video mute, the negotiated "chat"
//   stats                       getStats() once per statsIntervalMs
#include "rtclab/peer_session.hpp"

#include "rtclab/console_handles.hpp"
#include "rtclab/lab_page.hpp"
#include "rtclab/remote_candidate_queue.hpp"
#include "rtclab/ui/stats_poller.hpp"

#include "timer.hpp"

namespace rtclab {

using ui::LogLevel;

namespace {

constexpr std::uint16_t kChatChannelId = 0; // negotiated: both sides create it with this id

// What the signaling arrows say about a candidate, from its one parse.
std::string describeCandidate(const IceCandidate& candidate, const CandidateParseResult& parsed) {
  if (candidate.candidate.empty()) {
    return "end of candidates";
  }
  if (!parsed.ok()) {
    return "unreadable candidate";
  }
  const auto& c = parsed.candidate;
  return std::string(toString(c.type)) + " " + c.protocol + " " + c.address + ":" +
         std::to_string(c.port);
}

} // namespace

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
  void log(LogLevel level, std::string text) {
    view.panel.log.add(nowMs(), level, std::move(text));
  }
  template <typename Error> void fail(const Error& error) {
    log(LogLevel::Error, error.describe());
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

  // --- negotiate / setLocal -----------------------------------------------------------------
  // [peer-session-negotiate]
  void negotiationNeeded() {
    const NegotiationDecision decision = negotiation.negotiationNeeded(pc.signalingState());
    log(LogLevel::Info, "negotiationneeded: " + std::string(decision.why));
    if (decision.action == NegotiationAction::SetLocalOffer) {
      setLocal(SdpType::Offer);
    }
  }

  // setLocalDescription() with no argument: the browser creates the offer or answer the state
  // calls for and applies it in one step.
  void setLocal(SdpType type) {
    pc.setLocalDescription(
        [this](SessionDescription description) {
          negotiation.localDescriptionSet(description.type);
          view.negotiation = negotiation.counters();
          if (options.trickle) {
            sendDescription(description); // first: the other side is waiting for it
          } else {
            descriptionAwaitingCandidates = description.type;
            sendOnceGathered();
          }
          const std::optional<std::string> ufrag = usernameFragmentOf(description);
          if (ufrag && (view.localUfrags.empty() || view.localUfrags.back() != *ufrag)) {
            view.localUfrags.push_back(*ufrag);
          }
        },
        [this, type](PeerConnectionError error) {
          negotiation.localDescriptionFailed(type);
          fail(error);
        });
  }

  // Without trickle: the description goes out once gathering is complete, read again from the
  // connection so that it holds every candidate (unless glare rolled it back meanwhile).
  void sendOnceGathered() {
    if (!descriptionAwaitingCandidates || pc.iceGatheringState() != IceGatheringState::Complete) {
      return;
    }
    const auto description = pc.localDescription();
    if (description && description->type == *descriptionAwaitingCandidates) {
      sendDescription(*description);
    }
    descriptionAwaitingCandidates.reset();
  }

  void sendDescription(const SessionDescription& description) {
    if (description.type == SdpType::Offer) {
      send(protocol::Offer{.to = view.remote.id, .from = std::nullopt, .sdp = description.sdp});
    } else {
      send(protocol::Answer{.to = view.remote.id, .from = std::nullopt, .sdp = description.sdp});
    }
    arrow(true, std::string(toString(description.type)),
          "ufrag " + usernameFragmentOf(description).value_or("?"));
    log(LogLevel::Info, "sent our " + std::string(toString(description.type)));
  }
  // [peer-session-negotiate]

  // --- receive(offer / answer) --------------------------------------------------------------
  // [peer-session-receive-description]
  void receiveDescription(SdpType type, const std::string& sdp) {
    const NegotiationDecision decision =
        negotiation.remoteDescriptionReceived(type, pc.signalingState());
    const SessionDescription description{type, sdp};
    arrow(false, std::string(toString(type)),
          std::string(toString(decision.action)) +
              (decision.rollsBackLocalOffer ? " (glare: our offer rolled back)" : ""));
    log(decision.action == NegotiationAction::IgnoreOffer ? LogLevel::Warn : LogLevel::Info,
        "remote " + std::string(toString(type)) + ": " + std::string(decision.why));
    view.negotiation = negotiation.counters();
    if (decision.action != NegotiationAction::SetRemoteOffer &&
        decision.action != NegotiationAction::SetRemoteAnswer) {
      return; // ignored (glare on the impolite side) or stale
    }
    pc.setRemoteDescription(
        description,
        [this, description] {
          auto result =
              negotiation.remoteDescriptionSet(description.type, usernameFragmentOf(description));
          view.negotiation = negotiation.counters();
          if (result.remoteIceRestarted) {
            restartPolicy.remoteIceRestartSeen(nowMs());
            log(LogLevel::Info, "the other side restarted ICE (new ufrag)");
          }
          for (const IceCandidate& candidate : result.candidates) {
            addCandidate(candidate);
          }
          if (description.type == SdpType::Offer && !mediaDue) {
            mediaDue = true; // answering the first offer: our media goes into the answer
            addLocalMedia();
          }
          if (result.next.action == NegotiationAction::SetLocalAnswer) {
            setLocal(SdpType::Answer);
          }
        },
        [this, type](PeerConnectionError error) {
          for (const IceCandidate& candidate : negotiation.remoteDescriptionFailed(type)) {
            addCandidate(candidate);
          }
          fail(error);
        });
  }
  // [peer-session-receive-description]

  // --- receive(candidate) -------------------------------------------------------------------
  // [peer-session-candidates]
  void receiveCandidate(const protocol::Candidate& message) {
    IceCandidate candidate{message.candidate, message.sdpMid, std::nullopt,
                           message.usernameFragment};
    if (message.sdpMLineIndex) {
      candidate.sdpMLineIndex = static_cast<int>(*message.sdpMLineIndex);
    }
    const RemoteCandidateFate fate = negotiation.remoteCandidateReceived(candidate);
    view.negotiation = negotiation.counters();
    if (fate == RemoteCandidateFate::AddNow) {
      addCandidate(candidate); // first: ICE can try it while the panel's record is made
    }
    const CandidateParseResult parsed = parseCandidate(candidate.candidate);
    arrow(false, candidate.candidate.empty() ? "end-of-candidates" : "candidate",
          describeCandidate(candidate, parsed) + " (" + std::string(toString(fate)) + ")");
    if (parsed.ok() && fate != RemoteCandidateFate::DroppedOtherGeneration &&
        fate != RemoteCandidateFate::DroppedIgnoredOffer) {
      view.panel.remoteCandidates.push_back(parsed.candidate);
    }
  }

  void addCandidate(const IceCandidate& candidate) {
    pc.addIceCandidate(
        candidate, [] {},
        [this](PeerConnectionError error) {
          if (negotiation.shouldReportCandidateError()) { // not for an ignored offer's candidates
            fail(error);
          }
        });
  }

  void sendCandidate(const std::optional<IceCandidate>& candidate) {
    if (options.trickle) { // without trickle it goes out inside the description (sendOnceGathered)
      protocol::Candidate message{.to = view.remote.id};
      if (candidate) {
        message.candidate = candidate->candidate;
        message.sdpMid = candidate->sdpMid;
        if (candidate->sdpMLineIndex && *candidate->sdpMLineIndex >= 0) {
          message.sdpMLineIndex = static_cast<std::uint32_t>(*candidate->sdpMLineIndex);
        }
        message.usernameFragment = usernameFragmentOf(*candidate);
      }
      send(std::move(message)); // candidate "" when gathering is complete: end of candidates
    }
    // What the panel shows, once the candidate is on its way.
    if (!candidate) {
      if (options.trickle) {
        arrow(true, "end-of-candidates", "gathering complete");
      }
      return;
    }
    const CandidateParseResult parsed = parseCandidate(candidate->candidate);
    if (parsed.ok()) {
      view.panel.localCandidates.push_back(parsed.candidate);
    }
    if (options.trickle) {
      arrow(true, "candidate", describeCandidate(*candidate, parsed));
    }
  }
  // [peer-session-candidates]

  // --- watchConnection ----------------------------------------------------------------------
  void watchConnection() {
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

  void scheduleRestartCheck() {
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

  void restart() {
    ++view.iceRestarts;
    pc.restartIce(); // fires negotiationneeded: the offer goes through perfect negotiation
  }

  // --- media and chat -----------------------------------------------------------------------
  void addLocalMedia() {
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

  void removeLocalMedia() {
    for (const RtpSender& sender : senders) {
      if (auto error = pc.removeTrack(sender)) {
        fail(*error);
      }
    }
    senders.clear();
  }

  void applyVideoSending() {
    MediaStreamTrack* video = localStream ? localStream->getVideoTrack() : nullptr;
    for (const RtpSender& sender : senders) {
      if (sender.kind == "video") {
        pc.replaceTrack(
            sender, view.sendingVideo ? video : nullptr, [] {}, failure());
      }
    }
  }

  void openChat(DataChannel channel) {
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
  void scheduleStats() {
    statsTimer.start(options.statsIntervalMs, [this] {
      stats.poll(nowMs(), pc, view.panel, failure());
      scheduleStats();
    });
  }
};

OrPeerConnectionError<std::unique_ptr<PeerSession>> PeerSession::create(std::string localId,
                                                                        RemoteParticipant remote,
                                                                        Options options, Send send,
                                                                        Events events) {
  auto created = PeerConnection::create(options.configuration);
  if (auto* error = std::get_if<PeerConnectionError>(&created)) {
    return *error;
  }
  PeerSessionView view;
  view.role = chooseNegotiationRole(localId, remote.id).role;
  view.remote = std::move(remote);
  auto impl = std::make_unique<Impl>(std::move(localId), std::move(view), std::move(options),
                                     std::move(std::get<PeerConnection>(created)), std::move(send),
                                     std::move(events));
  Impl& s = *impl;
  console::publish("peers." + s.view.remote.id, s.pc); // DevTools: rtclab.peers[id]
  s.log(LogLevel::Info, "new RTCPeerConnection for " + s.view.remote.id + " (we are " +
                            std::string(toString(s.view.role)) + ")");
  s.watchConnection();
  s.pc.onNegotiationNeeded([&s] { s.negotiationNeeded(); });
  s.pc.onIceCandidate([&s](std::optional<IceCandidate> candidate) { s.sendCandidate(candidate); });
  s.pc.onTrack([&s](MediaStreamTrack track, std::vector<MediaStream> streams) {
    s.log(LogLevel::Info, "ontrack: a remote " + track.kind() + " track");
    if (s.events.track) {
      s.events.track(std::move(track), std::move(streams));
    }
  });
  s.mediaDue = s.options.offerFirst;
  if (s.mediaDue) {
    s.addLocalMedia(); // fires negotiationneeded: this side offers
  }
  s.scheduleStats();
  return std::unique_ptr<PeerSession>(new PeerSession(std::move(impl)));
}

PeerSession::PeerSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PeerSession::~PeerSession() {
  impl_->restartTimer.cancel();
  impl_->statsTimer.cancel();
  if (impl_->chat) {
    impl_->chat->close();
  }
  console::withdraw("peers." + impl_->view.remote.id, impl_->pc);
  impl_->pc.close();
}

void PeerSession::setLocalStream(MediaStream* stream) {
  if (stream == impl_->localStream) {
    return;
  }
  if (impl_->mediaDue) {
    impl_->removeLocalMedia();
  }
  impl_->localStream = stream;
  if (impl_->mediaDue) {
    impl_->addLocalMedia(); // negotiationneeded: a renegotiation
  }
}

void PeerSession::setVideoSending(bool sending) {
  impl_->view.sendingVideo = sending;
  impl_->applyVideoSending();
}

void PeerSession::receive(const protocol::Offer& offer) {
  impl_->receiveDescription(SdpType::Offer, offer.sdp);
}
void PeerSession::receive(const protocol::Answer& answer) {
  impl_->receiveDescription(SdpType::Answer, answer.sdp);
}
void PeerSession::receive(const protocol::Candidate& candidate) {
  impl_->receiveCandidate(candidate);
}

void PeerSession::restartIce() {
  impl_->log(LogLevel::Info, "restartIce() asked for");
  impl_->restart();
}

ActionResult PeerSession::sendChat(const std::string& text) {
  if (!impl_->chat || impl_->chat->readyState() != DataChannelState::Open) {
    return "the chat channel with " + impl_->view.remote.id + " is not open yet";
  }
  if (auto error = impl_->chat->send(text)) {
    impl_->fail(*error);
    return error->describe();
  }
  return actionDone();
}

const PeerSessionView& PeerSession::view() const {
  impl_->readDescriptionsIfStale();
  return impl_->view;
}
const RemoteParticipant& PeerSession::remote() const { return impl_->view.remote; }
PeerConnectionState PeerSession::connectionState() const { return impl_->connectionState; }

} // namespace rtclab
