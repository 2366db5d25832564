// perfect_negotiation.hpp: the decisions of the perfect negotiation pattern, without a browser.
//
// Perfect negotiation (W3C example: https://w3c.github.io/webrtc-pc/#perfect-negotiation-example,
// MDN: https://developer.mozilla.org/en-US/docs/Web/API/WebRTC_API/Perfect_negotiation) lets both
// sides of a call renegotiate whenever they like with the same code. When both offer at once
// (glare), the impolite side ignores the incoming offer and the polite side lets
// setRemoteDescription roll its own offer back (implicit rollback) and answers. PerfectNegotiation
// keeps the pattern's three flags (makingOffer, ignoreOffer, isSettingRemoteAnswerPending) and a
// RemoteCandidateQueue, and answers each browser event with a NegotiationDecision the browser layer
// carries out. It never touches a PeerConnection itself, so every interleaving is unit-tested
// natively.
//
// The contract: what the browser layer calls when, and what each action asks of it.
//
//   browser event                   call, then what to do
//   pc.onnegotiationneeded          negotiationNeeded(pc.signalingState): do decision.action
//   description from signaling      remoteDescriptionReceived(type, pc.signalingState): do it
//   candidate from signaling        remoteCandidateReceived(c): AddNow -> pc.addIceCandidate(c)
//   setLocalDescription() resolves  localDescriptionSet(type); send pc.localDescription
//   ... rejects                     localDescriptionFailed(type); show the error
//   setRemoteDescription() resolves remoteDescriptionSet(type, ufrag): add .candidates, do .next
//   ... rejects                     remoteDescriptionFailed(type): show it, add what it returns
//   addIceCandidate() rejects       show the error only if shouldReportCandidateError()
//   a new RTCPeerConnection         reset()
//
//   NegotiationAction  what the browser layer does
//   None               nothing
//   SetLocalOffer      pc.setLocalDescription() with no argument (the browser creates the offer),
//                      then localDescriptionSet(Offer) and send pc.localDescription to the peer
//   SetLocalAnswer     pc.setLocalDescription() with no argument (the browser creates the answer),
//                      then localDescriptionSet(Answer) and send pc.localDescription to the peer
//   SetRemoteOffer     pc.setRemoteDescription(offer); when decision.rollsBackLocalOffer, the
//                      browser first rolls our own offer back (implicit rollback: no separate
//                      setLocalDescription({type: "rollback"}) call is needed)
//   SetRemoteAnswer    pc.setRemoteDescription(answer) (or pranswer)
//   IgnoreOffer        glare on the impolite side: drop the offer, send nothing; the other side
//                      rolls back and answers ours. Its candidates are dropped too (see below).
//   IgnoreDescription  a description that cannot apply (a stale answer, a "rollback" sent over
//                      signaling): drop it; decision.why says which
//
// Calls are synchronous and must be made in the order the browser events happen. The signaling
// state passed in is pc.signalingState when the message is handled, not a remembered value.
// Candidates: while an ignored offer's candidates may still arrive (ignoreOffer holds), they are
// dropped when they cannot belong to the current remote description, and a failed
// addIceCandidate() is not an error: the spec's example swallows those failures the same way.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtclab/ice_candidate.hpp"
#include "rtclab/negotiation_role.hpp"
#include "rtclab/peer_connection_states.hpp"
#include "rtclab/remote_candidate_queue.hpp"

namespace rtclab {

enum class NegotiationAction {
  None,
  SetLocalOffer,
  SetLocalAnswer,
  SetRemoteOffer,
  SetRemoteAnswer,
  IgnoreOffer,
  IgnoreDescription,
};
std::string_view toString(NegotiationAction action); // "set-local-offer", "ignore-offer", ...

struct NegotiationDecision {
  NegotiationAction action = NegotiationAction::None;
  // SetRemoteOffer on the polite side in glare: applying the offer discards our own offer.
  bool rollsBackLocalOffer = false;
  std::string_view why; // one sentence for a log or a learner's panel
  bool operator==(const NegotiationDecision&) const = default;
};

// What to do once a setRemoteDescription() has resolved.
struct RemoteDescriptionSetResult {
  NegotiationDecision next;             // SetLocalAnswer after an offer, None after an answer
  std::vector<IceCandidate> candidates; // queued candidates to add now, in arrival order
  // The description replaced one with a different ufrag: the other side restarted ICE
  // (tell IceRestartPolicy::remoteIceRestartSeen()).
  bool remoteIceRestarted = false;
};

class PerfectNegotiation {
public:
  // Running totals, for the panel and the tests (a glare shows as one ignored offer on one side
  // and one rollback on the other).
  struct Counters {
    std::size_t offersMade = 0;    // local offers set
    std::size_t answersMade = 0;   // local answers set
    std::size_t offersIgnored = 0; // impolite side, glare
    std::size_t rollbacks = 0;     // polite side, glare
    std::size_t remoteAnswersSet = 0;
    // Candidates dropped as RemoteCandidateFate::DroppedIgnoredOffer.
    std::size_t candidatesOfIgnoredOffers = 0;
    bool operator==(const Counters&) const = default;
  };

  explicit PerfectNegotiation(NegotiationRole role)
      : PerfectNegotiation(role, RemoteCandidateQueue::Options{}) {}
  PerfectNegotiation(NegotiationRole role, RemoteCandidateQueue::Options candidates);

  NegotiationDecision negotiationNeeded(SignalingState state);
  NegotiationDecision remoteDescriptionReceived(SdpType type, SignalingState state);
  RemoteCandidateFate remoteCandidateReceived(const IceCandidate& candidate);

  void localDescriptionSet(SdpType type);
  void localDescriptionFailed(SdpType type);
  // `usernameFragment`: usernameFragmentOf(pc.remoteDescription), to tell ICE generations apart.
  RemoteDescriptionSetResult remoteDescriptionSet(SdpType type,
                                                  std::optional<std::string> usernameFragment);
  std::vector<IceCandidate> remoteDescriptionFailed(SdpType type);
  bool shouldReportCandidateError() const { return !ignoreOffer_; }

  // A new RTCPeerConnection for the same remote participant: flags and queue start over.
  void reset();

  NegotiationRole role() const { return role_; }
  bool polite() const { return role_ == NegotiationRole::Polite; }
  bool makingOffer() const { return makingOffer_; }
  bool ignoreOffer() const { return ignoreOffer_; }
  bool isSettingRemoteAnswerPending() const { return isSettingRemoteAnswerPending_; }
  const Counters& counters() const { return counters_; }
  const RemoteCandidateQueue& candidateQueue() const { return candidates_; }

private:
  NegotiationRole role_;
  bool makingOffer_ = false;                  // a setLocalDescription() for an offer is running
  bool ignoreOffer_ = false;                  // the last remote offer was ignored (glare)
  bool isSettingRemoteAnswerPending_ = false; // a setRemoteDescription(answer) is running
  RemoteCandidateQueue candidates_;
  Counters counters_;
};

} // namespace rtclab
