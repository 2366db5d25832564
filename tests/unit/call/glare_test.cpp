// Glare end to end: two PerfectNegotiation objects, each driving a fake RTCPeerConnection, talk
// through an in-test signaling channel. The fake keeps the parts of the browser the pattern relies
// on: the signaling state machine, implicit rollback, the operations chain (calls run one after
// another, in the order made), negotiationneeded firing again on the return to stable, and
// addIceCandidate failing without a matching remote description. `Session` is the glue the
// browser-side call layer will be: it carries out each decision.
#include <doctest/doctest.h>

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rtclab/perfect_negotiation.hpp"

using namespace rtclab;

namespace {

struct Message { // what goes over signaling: a description (with its ufrag) or a candidate
  std::optional<SdpType> type;
  std::string ufrag;
  std::optional<IceCandidate> candidate;
};

IceCandidate hostCandidate(const std::string& ufrag) {
  return {"candidate:1 1 udp 2122260223 10.0.0.2 5000 typ host generation 0 ufrag " + ufrag,
          std::string("0"),
          0,
          {}};
}

class FakePeerConnection {
public:
  explicit FakePeerConnection(std::string name) : name_(std::move(name)) {}

  SignalingState signalingState = SignalingState::Stable;
  bool needsNegotiation = false; // the browser's negotiation-needed flag
  std::optional<std::string> remoteUfrag;
  std::string localUfrag; // of the local description last set
  int rollbacks = 0;
  int candidatesAdded = 0;
  std::function<void()> onNegotiationNeeded;

  // The operations chain: each call waits for the ones before it.
  void setLocalDescription(std::function<void(SdpType)> onSuccess, std::function<void()> onError) {
    chain_.push_back([=, this] {
      if (signalingState == SignalingState::Stable) {
        localUfrag = committedUfrag_.value_or(name_ + std::to_string(++ufragCount_));
        signalingState = SignalingState::HaveLocalOffer;
        onSuccess(SdpType::Offer);
      } else if (signalingState == SignalingState::HaveRemoteOffer) {
        localUfrag = committedUfrag_.value_or(name_ + std::to_string(++ufragCount_));
        becomeStable();
        onSuccess(SdpType::Answer);
        fireNegotiationNeededIfStillNeeded();
      } else {
        onError();
      }
    });
  }
  void setRemoteDescription(SdpType type, std::string ufrag, std::function<void()> onSuccess,
                            std::function<void()> onError) {
    chain_.push_back([=, this] {
      if (type == SdpType::Offer && signalingState == SignalingState::HaveLocalOffer) {
        ++rollbacks; // implicit rollback: our offer is gone, and with it what it negotiated
        signalingState = SignalingState::Stable;
        needsNegotiation = true;
      }
      if (type == SdpType::Offer && signalingState == SignalingState::Stable) {
        signalingState = SignalingState::HaveRemoteOffer;
      } else if (type == SdpType::Answer && signalingState == SignalingState::HaveLocalOffer) {
        needsNegotiation = false; // our offer carried the change and was answered
        becomeStable();
      } else {
        onError(); // InvalidStateError
        return;
      }
      remoteUfrag = ufrag;
      onSuccess();
      fireNegotiationNeededIfStillNeeded();
    });
  }
  void addIceCandidate(const IceCandidate& candidate, std::function<void()> onError) {
    chain_.push_back([=, this] {
      if (!remoteUfrag || usernameFragmentOf(candidate) != remoteUfrag) {
        onError(); // no remote description, or no transport with that ufrag
        return;
      }
      ++candidatesAdded;
    });
  }

  bool runNextOperation() {
    if (chain_.empty()) {
      return false;
    }
    auto operation = std::move(chain_.front());
    chain_.pop_front();
    operation();
    return true;
  }

private:
  void becomeStable() {
    signalingState = SignalingState::Stable;
    committedUfrag_ = localUfrag;
  }
  void fireNegotiationNeededIfStillNeeded() {
    if (signalingState == SignalingState::Stable && needsNegotiation && onNegotiationNeeded) {
      onNegotiationNeeded();
    }
  }

