#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "rtclab/remote_candidate_queue.hpp"

using rtclab::IceCandidate;
using rtclab::RemoteCandidateFate;
using rtclab::RemoteCandidateQueue;
using rtclab::SdpType;
using rtclab::SessionDescription;

namespace {

// A host candidate of generation `ufrag`, told apart by its port.
IceCandidate candidate(int port, const std::string& ufrag = "") {
  std::string line = "candidate:1 1 udp 2122260223 10.0.0.2 " + std::to_string(port) + " typ host";
  if (!ufrag.empty()) {
    line += " generation 0 ufrag " + ufrag;
  }
  return {line, std::string("0"), 0, {}};
}

const IceCandidate kEndOfCandidates{"", std::string("0"), 0, {}};

} // namespace

TEST_CASE("a candidate's ufrag is read from its line, and a description's from its SDP") {
  CHECK(rtclab::usernameFragmentOf(candidate(5000, "EsAw")) == "EsAw");
  CHECK_FALSE(rtclab::usernameFragmentOf(candidate(5000)));
  CHECK_FALSE(rtclab::usernameFragmentOf(kEndOfCandidates));
  CHECK_FALSE(rtclab::usernameFragmentOf(IceCandidate{"not a candidate", {}, {}, {}}));
  // The member wins over the line (Firefox writes no ufrag into the line).
  auto firefoxStyle = candidate(5000);
  firefoxStyle.usernameFragment = "FfOx";
  CHECK(rtclab::usernameFragmentOf(firefoxStyle) == "FfOx");
  auto both = candidate(5000, "Line");
  both.usernameFragment = "Memb";
  CHECK(rtclab::usernameFragmentOf(both) == "Memb");

  const std::string mediaLevel = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                                 "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:Med1\r\n";
  const std::string sessionLevel = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                                   "a=ice-ufrag:Sess\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
  CHECK(rtclab::usernameFragmentOf(SessionDescription{SdpType::Offer, mediaLevel}) == "Med1");
  CHECK(rtclab::usernameFragmentOf(SessionDescription{SdpType::Offer, sessionLevel}) == "Sess");
  CHECK_FALSE(rtclab::usernameFragmentOf(SessionDescription{SdpType::Offer, "v=0\r\n"}));

  // The first media section's wins over the session's and over later sections'; an empty one
  // there falls back to the session's; bare LF line ends read the same.
  const std::string sessionAndMedia =
      "v=0\r\na=ice-ufrag:Sess\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
      "a=ice-ufrag:Med1\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
      "a=ice-ufrag:Med2\r\n";
  CHECK(rtclab::usernameFragmentOf(SessionDescription{SdpType::Offer, sessionAndMedia}) == "Med1");
  const std::string laterOnly = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                                "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:Med2\r\n";
  CHECK_FALSE(rtclab::usernameFragmentOf(SessionDescription{SdpType::Offer, laterOnly}));
  const std::string emptyInMedia =
      "v=0\na=ice-ufrag:Sess\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=ice-ufrag:\n";
  CHECK(rtclab::usernameFragmentOf(SessionDescription{SdpType::Offer, emptyInMedia}) == "Sess");
}

TEST_CASE("candidates before the description wait, then come out in arrival order, end last") {
  RemoteCandidateQueue queue;
  const std::vector<IceCandidate> arrived = {candidate(1, "u1"), candidate(2), candidate(3, "u1"),
                                             kEndOfCandidates};
  for (const auto& c : arrived) {
    CHECK(queue.candidateReceived(c) == RemoteCandidateFate::Queued);
  }
  queue.remoteDescriptionPending();
  CHECK(queue.candidateReceived(candidate(4, "u1")) ==
        RemoteCandidateFate::Queued); // still setting
  CHECK(queue.queued() == 5);

  const auto ready = queue.remoteDescriptionSet("u1");
  // Arrival order, even for the candidate that came after the end-of-candidates marker.
  CHECK(ready == std::vector<IceCandidate>{candidate(1, "u1"), candidate(2), candidate(3, "u1"),
                                           kEndOfCandidates, candidate(4, "u1")});
  CHECK(queue.queued() == 0);
  // From now on a candidate goes straight in.
  CHECK(queue.candidateReceived(candidate(5, "u1")) == RemoteCandidateFate::AddNow);
  CHECK(queue.candidateReceived(kEndOfCandidates) == RemoteCandidateFate::AddNow);
}

