// call_roster.hpp: who this side is in a call with, across reconnects, reloads and restarts.
//
// The call layer keeps one PeerSession (one RTCPeerConnection) per remote participant. Signaling
// tells it who comes and goes, but a message alone does not say whether a call should survive:
//
//   what happened                              what signaling shows          the call
//   the other side's socket dropped and came   peer-left (disconnect), then  keep: media still
//   back (Wi-Fi blip, the guide's problem 4)   peer-joined, same session     flows peer to peer
//   the signaling server restarted             nothing, then joined/peer-    keep
//                                              joined, same session
//   the other side reloaded its page           peer-joined, new session      replace: its old
//                                                                            PeerConnection is gone
//   the other side hung up                     peer-left (leave)             close now
//   the other side vanished                    peer-left (disconnect), and   close after the
//                                              nothing within the grace      grace period
//
// Participant ids come from the server (derived from each side's secret, so the same person has
// the same id on every connection and every server run); `session` is a random id per page load.
// CallRoster turns those events into RosterDecisions; it never touches a PeerConnection, so every
// sequence is unit-tested natively. Who offers: a participant that finds others already in the
// room (joined) offers to each of them; the ones already there wait for its offer (peerJoined).
// Perfect negotiation (perfect_negotiation.hpp) still handles both offering at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtclab {

enum class RosterAction {
  None,    // nothing changes for this participant
  Connect, // no call with this participant yet: open one
  Keep,    // the same page load as before (a reconnect, a server restart): keep its call
  Replace, // the same participant from a new page load: close its call and open a new one
  Close,   // gone for good (hung up, or not back within the grace period): close its call
};
std::string_view toString(RosterAction action); // "none", "connect", "keep", "replace", "close"

struct RosterDecision {
  std::string peer; // the participant id
  RosterAction action = RosterAction::None;
  bool weOffer = false; // Connect / Replace: this side makes the first offer
  std::string_view why; // one sentence for the log
  bool operator==(const RosterDecision&) const = default;
};

// A remote participant as signaling describes it (protocol::PeerInfo / PeerJoined).
struct RemoteParticipant {
  std::string id;
  std::string name;    // display name
  std::string session; // its page load; "" when the server did not say
  bool operator==(const RemoteParticipant&) const = default;
};

class CallRoster {
public:
  struct Options {
    // How long a participant whose socket dropped may take to come back before its call is
    // closed. Its media may still flow meanwhile; the reconnect backoff of SignalingClient
    // reaches a few seconds after a few attempts.
    double leaveGraceMs = 15000;
  };

  struct Entry {
    RemoteParticipant participant;
    bool inRoom = true;              // false between a peer-left and its return
    std::optional<double> closeAtMs; // when the grace period ends
    bool operator==(const Entry&) const = default;
  };

  CallRoster() : CallRoster(Options{}) {}
  explicit CallRoster(Options options) : options_(options) {}

  // We (re)joined the room and `present` were there. Known participants missing from the list
  // keep their calls: after a server restart they may simply not have rejoined yet.
  std::vector<RosterDecision> joined(const std::vector<RemoteParticipant>& present);
  RosterDecision peerJoined(const RemoteParticipant& participant);
  // `onPurpose`: the participant sent leave (hung up); otherwise its connection dropped.
  RosterDecision peerLeft(std::string_view id, bool onPurpose, double nowMs);
  // Participants whose grace period is over at `nowMs`: Close each.
  std::vector<RosterDecision> poll(double nowMs);
  // The call layer closed this participant's call on its own (hang up, ICE gave up).
  void forget(std::string_view id);
  void clear(); // we left the room

  const std::vector<Entry>& entries() const { return entries_; }
  const Entry* find(std::string_view id) const;
  std::optional<double> nextPollMs() const; // the earliest grace deadline

private:
  Entry* findMutable(std::string_view id);
  RosterDecision arrived(const RemoteParticipant& participant, bool weOffer);

  Options options_;
  std::vector<Entry> entries_;
};

} // namespace rtclab
