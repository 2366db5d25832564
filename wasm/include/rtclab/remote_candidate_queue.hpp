// remote_candidate_queue.hpp: where a remote ICE candidate goes when it arrives by signaling.
//
// pc.addIceCandidate(candidate) needs a remote description to attach the candidate to: called
// before one is set it fails with InvalidStateError. With trickle ICE the other side's candidates
// may overtake the description they belong to inside our own code (the description is still being
// applied by setRemoteDescription(), or it has not been applied yet), so the call layer parks them
// here and adds them, in arrival order, once the description is set. The empty candidate
// (end-of-candidates) is queued like any other, so it stays after the candidates it ends.
//
// ICE generations: an ICE restart gives the other side a new usernameFragment (a=ice-ufrag).
// Candidates still in flight from before the restart carry the old one and belong to a transport
// that no longer exists; they are dropped rather than added (adding them fails, or worse, pairs
// with a dead address). A candidate's ufrag is its usernameFragment, else read from its line
// ("... ufrag EsAw ..."); when neither says, the generation is unknown and the candidate is kept.
//
// Bound: at most Options::maxQueued candidates wait at once. Past it the newest candidate is
// dropped (RemoteCandidateFate::DroppedQueueFull) and counted: the earliest candidates are the
// host and server-reflexive ones, usually the best, and a peer that trickles hundreds of
// candidates before its description is misbehaving. The order of the kept ones never changes.
//
// The calls, in the order the browser layer makes them (PerfectNegotiation makes them for you):
//   candidateReceived(c)              -> AddNow: pc.addIceCandidate(c); Queued; or Dropped...
//   remoteDescriptionPending()        when setRemoteDescription() is called
//   remoteDescriptionSet(ufrag)       when it resolves: returns the candidates to add now, in order
//   remoteDescriptionFailed()         when it rejects: returns the candidates to add now, if any
//   reset()                           a new RTCPeerConnection: forget everything
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtclab/ice_candidate.hpp"
#include "rtclab/session_description.hpp"

namespace rtclab {

// What became of a remote candidate handed to the queue.
enum class RemoteCandidateFate {
  AddNow,                 // call pc.addIceCandidate(candidate) now
  Queued,                 // kept until the remote description is set
  DroppedOtherGeneration, // its ufrag is not the current remote ufrag: from before an ICE restart
  DroppedQueueFull,       // Options::maxQueued candidates are already waiting
  DroppedIgnoredOffer,    // (PerfectNegotiation only) it belongs to an offer we ignored in glare
};
std::string_view toString(RemoteCandidateFate fate); // "add-now", "queued", "dropped-..."

// The usernameFragment of a candidate: its usernameFragment member, else the "ufrag" pair of its
// line; std::nullopt for the end-of-candidates marker and when neither says.
std::optional<std::string> usernameFragmentOf(const IceCandidate& candidate);
// The a=ice-ufrag of a description (the first media section's, else the session-level one);
// std::nullopt when the SDP has none or cannot be read. With BUNDLE every section shares it.
std::optional<std::string> usernameFragmentOf(const SessionDescription& description);

class RemoteCandidateQueue {
public:
  struct Options {
    std::size_t maxQueued = 100; // a few dozen is already a lot for one description
  };
  // How many candidates were dropped, by reason (for the panel and the tests).
  struct Drops {
    std::size_t otherGeneration = 0;
    std::size_t queueFull = 0;
    bool operator==(const Drops&) const = default;
  };

  RemoteCandidateQueue() : RemoteCandidateQueue(Options{}) {}
  explicit RemoteCandidateQueue(Options options) : options_(options) {}

  // A candidate arrived by signaling. Queued while no remote description is set or one is being
  // set; otherwise AddNow, or DroppedOtherGeneration when its ufrag is known and not the current.
  RemoteCandidateFate candidateReceived(const IceCandidate& candidate);

  // setRemoteDescription() was called: candidates wait until it settles. Calls may overlap (an
  // answer still being set when an offer arrives); the queue waits for the last one.
  void remoteDescriptionPending();
  // setRemoteDescription() resolved; `usernameFragment` is usernameFragmentOf() the description
  // just set (std::nullopt: unknown, every generation is kept). Returns the queued candidates to
  // add now, in arrival order, without the other-generation ones; empty while another
  // setRemoteDescription() is still pending.
  std::vector<IceCandidate> remoteDescriptionSet(std::optional<std::string> usernameFragment);
  // setRemoteDescription() rejected: the previous description (if any) still holds, and the
  // queued candidates are filtered against it as remoteDescriptionSet() would.
  std::vector<IceCandidate> remoteDescriptionFailed();
  // A new RTCPeerConnection: no remote description, nothing queued, counters kept.
  void reset();

  bool hasRemoteDescription() const { return hasRemoteDescription_; }
  bool remoteDescriptionIsPending() const { return pendingDescriptions_ > 0; }
  const std::optional<std::string>& remoteUsernameFragment() const { return remoteUfrag_; }
  std::size_t queued() const { return queue_.size(); }
  const Drops& drops() const { return drops_; }
  const Options& options() const { return options_; }

private:
  bool isCurrentGeneration(const IceCandidate& candidate) const;
  std::vector<IceCandidate> takeQueueIfReady();

  Options options_;
  std::vector<IceCandidate> queue_; // arrival order
  int pendingDescriptions_ = 0;     // setRemoteDescription() calls not yet settled
  bool hasRemoteDescription_ = false;
  std::optional<std::string> remoteUfrag_; // of the last description set, when known
  Drops drops_;
};

} // namespace rtclab