TEST_CASE("after an ICE restart, the old generation's candidates are dropped, not added") {
  RemoteCandidateQueue queue;
  queue.remoteDescriptionPending();
  CHECK(queue.remoteDescriptionSet("old").empty());
  CHECK(queue.candidateReceived(candidate(1, "old")) == RemoteCandidateFate::AddNow);

  // The other side restarted: its new offer is being set while candidates of both generations
  // are still in flight.
  queue.remoteDescriptionPending();
  CHECK(queue.candidateReceived(candidate(2, "old")) == RemoteCandidateFate::Queued);
  CHECK(queue.candidateReceived(candidate(3, "new")) == RemoteCandidateFate::Queued);
  CHECK(queue.candidateReceived(candidate(4)) == RemoteCandidateFate::Queued); // unknown: kept
  CHECK(queue.remoteDescriptionSet("new") ==
        std::vector<IceCandidate>{candidate(3, "new"), candidate(4)});
  CHECK(queue.drops().otherGeneration == 1);

  CHECK(queue.candidateReceived(candidate(5, "old")) ==
        RemoteCandidateFate::DroppedOtherGeneration);
  CHECK(queue.candidateReceived(candidate(6, "new")) == RemoteCandidateFate::AddNow);
  CHECK(queue.drops().otherGeneration == 2);
}

TEST_CASE("a description without a ufrag keeps every generation") {
  RemoteCandidateQueue queue;
  queue.remoteDescriptionPending();
  queue.remoteDescriptionSet(std::nullopt);
  CHECK(queue.candidateReceived(candidate(1, "any")) == RemoteCandidateFate::AddNow);
}

TEST_CASE("overlapping descriptions: candidates wait for the last one") {
  RemoteCandidateQueue queue;
  queue.remoteDescriptionPending(); // an answer being set
  queue.remoteDescriptionPending(); // an offer arrived meanwhile
  queue.candidateReceived(candidate(1, "b"));
  CHECK(queue.remoteDescriptionSet("a").empty()); // the offer is still being set
  CHECK(queue.queued() == 1);
  CHECK(queue.remoteDescriptionSet("b") == std::vector<IceCandidate>{candidate(1, "b")});
}

TEST_CASE("a failed description leaves the candidates to the previous one, if any") {
  SUBCASE("no previous description: they keep waiting") {
    RemoteCandidateQueue queue;
    queue.remoteDescriptionPending();
    queue.candidateReceived(candidate(1, "u"));
    CHECK(queue.remoteDescriptionFailed().empty());
    CHECK(queue.queued() == 1);
    CHECK_FALSE(queue.hasRemoteDescription());
  }
  SUBCASE("a previous description: its generation is added, the failed one's dropped") {
    RemoteCandidateQueue queue;
    queue.remoteDescriptionPending();
    queue.remoteDescriptionSet("old");
    queue.remoteDescriptionPending();
    queue.candidateReceived(candidate(1, "new"));
    queue.candidateReceived(candidate(2, "old"));
    CHECK(queue.remoteDescriptionFailed() == std::vector<IceCandidate>{candidate(2, "old")});
    CHECK(queue.remoteUsernameFragment() == "old");
  }
}

TEST_CASE("past the bound the newest candidate is dropped and the order of the rest kept") {
  RemoteCandidateQueue queue({.maxQueued = 3});
  std::vector<RemoteCandidateFate> fates;
  for (int port = 1; port <= 5; ++port) {
    fates.push_back(queue.candidateReceived(candidate(port)));
  }
  CHECK(fates == std::vector<RemoteCandidateFate>{
                     RemoteCandidateFate::Queued, RemoteCandidateFate::Queued,
                     RemoteCandidateFate::Queued, RemoteCandidateFate::DroppedQueueFull,
                     RemoteCandidateFate::DroppedQueueFull});
  CHECK(queue.drops().queueFull == 2);
  queue.remoteDescriptionPending();
  CHECK(queue.remoteDescriptionSet("u") ==
        std::vector<IceCandidate>{candidate(1), candidate(2), candidate(3)});
  // The bound is on waiting candidates only: once set, any number go straight in.
  for (int port = 6; port <= 10; ++port) {
    REQUIRE(queue.candidateReceived(candidate(port)) == RemoteCandidateFate::AddNow);
  }
}

TEST_CASE("reset forgets the description and the queue") {
  RemoteCandidateQueue queue;
  queue.remoteDescriptionPending();
  queue.remoteDescriptionSet("u");
  queue.remoteDescriptionPending();
  queue.candidateReceived(candidate(1, "u"));
  queue.reset();
  CHECK_FALSE(queue.hasRemoteDescription());
  CHECK_FALSE(queue.remoteDescriptionIsPending());
  CHECK(queue.queued() == 0);
  CHECK(queue.candidateReceived(candidate(2, "u")) == RemoteCandidateFate::Queued);
}
