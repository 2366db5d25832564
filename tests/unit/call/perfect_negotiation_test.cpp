// One PerfectNegotiation at a time, fed browser events by hand. The two-peer simulation of glare
// is in glare_test.cpp.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "rtclab/perfect_negotiation.hpp"

using rtclab::IceCandidate;
using rtclab::NegotiationAction;
using rtclab::NegotiationRole;
using rtclab::PerfectNegotiation;
using rtclab::RemoteCandidateFate;
using rtclab::SdpType;
using rtclab::SignalingState;

namespace {

IceCandidate candidate(int port, const std::string& ufrag) {
  return {"candidate:1 1 udp 2122260223 10.0.0.2 " + std::to_string(port) +
              " typ host generation 0 ufrag " + ufrag,
          std::string("0"),
          0,
          {}};
}

} // namespace

TEST_CASE("negotiationneeded makes one offer at a time, and only when stable") {
  PerfectNegotiation negotiation(NegotiationRole::Impolite);
  CHECK(negotiation.negotiationNeeded(SignalingState::HaveRemoteOffer).action ==
        NegotiationAction::None);
  CHECK_FALSE(negotiation.makingOffer());
  CHECK(negotiation.negotiationNeeded(SignalingState::Stable).action ==
        NegotiationAction::SetLocalOffer);
  CHECK(negotiation.makingOffer());
  CHECK(negotiation.negotiationNeeded(SignalingState::Stable).action == NegotiationAction::None);
  negotiation.localDescriptionSet(SdpType::Offer);
  CHECK_FALSE(negotiation.makingOffer());
  CHECK(negotiation.counters().offersMade == 1);

  CHECK(negotiation.negotiationNeeded(SignalingState::Stable).action ==
        NegotiationAction::SetLocalOffer);
  negotiation.localDescriptionFailed(SdpType::Offer);
  CHECK_FALSE(negotiation.makingOffer()); // a failed offer does not block the next one
}

TEST_CASE("an offer in have-local-offer: the polite side rolls back, the impolite ignores it") {
  struct Row {
    const char* name;
    NegotiationRole role;
    SignalingState state;
    bool offerStillBeingSet; // makingOffer: setLocalDescription() has not resolved yet
    NegotiationAction expected;
    bool rollsBack;
  };
  const Row rows[] = {
      {"polite, offer sent", NegotiationRole::Polite, SignalingState::HaveLocalOffer, false,
       NegotiationAction::SetRemoteOffer, true},
      {"impolite, offer sent", NegotiationRole::Impolite, SignalingState::HaveLocalOffer, false,
       NegotiationAction::IgnoreOffer, false},
      {"polite, offer being set", NegotiationRole::Polite, SignalingState::Stable, true,
       NegotiationAction::SetRemoteOffer, true},
      {"impolite, offer being set", NegotiationRole::Impolite, SignalingState::Stable, true,
       NegotiationAction::IgnoreOffer, false},
      {"polite, no offer of ours", NegotiationRole::Polite, SignalingState::Stable, false,
       NegotiationAction::SetRemoteOffer, false},
      {"impolite, no offer of ours", NegotiationRole::Impolite, SignalingState::Stable, false,
       NegotiationAction::SetRemoteOffer, false},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    PerfectNegotiation negotiation(row.role);
    if (row.offerStillBeingSet) {
      REQUIRE(negotiation.negotiationNeeded(SignalingState::Stable).action ==
              NegotiationAction::SetLocalOffer);
    }
    const auto decision = negotiation.remoteDescriptionReceived(SdpType::Offer, row.state);
    CHECK(decision.action == row.expected);
    CHECK(decision.rollsBackLocalOffer == row.rollsBack);
    CHECK_FALSE(decision.why.empty());
    const bool ignored = row.expected == NegotiationAction::IgnoreOffer;
    CHECK(negotiation.ignoreOffer() == ignored);
    CHECK(negotiation.counters().offersIgnored == (ignored ? 1u : 0u));
    CHECK(negotiation.counters().rollbacks == (row.rollsBack ? 1u : 0u));
  }
}

TEST_CASE("an offer while our answer is still being set is not a collision, for either role") {
  for (const auto role : {NegotiationRole::Polite, NegotiationRole::Impolite}) {
    CAPTURE(toString(role));
    PerfectNegotiation negotiation(role);
    negotiation.negotiationNeeded(SignalingState::Stable);
    negotiation.localDescriptionSet(SdpType::Offer);
    REQUIRE(negotiation.remoteDescriptionReceived(SdpType::Answer, SignalingState::HaveLocalOffer)
                .action == NegotiationAction::SetRemoteAnswer);
    CHECK(negotiation.isSettingRemoteAnswerPending());
    // setRemoteDescription(answer) has not resolved: the state still reads have-local-offer, but
    // the browser chains the calls, so the offer will meet a stable connection.
    const auto offer =
        negotiation.remoteDescriptionReceived(SdpType::Offer, SignalingState::HaveLocalOffer);
    CHECK(offer.action == NegotiationAction::SetRemoteOffer);
    CHECK_FALSE(offer.rollsBackLocalOffer);
    CHECK_FALSE(negotiation.ignoreOffer());
    CHECK_FALSE(negotiation.isSettingRemoteAnswerPending());

    CHECK(negotiation.remoteDescriptionSet(SdpType::Answer, "a").next.action ==
          NegotiationAction::None);
    CHECK(negotiation.remoteDescriptionSet(SdpType::Offer, "a").next.action ==
          NegotiationAction::SetLocalAnswer);
    CHECK(negotiation.counters().remoteAnswersSet == 1);
  }
}

