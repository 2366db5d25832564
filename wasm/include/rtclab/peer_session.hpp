// peer_session.hpp: one remote participant's RTCPeerConnection, driven by signaling messages.
//
// The guide's 연결 순서 (steps 2-7) for a call between two browsers, with everything a real call
// needs around it: perfect negotiation (either side may offer at any time, glare included), trickle
// ICE both ways, renegotiation when media is added, ICE restart when the network breaks, and
// teardown. Lab 04 holds one PeerSession; Lab 05 holds one per remote participant (RoomCall,
// room_call.hpp, does that bookkeeping for both).
//
// The negotiation contract (perfect_negotiation.hpp has the decision table):
//   - roles: the participant with the greater id is polite (negotiation_role.hpp); both sides
//     compute the same answer from the two ids, so nobody has to ask;
//   - pc.onnegotiationneeded -> pc.setLocalDescription() (no argument: the browser creates the
//     offer) -> send {"type":"offer"} to the remote participant;
//   - a remote offer: the impolite side ignores it while making its own (glare); the polite side
//     applies it, which rolls its own offer back, and answers with setLocalDescription();
//   - remote candidates that arrive before their description wait in order
//     (remote_candidate_queue.hpp); candidates of an ICE generation that is gone are dropped;
//   - connectionState "disconnected" for a few seconds, or "failed", restarts ICE
//     (ice_restart_policy.hpp: the impolite side first); after repeated failures the session
//     gives up and reports onGaveUp: the remote participant is gone.
//   - the media: with Options::offerFirst the local tracks and the "chat" data channel are added
//     at once (they fire negotiationneeded: this side offers); otherwise they are added while
//     answering the first remote offer, so the answer carries them and nobody offers twice.
//     "chat" is a negotiated channel (id 0 on both sides): symmetric, no ondatachannel needed.
//
// Everything the panel shows is kept in view() as plain values, updated as events arrive (the
// local and remote SDP are read from the connection when view() is next called).
// Lifetime: not movable (callbacks hold `this`); destroying it closes the connection, cancels its
// timers and unregisters every handler first, so nothing calls back afterwards.
#pragma once

#include "rtclab/call_roster.hpp"
#include "rtclab/configuration.hpp"
#include "rtclab/data_channel.hpp"
#include "rtclab/ice_restart_policy.hpp"
#include "rtclab/lab_actions.hpp"
#include "rtclab/media_stream.hpp"
#include "rtclab/peer_connection.hpp"
#include "rtclab/peer_session_view.hpp"
#include "rtclab/protocol/messages.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rtclab {

class PeerSession {
public:
  struct Options {
    Configuration configuration;
    IceRestartPolicy::Options iceRestart;
    double statsIntervalMs = 1000;
    bool offerFirst = false; // add media at once and offer (the participant that joined last)
    // Trickle ICE (the guide's step 6): each candidate goes out as it is found. false: the
    // offer/answer waits until gathering is complete and carries every candidate in its SDP,
    // none is sent on its own (what signaling without trickle does; slower to connect).
    bool trickle = true;
  };
  // Puts one message on the signaling channel, addressed to the remote participant.
  using Send = std::function<void(protocol::Message)>;
  struct Events {
    std::function<void(MediaStreamTrack track, std::vector<MediaStream> streams)> track;
    std::function<void(const std::string& text)> chatMessage;
    std::function<void()> gaveUp; // ICE restarts failed: the remote participant is gone
  };

  // new RTCPeerConnection(options.configuration) for `remote`, or the browser's refusal.
  static OrPeerConnectionError<std::unique_ptr<PeerSession>>
  create(std::string localId, RemoteParticipant remote, Options options, Send send, Events events);

  PeerSession(const PeerSession&) = delete;
  PeerSession& operator=(const PeerSession&) = delete;
  ~PeerSession();

  // The camera and microphone to send (nullptr: none). Added at once when media is due (see the
  // header comment), which renegotiates; a stream set while waiting for the first offer is added
  // when answering it. Tracks of an earlier stream are removed.
  void setLocalStream(MediaStream* stream);
  // Video on or off for the remote side: sender.replaceTrack(track or null). No renegotiation;
  // with null the sender sends nothing, so the remote decoder stops (framesDecoded stands still).
  void setVideoSending(bool sending);

  // Messages from the remote participant (their `from` is its id; RoomCall routes them).
  void receive(const protocol::Offer& offer);
  void receive(const protocol::Answer& answer);
  void receive(const protocol::Candidate& candidate);

  // pc.restartIce(): the next offer carries new ICE credentials (a learner's button, or the
  // restart policy).
  void restartIce();
  ActionResult sendChat(const std::string& text);

  const PeerSessionView& view() const;
  const RemoteParticipant& remote() const;
  PeerConnectionState connectionState() const; // as the last connectionstatechange said

private:
  struct Impl;
  explicit PeerSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace rtclab
