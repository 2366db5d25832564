#include "rtclab/call_roster.hpp"

#include <algorithm>
#include <utility>

namespace rtclab {

std::string_view toString(RosterAction action) {
  switch (action) {
  case RosterAction::None:
    return "none";
  case RosterAction::Connect:
    return "connect";
  case RosterAction::Keep:
    return "keep";
  case RosterAction::Replace:
    return "replace";
  case RosterAction::Close:
    return "close";
  }
  return "none";
}

const CallRoster::Entry* CallRoster::find(std::string_view id) const {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [id](const Entry& entry) { return entry.participant.id == id; });
  return it == entries_.end() ? nullptr : &*it;
}

CallRoster::Entry* CallRoster::findMutable(std::string_view id) {
  return const_cast<Entry*>(std::as_const(*this).find(id));
}

RosterDecision CallRoster::arrived(const RemoteParticipant& participant, bool weOffer) {
  Entry* entry = findMutable(participant.id);
  if (!entry) {
    entries_.push_back(Entry{participant, true, std::nullopt});
    return {participant.id, RosterAction::Connect, weOffer, "a new participant: call it"};
  }
  const bool samePageLoad =
      !participant.session.empty() && participant.session == entry->participant.session;
  entry->inRoom = true;
  entry->closeAtMs.reset();
  if (samePageLoad) {
    entry->participant.name = participant.name;
    return {participant.id, RosterAction::Keep, false,
            "the same page load came back (a reconnect or a server restart): keep the call"};
  }
  entry->participant = participant;
  return {participant.id, RosterAction::Replace, weOffer,
          participant.session.empty()
              ? "no session told: cannot know the old call is still alive, so start a new one"
              : "a new page load (the other side reloaded): its old connection is gone"};
}

std::vector<RosterDecision> CallRoster::joined(const std::vector<RemoteParticipant>& present) {
  std::vector<RosterDecision> decisions;
  decisions.reserve(present.size());
  for (const RemoteParticipant& participant : present) {
    decisions.push_back(arrived(participant, /*weOffer=*/true));
  }
  return decisions;
}

RosterDecision CallRoster::peerJoined(const RemoteParticipant& participant) {
  return arrived(participant, /*weOffer=*/false);
}

RosterDecision CallRoster::peerLeft(std::string_view id, bool onPurpose, double nowMs) {
  Entry* entry = findMutable(id);
  if (!entry) {
    return {std::string(id), RosterAction::None, false, "not in a call with us"};
  }
  if (onPurpose) {
    forget(id);
    return {std::string(id), RosterAction::Close, false, "hung up"};
  }
  entry->inRoom = false;
  entry->closeAtMs = nowMs + options_.leaveGraceMs;
  return {std::string(id), RosterAction::None, false,
          "its signaling connection dropped: the call stays up while it may come back"};
}

std::vector<RosterDecision> CallRoster::poll(double nowMs) {
  std::vector<RosterDecision> decisions;
  for (const Entry& entry : entries_) {
    if (entry.closeAtMs && nowMs >= *entry.closeAtMs) {
      decisions.push_back({entry.participant.id, RosterAction::Close, false,
                           "did not come back within the grace period"});
    }
  }
  for (const RosterDecision& decision : decisions) {
    forget(decision.peer);
  }
  return decisions;
}

void CallRoster::forget(std::string_view id) {
  std::erase_if(entries_, [id](const Entry& entry) { return entry.participant.id == id; });
}

void CallRoster::clear() { entries_.clear(); }

std::optional<double> CallRoster::nextPollMs() const {
  std::optional<double> earliest;
  for (const Entry& entry : entries_) {
    if (entry.closeAtMs && (!earliest || *entry.closeAtMs < *earliest)) {
      earliest = entry.closeAtMs;
    }
  }
  return earliest;
}

} // namespace rtclab
