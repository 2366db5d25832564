// ice_restart_policy.hpp: when a call should restart ICE, and when to stop trying.
//
// pc.restartIce() makes the next offer carry new ICE credentials, so both sides gather fresh
// candidates and check new pairs: the remedy when the network under a call changes (Wi-Fi to
// cellular, a NAT binding expires). The browser only reports the symptom (connectionState); this
// policy decides what to do about it, given the time, so it is tested with an injected clock:
//
//   "disconnected"  often heals by itself within seconds: wait Options::disconnectedGraceMs, then
//                   restart if it has not come back
//   "failed"        will not heal by itself: restart at once (the polite side: see below)
//   "connected"     cancels whatever is pending and clears the attempt count
//   a restart that has not reached "connected" within attemptTimeoutMs (multiplied by
//   backoffFactor after each attempt: 5 s, 10 s, 20 s by default) is followed by the next one;
//   after maxAttempts the policy gives up: the other side is gone, the caller hangs up and
//   returns to waiting for it
//
// Which side restarts: both sides see the same failure at about the same time, and two restarts
// at once are a glare that perfect negotiation resolves at the cost of a rollback. So the
// impolite side acts on its own timer, and the polite side waits Options::politeExtraWaitMs
// longer: it restarts only if the impolite side has not (gone, or its signaling is down). The
// browser layer reports the other side's restart with remoteIceRestartSeen() (a remote offer
// whose ufrag differs from the previous one); that gives the other side's attempt time to work
// before this side takes over. Anything left (both restarting anyway) is ordinary glare.
//
// Use: feed connectionStateChanged() from pc.onconnectionstatechange and call poll(now) from a
// timer set for nextPollMs() (or every frame); on RestartIce call pc.restartIce(), which fires
// negotiationneeded and so goes through PerfectNegotiation like any other offer. No real timers.
#pragma once

#include <optional>
#include <string_view>

#include "rtclab/negotiation_role.hpp"
#include "rtclab/peer_connection_states.hpp"

namespace rtclab {

enum class IceRestartDecision {
  None,       // nothing to do now
  RestartIce, // call pc.restartIce()
  GiveUp,     // the other side is gone: hang up and wait for it to come back
};
std::string_view toString(IceRestartDecision decision); // "none", "restart-ice", "give-up"

class IceRestartPolicy {
public:
  struct Options {
    double disconnectedGraceMs = 3000; // how long "disconnected" may last before a restart
    double politeExtraWaitMs = 2000;   // the polite side's extra wait, leaving the impolite first
    double attemptTimeoutMs = 5000;    // a restart not connected by then has failed
    double backoffFactor = 2;          // each failed attempt multiplies the next timeout
    int maxAttempts = 3;               // restarts before giving up (0: give up instead)
  };

  explicit IceRestartPolicy(NegotiationRole role) : IceRestartPolicy(role, Options{}) {}
  IceRestartPolicy(NegotiationRole role, Options options); // out-of-range options are clamped

  // pc.connectionState changed to `state` at `nowMs` (any monotonic clock in milliseconds).
  void connectionStateChanged(PeerConnectionState state, double nowMs);
  // The other side restarted ICE (a remote offer with a new ufrag was set) at `nowMs`.
  void remoteIceRestartSeen(double nowMs);
  // What to do at `nowMs`. RestartIce and GiveUp are returned once per deadline.
  IceRestartDecision poll(double nowMs);

  // When poll() may next return something other than None; std::nullopt: nothing pending.
  std::optional<double> nextPollMs() const { return deadlineMs_; }
  int attempts() const { return attempts_; } // restarts of ours since the last "connected"
  bool gaveUp() const { return gaveUp_; }
  NegotiationRole role() const { return role_; }
  const Options& options() const { return options_; }
  // A new RTCPeerConnection (a new call with the same participant): start over.
  void reset();

private:
  double firstWaitMs(PeerConnectionState state) const;
  double attemptTimeoutMs(int attempt) const; // attempt counts from 1

  NegotiationRole role_;
  Options options_;
  std::optional<double> deadlineMs_; // when the next restart (or giving up) is due
  int attempts_ = 0;
  bool gaveUp_ = false;
};

} // namespace rtclab
