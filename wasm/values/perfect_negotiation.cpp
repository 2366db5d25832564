#include "rtclab/perfect_negotiation.hpp"

#include <utility>

namespace rtclab {

std::string_view toString(NegotiationAction action) {
  switch (action) {
  case NegotiationAction::None:
    return "none";
  case NegotiationAction::SetLocalOffer:
    return "set-local-offer";
  case NegotiationAction::SetLocalAnswer:
    return "set-local-answer";
  case NegotiationAction::SetRemoteOffer:
    return "set-remote-offer";
  case NegotiationAction::SetRemoteAnswer:
    return "set-remote-answer";
  case NegotiationAction::IgnoreOffer:
    return "ignore-offer";
  case NegotiationAction::IgnoreDescription:
    return "ignore-description";
  }
  return "unknown";
}

PerfectNegotiation::PerfectNegotiation(NegotiationRole role,
                                       RemoteCandidateQueue::Options candidates)
    : role_(role), candidates_(candidates) {}

NegotiationDecision PerfectNegotiation::negotiationNeeded(SignalingState state) {
  if (makingOffer_) {
    return {NegotiationAction::None, false, "an offer is already being made"};
  }
  if (state != SignalingState::Stable) {
    // The browser fires negotiationneeded again on its return to stable if it is still needed.
    return {NegotiationAction::None, false, "not stable: the browser asks again once stable"};
  }
  makingOffer_ = true;
  return {NegotiationAction::SetLocalOffer, false, "negotiation needed: make an offer"};
}

NegotiationDecision PerfectNegotiation::remoteDescriptionReceived(SdpType type,
                                                                  SignalingState state) {
  if (type == SdpType::Rollback) {
    return {NegotiationAction::IgnoreDescription, false,
            "a rollback only undoes a local offer; it has no meaning when sent to a peer"};
  }
  if (state == SignalingState::Closed) {
    return {NegotiationAction::IgnoreDescription, false, "the connection is closed"};
  }
  // The heart of the pattern. While an answer is being set we count as stable: by the time this
  // description is applied (the browser chains the calls) that answer will have made us stable.
  const bool readyForOffer =
      !makingOffer_ && (state == SignalingState::Stable || isSettingRemoteAnswerPending_);
  const bool offerCollision = type == SdpType::Offer && !readyForOffer;
  ignoreOffer_ = !polite() && offerCollision;
  if (ignoreOffer_) {
    ++counters_.offersIgnored;
    return {NegotiationAction::IgnoreOffer, false,
            "glare: the impolite side keeps its own offer and ignores this one"};
  }

  if (type == SdpType::Offer) {
    isSettingRemoteAnswerPending_ = false;
    // A collision with an offer of our own (sent, or still being set) means a rollback; a
    // collision in have-remote-offer only replaces the remote offer we have not answered yet.
    const bool rollsBack =
        offerCollision && (makingOffer_ || state == SignalingState::HaveLocalOffer);
    if (rollsBack) {
      ++counters_.rollbacks;
    }
    candidates_.remoteDescriptionPending();
    return {NegotiationAction::SetRemoteOffer, rollsBack,
            rollsBack ? "glare: the polite side rolls its own offer back and answers this one"
                      : "a remote offer: apply it, then answer"};
  }

  // An answer (or pranswer) only makes sense while our offer is out.
  if (state != SignalingState::HaveLocalOffer && state != SignalingState::HaveRemotePranswer) {
    return {NegotiationAction::IgnoreDescription, false,
            "an answer outside have-local-offer answers no offer of ours (late or duplicated)"};
  }
  isSettingRemoteAnswerPending_ = type == SdpType::Answer;
  candidates_.remoteDescriptionPending();
  return {NegotiationAction::SetRemoteAnswer, false, "the answer to our offer: apply it"};
}

RemoteCandidateFate PerfectNegotiation::remoteCandidateReceived(const IceCandidate& candidate) {
  // After an ignored offer with no remote description of our own to attach to, every candidate
  // can only be that offer's: dropping it here spares a certain addIceCandidate() failure.
  if (ignoreOffer_ && !candidates_.hasRemoteDescription() &&
      !candidates_.remoteDescriptionIsPending()) {
    ++counters_.candidatesOfIgnoredOffers;
    return RemoteCandidateFate::DroppedIgnoredOffer;
  }
  return candidates_.candidateReceived(candidate);
}

void PerfectNegotiation::localDescriptionSet(SdpType type) {
  if (type == SdpType::Offer) {
    makingOffer_ = false;
    ++counters_.offersMade;
  } else if (type == SdpType::Answer) {
    ++counters_.answersMade;
  }
}

void PerfectNegotiation::localDescriptionFailed(SdpType type) {
  if (type == SdpType::Offer) {
    makingOffer_ = false;
  }
}

RemoteDescriptionSetResult
PerfectNegotiation::remoteDescriptionSet(SdpType type,
                                         std::optional<std::string> usernameFragment) {
  isSettingRemoteAnswerPending_ = false;
  RemoteDescriptionSetResult result;
  const std::optional<std::string> previousUfrag = candidates_.remoteUsernameFragment();
  result.remoteIceRestarted =
      previousUfrag && usernameFragment && *previousUfrag != *usernameFragment;
  result.candidates = candidates_.remoteDescriptionSet(std::move(usernameFragment));
  if (type == SdpType::Offer) {
    result.next = {NegotiationAction::SetLocalAnswer, false, "the remote offer is set: answer it"};
  } else {
    if (type == SdpType::Answer) {
      ++counters_.remoteAnswersSet;
    }
    result.next = {NegotiationAction::None, false, "the answer is set: negotiation done"};
  }
  return result;
}

std::vector<IceCandidate> PerfectNegotiation::remoteDescriptionFailed(SdpType /*type*/) {
  isSettingRemoteAnswerPending_ = false;
  return candidates_.remoteDescriptionFailed();
}

void PerfectNegotiation::reset() {
  makingOffer_ = false;
  ignoreOffer_ = false;
  isSettingRemoteAnswerPending_ = false;
  candidates_.reset();
}

} // namespace rtclab
