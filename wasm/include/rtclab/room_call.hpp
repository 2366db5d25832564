// room_call.hpp: a call with everyone in a signaling room, one PeerSession per participant.
//
// The guide's diagram of 연결 프로세스 (Peer A -> signaling server -> Peer B and back) for a
// whole room: RoomCall joins the room through a SignalingClient with this tab's participant
// identity, opens a PeerSession for each participant it meets (CallRoster decides who offers and
// what survives a reconnect, a reload or a server restart), routes each offer, answer and
// candidate to the session of its sender, and closes sessions when participants hang up or
// vanish. Lab 04 uses it with a room capacity of 2; Lab 05 with N (a full mesh).
//
//   rtclab::SignalingClient signaling;
//   rtclab::RoomCall call(signaling, rtclab::tabParticipantIdentity(),
//                         {.room = "demo", .name = "alice", .capacity = 2}, events);
//   signaling.connect(rtclab::pageSignalingUrl());
//   call.join();                 // joined -> a PeerSession per participant already there
//   call.setLocalStream(&stream); // the camera goes to every session (renegotiating)
//   call.hangup();               // close every session, leave the room
//
// RoomCall takes over the SignalingClient's onJoined, onPeerJoined, onPeerLeft, onOffer,
// onAnswer, onCandidate and onError callbacks; the rest (state, raw messages, heartbeat) stay the
// caller's. Declare the SignalingClient after the RoomCall (destroyed first) or keep it longer.
#pragma once

#include "rtclab/call_roster.hpp"
#include "rtclab/lab_actions.hpp"
#include "rtclab/peer_session.hpp"
#include "rtclab/room_call_view.hpp"
#include "rtclab/signaling_client.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace rtclab {

// Who this tab is: a secret that only this tab knows (the server derives the participant id from
// it) and a random id of this page load.
struct ParticipantIdentity {
  std::string secret;
  std::string session;
};
// The secret from this tab's sessionStorage (made and stored on first use: it survives a reload,
// so the others recognise us), and a new session for this page load.
ParticipantIdentity tabParticipantIdentity();

enum class CallPhase {
  Idle,     // not in a room (before join(), after hangup())
  Joining,  // join sent, no answer yet
  Waiting,  // in the room, alone: waiting for someone to call
  InCall,   // a session with at least one participant
  Refused,  // the server refused the join (room full, bad token): see lastError()
  Replaced, // this participant joined again from another tab, which now holds its place
};
std::string_view toString(CallPhase phase); // "idle", "joining", "waiting", "in-call", ...

class RoomCall {
public:
  struct Options {
    std::string room;
    std::string name;           // display name
    std::string token;          // a room token, when the server requires one
    std::uint32_t capacity = 0; // the room size asked of the server (0: the server's limit)
    PeerSession::Options session;
    CallRoster::Options roster;
    // Sessions use the STUN/TURN servers the server hands us on joining (joined.iceServers,
    // with time-limited TURN credentials) in place of session.configuration.iceServers.
    bool iceServersFromServer = true;
  };
  // What the server handed us on joining: its STUN/TURN servers and when the TURN credentials
  // expire (Unix seconds). Empty until joined, and when the server has no TURN configured.
  struct ServerIceServers {
    std::vector<IceServer> servers;
    std::optional<std::uint64_t> expiresAt;
  };
  struct Events {
    std::function<void(const std::string& peer, MediaStreamTrack track,
                       std::vector<MediaStream> streams)>
        remoteTrack;
    std::function<void(const std::string& peer)> sessionClosed; // its tracks are gone too
    std::function<void(const std::string& peer, const std::string& text)> chat;
  };

  RoomCall(SignalingClient& signaling, ParticipantIdentity identity, Options options,
           Events events);
  RoomCall(const RoomCall&) = delete;
  RoomCall& operator=(const RoomCall&) = delete;
  ~RoomCall();

  // Joins the room (now, or when the socket opens; again after every reconnect).
  void join();
  // Closes every session and leaves the room; the others see peer-left and return to waiting.
  void hangup();

  // The local camera and microphone for every session, present and future (nullptr: none).
  void setLocalStream(MediaStream* stream);
  // Mute: audio sends silence (its track disabled); video sends nothing at all (its track
  // disabled for the preview, and every sender's replaceTrack(null): a disabled video track alone
  // would still send black frames at full rate). Kept for a stream set later.
  void setMuted(bool audioMuted, bool videoMuted);
  ActionResult restartIce();                      // every session
  ActionResult sendChat(const std::string& text); // to every participant whose chat is open

  // The RTCConfiguration of sessions opened from now on (Lab 06's editor); open ones keep theirs.
  void setConfiguration(Configuration configuration, bool iceServersFromServer);
  void setTrickle(bool trickle); // PeerSession::Options::trickle of sessions opened from now on
  // The configuration the next session gets: session.configuration with the server's servers.
  Configuration nextConfiguration() const;
  const ServerIceServers& serverIceServers() const;

  // The call's part of the room header: you, phase, serverError, the signaling socket's state
  // and reconnects, sessions opened and closed (the lab sets url, room, name and its camera).
  void describe(RoomCallView& view) const;

  CallPhase phase() const;
  const std::string& you() const;       // our participant id; empty until joined
  const std::string& lastError() const; // the server's last refusal, for the panel
  const std::map<std::string, std::unique_ptr<PeerSession>, std::less<>>& sessions() const;
  const CallRoster& roster() const;
  int sessionsOpened() const; // RTCPeerConnections created, over the page's life
  int sessionsClosed() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace rtclab
