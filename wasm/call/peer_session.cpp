// PeerSession: carries out PerfectNegotiation's and IceRestartPolicy's decisions on a real
// RTCPeerConnection. The decisions themselves are pure and unit-tested (tests/unit/call/); this
// file and peer_session_connection.cpp are the browser glue, proved by the Lab 04 browser tests.
// The state they share is PeerSession::Impl (peer_session_impl.hpp).
//
// [SECTION] index:
//   negotiate / setLocal        onnegotiationneeded -> setLocalDescription() -> send (without
//                               trickle: once gathering is complete, every candidate inside)
//   receive(offer / answer)     the perfect negotiation pattern, rollback included
//   receive(candidate)          trickle ICE in, queued until its description is set
//   create()                    the connection, its handlers, media now or at the first offer
//   the public methods          one-line forwards to Impl
#include "peer_session_impl.hpp"

#include "rtclab/console_handles.hpp"
#include "rtclab/remote_candidate_queue.hpp"

namespace rtclab {

using ui::LogLevel;

namespace {

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

// --- negotiate / setLocal -----------------------------------------------------------------
// [peer-session-negotiate]
void PeerSession::Impl::negotiationNeeded() {
  const NegotiationDecision decision = negotiation.negotiationNeeded(pc.signalingState());
  log(LogLevel::Info, "negotiationneeded: " + std::string(decision.why));
  if (decision.action == NegotiationAction::SetLocalOffer) {
    setLocal(SdpType::Offer);
  }
}

// setLocalDescription() with no argument: the browser creates the offer or answer the state
// calls for and applies it in one step.
void PeerSession::Impl::setLocal(SdpType type) {
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
void PeerSession::Impl::sendOnceGathered() {
  if (!descriptionAwaitingCandidates || pc.iceGatheringState() != IceGatheringState::Complete) {
    return;
  }
  const auto description = pc.localDescription();
  if (description && description->type == *descriptionAwaitingCandidates) {
    sendDescription(*description);
  }
  descriptionAwaitingCandidates.reset();
}

void PeerSession::Impl::sendDescription(const SessionDescription& description) {
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
void PeerSession::Impl::receiveDescription(SdpType type, const std::string& sdp) {
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
        if (description.type == SdpType::Offer && !mediaDue) {
          mediaDue = true; // answering the first offer: our media goes into the answer
          addLocalMedia();
        }
        if (result.next.action == NegotiationAction::SetLocalAnswer) {
          setLocal(SdpType::Answer);
        }
        // The candidates that waited for this description go in once the answer is under way:
        // each addIceCandidate() holds this thread until the browser's WebRTC thread takes it
        // (bench/README.md, "Call setup: where the cost is"), and the other side is waiting
        // for the answer.
        for (const IceCandidate& candidate : result.candidates) {
          addCandidate(candidate);
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
void PeerSession::Impl::receiveCandidate(const protocol::Candidate& message) {
  IceCandidate candidate{message.candidate, message.sdpMid, std::nullopt, message.usernameFragment};
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

void PeerSession::Impl::addCandidate(const IceCandidate& candidate) {
  pc.addIceCandidate(
      candidate, [] {},
      [this](PeerConnectionError error) {
        if (negotiation.shouldReportCandidateError()) { // not for an ignored offer's candidates
          fail(error);
        }
      });
}

void PeerSession::Impl::sendCandidate(const std::optional<IceCandidate>& candidate) {
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
