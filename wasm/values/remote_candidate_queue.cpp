#include "rtclab/remote_candidate_queue.hpp"

#include <string_view>
#include <utility>

#include "text.hpp"

namespace rtclab {

std::string_view toString(RemoteCandidateFate fate) {
  switch (fate) {
  case RemoteCandidateFate::AddNow:
    return "add-now";
  case RemoteCandidateFate::Queued:
    return "queued";
  case RemoteCandidateFate::DroppedOtherGeneration:
    return "dropped-other-generation";
  case RemoteCandidateFate::DroppedQueueFull:
    return "dropped-queue-full";
  case RemoteCandidateFate::DroppedIgnoredOffer:
    return "dropped-ignored-offer";
  }
  return "unknown";
}

std::optional<std::string> usernameFragmentOf(const IceCandidate& candidate) {
  if (candidate.candidate.empty()) {
    return std::nullopt; // end-of-candidates
  }
  if (candidate.usernameFragment && !candidate.usernameFragment->empty()) {
    return candidate.usernameFragment;
  }
  const CandidateParseResult parsed = parseCandidate(candidate.candidate);
  if (!parsed.ok()) {
    return std::nullopt; // addIceCandidate() will say what is wrong with it
  }
  return parsed.candidate.extension("ufrag");
}

// The first media section's a=ice-ufrag, else the session's. A scan of the lines rather than
// parseSdp(): this runs for every description of a call, on the way to answering it, and needs
// one attribute.
std::optional<std::string> usernameFragmentOf(const SessionDescription& description) {
  constexpr std::string_view kUfrag = "a=ice-ufrag:";
  std::string_view sessionUfrag;
  std::string_view mediaUfrag;
  bool inMedia = false;
  text::forEachLine(description.sdp, [&](std::string_view line) {
    if (line.starts_with("m=")) {
      if (inMedia) {
        return false; // past the first media section
      }
      inMedia = true;
    } else if (line.starts_with(kUfrag)) {
      (inMedia ? mediaUfrag : sessionUfrag) = line.substr(kUfrag.size());
      return !(inMedia && !mediaUfrag.empty());
    }
    return true;
  });
  const std::string_view ufrag = mediaUfrag.empty() ? sessionUfrag : mediaUfrag;
  if (ufrag.empty()) {
    return std::nullopt;
  }
  return std::string(ufrag);
}

RemoteCandidateFate RemoteCandidateQueue::candidateReceived(const IceCandidate& candidate) {
  if (!hasRemoteDescription_ || pendingDescriptions_ > 0) {
    if (queue_.size() >= options_.maxQueued) {
      ++drops_.queueFull;
      return RemoteCandidateFate::DroppedQueueFull;
    }
    queue_.push_back(candidate);
    return RemoteCandidateFate::Queued;
  }
  if (!isCurrentGeneration(candidate)) {
    ++drops_.otherGeneration;
    return RemoteCandidateFate::DroppedOtherGeneration;
  }
  return RemoteCandidateFate::AddNow;
}

void RemoteCandidateQueue::remoteDescriptionPending() { ++pendingDescriptions_; }

std::vector<IceCandidate>
RemoteCandidateQueue::remoteDescriptionSet(std::optional<std::string> usernameFragment) {
  if (pendingDescriptions_ > 0) {
    --pendingDescriptions_;
  }
  hasRemoteDescription_ = true;
  remoteUfrag_ = std::move(usernameFragment);
  return takeQueueIfReady();
}

std::vector<IceCandidate> RemoteCandidateQueue::remoteDescriptionFailed() {
  if (pendingDescriptions_ > 0) {
    --pendingDescriptions_;
  }
  return takeQueueIfReady();
}

void RemoteCandidateQueue::reset() {
  queue_.clear();
  pendingDescriptions_ = 0;
  hasRemoteDescription_ = false;
  remoteUfrag_.reset();
}

bool RemoteCandidateQueue::isCurrentGeneration(const IceCandidate& candidate) const {
  if (!remoteUfrag_) {
    return true; // the description named no ufrag: nothing to compare with
  }
  const std::optional<std::string> ufrag = usernameFragmentOf(candidate);
  return !ufrag || *ufrag == *remoteUfrag_;
}

std::vector<IceCandidate> RemoteCandidateQueue::takeQueueIfReady() {
  std::vector<IceCandidate> ready;
  if (!hasRemoteDescription_ || pendingDescriptions_ > 0) {
    return ready; // still nothing to attach them to, or a newer description is on its way
  }
  for (IceCandidate& candidate : queue_) {
    if (isCurrentGeneration(candidate)) {
      ready.push_back(std::move(candidate));
    } else {
      ++drops_.otherGeneration;
    }
  }
  queue_.clear();
  return ready;
}

} // namespace rtclab