TEST_CASE("descriptions that cannot apply are dropped with a reason") {
  struct Row {
    SdpType type;
    SignalingState state;
  };
  const Row rows[] = {
      {SdpType::Answer, SignalingState::Stable},          // late or duplicated
      {SdpType::Answer, SignalingState::HaveRemoteOffer}, // answers nothing of ours
      {SdpType::Rollback, SignalingState::HaveLocalOffer},
      {SdpType::Offer, SignalingState::Closed},
  };
  for (const Row& row : rows) {
    CAPTURE(toString(row.type));
    CAPTURE(toString(row.state));
    PerfectNegotiation negotiation(NegotiationRole::Polite);
    const auto decision = negotiation.remoteDescriptionReceived(row.type, row.state);
    CHECK(decision.action == NegotiationAction::IgnoreDescription);
    CHECK_FALSE(decision.why.empty());
    CHECK_FALSE(negotiation.isSettingRemoteAnswerPending());
  }
  // A pranswer is applied like an answer, but only an answer counts as "answer pending".
  PerfectNegotiation negotiation(NegotiationRole::Polite);
  CHECK(negotiation.remoteDescriptionReceived(SdpType::Pranswer, SignalingState::HaveLocalOffer)
            .action == NegotiationAction::SetRemoteAnswer);
  CHECK_FALSE(negotiation.isSettingRemoteAnswerPending());
}

TEST_CASE("an ignored offer's candidates are dropped silently; the current session's still added") {
  PerfectNegotiation negotiation(NegotiationRole::Impolite);
  SUBCASE("no remote description yet: every candidate is the ignored offer's") {
    negotiation.negotiationNeeded(SignalingState::Stable);
    negotiation.localDescriptionSet(SdpType::Offer);
    REQUIRE(negotiation.remoteDescriptionReceived(SdpType::Offer, SignalingState::HaveLocalOffer)
                .action == NegotiationAction::IgnoreOffer);
    CHECK(negotiation.remoteCandidateReceived(candidate(1, "theirs")) ==
          RemoteCandidateFate::DroppedIgnoredOffer);
    CHECK_FALSE(negotiation.shouldReportCandidateError());
    CHECK(negotiation.counters().candidatesOfIgnoredOffers == 1);
    // Their answer to our offer ends ignoreOffer; its candidates wait for it as usual.
    negotiation.remoteDescriptionReceived(SdpType::Answer, SignalingState::HaveLocalOffer);
    CHECK_FALSE(negotiation.ignoreOffer());
    CHECK(negotiation.shouldReportCandidateError());
    CHECK(negotiation.remoteCandidateReceived(candidate(2, "answer")) ==
          RemoteCandidateFate::Queued);
    CHECK(negotiation.remoteDescriptionSet(SdpType::Answer, "answer").candidates ==
          std::vector<IceCandidate>{candidate(2, "answer")});
  }
  SUBCASE("a session in place: its late candidates still go in, the ignored offer's do not") {
    negotiation.remoteDescriptionReceived(SdpType::Offer, SignalingState::Stable);
    negotiation.remoteDescriptionSet(SdpType::Offer, "current");
    negotiation.localDescriptionSet(SdpType::Answer);
    negotiation.negotiationNeeded(SignalingState::Stable);
    negotiation.localDescriptionSet(SdpType::Offer);
    REQUIRE(negotiation.remoteDescriptionReceived(SdpType::Offer, SignalingState::HaveLocalOffer)
                .action == NegotiationAction::IgnoreOffer);
    CHECK(negotiation.remoteCandidateReceived(candidate(1, "current")) ==
          RemoteCandidateFate::AddNow);
    CHECK(negotiation.remoteCandidateReceived(candidate(2, "restarted")) ==
          RemoteCandidateFate::DroppedOtherGeneration);
    CHECK_FALSE(negotiation.shouldReportCandidateError());
  }
}

TEST_CASE("a remote description with a new ufrag is reported as the other side's ICE restart") {
  PerfectNegotiation negotiation(NegotiationRole::Polite);
  struct Row {
    std::optional<std::string> ufrag;
    bool restarted;
  };
  const Row rows[] = {
      {"u1", false},         // the first description: nothing to restart from
      {"u1", false},         // a renegotiation keeping the credentials
      {"u2", true},          // new credentials: an ICE restart
      {std::nullopt, false}, // unknown: no claim either way
  };
  for (const Row& row : rows) {
    CAPTURE(row.ufrag.value_or("(none)"));
    negotiation.remoteDescriptionReceived(SdpType::Offer, SignalingState::Stable);
    CHECK(negotiation.remoteDescriptionSet(SdpType::Offer, row.ufrag).remoteIceRestarted ==
          row.restarted);
    negotiation.localDescriptionSet(SdpType::Answer);
  }
}

TEST_CASE("reset starts a new connection's negotiation from scratch, counters kept") {
  PerfectNegotiation negotiation(NegotiationRole::Impolite);
  negotiation.negotiationNeeded(SignalingState::Stable);
  negotiation.remoteDescriptionReceived(SdpType::Offer, SignalingState::Stable);
  negotiation.remoteCandidateReceived(candidate(1, "u"));
  negotiation.reset();
  CHECK_FALSE(negotiation.makingOffer());
  CHECK_FALSE(negotiation.ignoreOffer());
  CHECK_FALSE(negotiation.candidateQueue().hasRemoteDescription());
  CHECK(negotiation.candidateQueue().queued() == 0);
  CHECK(negotiation.counters().offersIgnored == 1);
}
