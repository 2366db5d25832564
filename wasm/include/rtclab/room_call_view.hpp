// room_call_view.hpp: what a lab that joins a room shows about the room itself (pure values).
//
// Labs 04 and 05 (and every later lab on the call layer) show the same header: the signaling
// socket, the room, who we are, the call's phase and the server's refusal, our camera and mute
// switches. RoomCall::describe() fills the call's part; the lab sets the page's (url, room,
// name, camera). Drawn by rtclab/ui/room_panel.hpp, serialized by its toJson().
#pragma once

#include <string>

namespace rtclab {

struct RoomCallView {
  std::string url;            // the signaling server
  std::string room;           // ?room=
  std::string name;           // our display name
  std::string you;            // our participant id (derived by the server from our secret)
  std::string signalingState; // "connecting", "open", "reconnecting", "closed"
  int signalingReconnects = 0;
  std::string phase;       // rtclab::CallPhase: "idle", "joining", "waiting", "in-call", ...
  std::string serverError; // the server's last refusal: "room-full: room 'x' is full ..."
  bool capturing = false;
  bool audioMuted = false;
  bool videoMuted = false;
  int sessionsOpened = 0; // RTCPeerConnections created on this page
  int sessionsClosed = 0;

  // Joining, waiting or in a call: the leave button shows, the join button does not.
  bool inRoom() const {
    return !(phase.empty() || phase == "idle" || phase == "refused" || phase == "replaced");
  }
};

} // namespace rtclab
