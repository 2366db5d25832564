// room_panel.hpp: the header every room lab's panel starts with, and its part of labState.
//
//   rtclab::ui::drawRoomSignaling(state.call);                          // socket, room, you
//   rtclab::ui::drawRoomControls(state.call, actions, state.log, "lab05.leave"); // phase + buttons
//   json out = rtclab::ui::toJson(state.call);                          // the same, as JSON
//
// Pure functions of RoomCallView (natively drawn headless in tests/unit/ui/room_panel_test.cpp).
#pragma once

#include "rtclab/lab_actions.hpp"
#include "rtclab/room_call_view.hpp"
#include "rtclab/ui/event_log.hpp"

#include <nlohmann/json.hpp>

namespace rtclab::ui {

// The signaling badge, the server's URL, the room, reconnects, and our id and name.
void drawRoomSignaling(const RoomCallView& view);

// The call's phase badge with the server's refusal beside it, then drawCallControls(): Start
// camera, Join or `leaveLabel` (a language table key, CallControls::leaveLabel), Mute audio,
// Mute video (each runs its action).
void drawRoomControls(const RoomCallView& view, const LabActions& actions, EventLog& log,
                      const char* leaveLabel);

// The labState fields of the room: url, room, name, you, signalingState, signalingReconnects,
// phase, serverError, sessionsOpened, sessionsClosed and local {capturing, audioMuted,
// videoMuted}. A lab adds its own fields to the object.
nlohmann::json toJson(const RoomCallView& view);

} // namespace rtclab::ui