  std::string name_;
  int ufragCount_ = 0;
  std::optional<std::string> committedUfrag_;
  std::deque<std::function<void()>> chain_;
};

// The browser-side glue: carries out each decision of PerfectNegotiation on the fake.
class Session {
public:
  Session(const std::string& id, const std::string& remoteId)
      : pc(id), negotiation(chooseNegotiationRole(id, remoteId).role) {
    pc.onNegotiationNeeded = [this] { negotiationNeeded(); };
  }

  FakePeerConnection pc;
  PerfectNegotiation negotiation;
  Session* remote = nullptr;
  std::deque<Message> inbox;
  std::vector<std::string> errors;

  void addTrack() { // what makes a real browser fire negotiationneeded
    pc.needsNegotiation = true;
    negotiationNeeded();
  }
  bool handleNextMessage() {
    if (inbox.empty()) {
      return false;
    }
    const Message message = inbox.front();
    inbox.pop_front();
    if (message.candidate) {
      if (negotiation.remoteCandidateReceived(*message.candidate) == RemoteCandidateFate::AddNow) {
        addCandidate(*message.candidate);
      }
      return true;
    }
    const auto decision = negotiation.remoteDescriptionReceived(*message.type, pc.signalingState);
    if (decision.action == NegotiationAction::SetRemoteOffer ||
        decision.action == NegotiationAction::SetRemoteAnswer) {
      const SdpType type = *message.type;
      pc.setRemoteDescription(
          type, message.ufrag,
          [this, type, ufrag = message.ufrag] {
            const auto result = negotiation.remoteDescriptionSet(type, ufrag);
            for (const auto& candidate : result.candidates) {
              addCandidate(candidate);
            }
            if (result.next.action == NegotiationAction::SetLocalAnswer) {
              setLocalDescription();
            }
          },
          [this, type] {
            errors.push_back("setRemoteDescription(" + std::string(toString(type)) + ")");
            for (const auto& candidate : negotiation.remoteDescriptionFailed(type)) {
              addCandidate(candidate);
            }
          });
    }
    return true;
  }

private:
  void negotiationNeeded() {
    if (negotiation.negotiationNeeded(pc.signalingState).action ==
        NegotiationAction::SetLocalOffer) {
      setLocalDescription();
    }
  }
  void setLocalDescription() {
    pc.setLocalDescription(
        [this](SdpType type) {
          negotiation.localDescriptionSet(type);
          send({type, pc.localUfrag, std::nullopt});
          send({std::nullopt, "", hostCandidate(pc.localUfrag)}); // trickled after it
        },
        [this] {
          errors.push_back("setLocalDescription");
          negotiation.localDescriptionFailed(SdpType::Offer);
        });
  }
  void addCandidate(const IceCandidate& candidate) {
    pc.addIceCandidate(candidate, [this] {
      if (negotiation.shouldReportCandidateError()) {
        errors.push_back("addIceCandidate");
      }
    });
  }
  void send(Message message) { remote->inbox.push_back(std::move(message)); }
};

// Runs both sides until nothing is left to do: browser operations first, then messages.
void settle(Session& a, Session& b) {
  for (int guard = 0; guard < 1000; ++guard) {
    const bool progressed = a.pc.runNextOperation() || b.pc.runNextOperation() ||
                            a.handleNextMessage() || b.handleNextMessage();
    if (!progressed) {
      return;
    }
  }
  FAIL("negotiation never settled");
}

enum class Step { ImpoliteRuns, PoliteRuns, ImpoliteReads, PoliteReads };

} // namespace

TEST_CASE("glare: both offer at once; one offer is rolled back, one answered, both end stable") {
  struct Row {
    const char* name;
    std::vector<Step> beforeSettling; // after both sides asked to negotiate at the same moment
  };
  const Row rows[] = {
      {"both offers cross on the wire", {Step::ImpoliteRuns, Step::PoliteRuns}},
      {"the polite side's offer is still being set when the other arrives",
       {Step::ImpoliteRuns, Step::PoliteReads}},
      {"the impolite side's offer is still being set when the other arrives",
       {Step::PoliteRuns, Step::ImpoliteReads}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Session alice("alice", "bob"); // "alice" < "bob": alice is impolite
    Session bob("bob", "alice");
    alice.remote = &bob;
    bob.remote = &alice;
    REQUIRE_FALSE(alice.negotiation.polite());
    REQUIRE(bob.negotiation.polite());

    alice.addTrack();
    bob.addTrack();
    for (const Step step : row.beforeSettling) {
      switch (step) {
      case Step::ImpoliteRuns:
        alice.pc.runNextOperation();
        break;
      case Step::PoliteRuns:
        bob.pc.runNextOperation();
        break;
      case Step::ImpoliteReads:
        alice.handleNextMessage();
        break;
      case Step::PoliteReads:
        bob.handleNextMessage();
        break;
      }
    }
    settle(alice, bob);

    // Exactly one offer was rolled back (the polite one) and ignored by the other side.
    CHECK(bob.pc.rollbacks == 1);
    CHECK(alice.pc.rollbacks == 0);
    CHECK(bob.negotiation.counters().rollbacks == 1);
    CHECK(alice.negotiation.counters().offersIgnored == 1);
    CHECK(bob.negotiation.counters().offersIgnored == 0);
    // The impolite offer was answered; the polite side then offered again for its own change
    // (the browser fired negotiationneeded on its return to stable) and that went through cleanly.
    CHECK(alice.negotiation.counters().remoteAnswersSet == 1);
    CHECK(bob.negotiation.counters().remoteAnswersSet == 1);
    CHECK(bob.negotiation.counters().offersMade == 2);
    CHECK(alice.negotiation.counters().offersMade == 1);
    CHECK(alice.pc.signalingState == SignalingState::Stable);
    CHECK(bob.pc.signalingState == SignalingState::Stable);
    CHECK_FALSE(alice.pc.needsNegotiation);
    CHECK_FALSE(bob.pc.needsNegotiation);
    // Each side knows the other's current ICE credentials and added its candidates; nothing
    // failed that anyone should see (the rolled-back offer's candidate was dropped silently).
    CHECK(alice.pc.remoteUfrag == bob.pc.localUfrag);
    CHECK(bob.pc.remoteUfrag == alice.pc.localUfrag);
    CHECK(alice.negotiation.counters().candidatesOfIgnoredOffers +
              alice.negotiation.candidateQueue().drops().otherGeneration ==
          1); // bob's rolled-back offer's candidate, whichever way it met alice
    CHECK(alice.pc.candidatesAdded >= 1);
    CHECK(bob.pc.candidatesAdded >= 1);
    CHECK(alice.errors.empty());
    CHECK(bob.errors.empty());
    CHECK_FALSE(alice.negotiation.makingOffer());
    CHECK_FALSE(bob.negotiation.makingOffer());
  }
}

TEST_CASE("without glare one offer and one answer, whoever starts") {
  for (const bool politeStarts : {true, false}) {
    CAPTURE(politeStarts);
    Session alice("alice", "bob");
    Session bob("bob", "alice");
    alice.remote = &bob;
    bob.remote = &alice;
    (politeStarts ? bob : alice).addTrack();
    settle(alice, bob);
    CHECK(alice.pc.rollbacks + bob.pc.rollbacks == 0);
    CHECK(alice.negotiation.counters().offersIgnored + bob.negotiation.counters().offersIgnored ==
          0);
    CHECK(alice.negotiation.counters().remoteAnswersSet +
              bob.negotiation.counters().remoteAnswersSet ==
          1);
    CHECK(alice.pc.signalingState == SignalingState::Stable);
    CHECK(bob.pc.signalingState == SignalingState::Stable);
    CHECK(alice.errors.empty());
    CHECK(bob.errors.empty());
  }
}
