// ice_panel.hpp: Lab 06's state and panel, pure C++ + ImGui (no browser), so the panel is drawn
// headless in native tests (tests/unit/labs/lab06_panel_test.cpp).
#pragma once

#include "rtclab/candidate_gathering.hpp"
#include "rtclab/configuration.hpp"
#include "rtclab/lab_actions.hpp"
#include "rtclab/peer_session_view.hpp"
#include "rtclab/room_call_view.hpp"
#include "rtclab/ui/event_log.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lab06 {

// The iceServers editor: the server's servers (time-limited TURN credentials handed out on
// joining) or the learner's own, and the transport policy.
struct IceServersEditor {
  bool fromServer = true;
  std::string stunUrl;    // custom: "stun:127.0.0.1:3478"
  std::string turnUrl;    // custom: "turn:127.0.0.1:3478?transport=udp"
  std::string username;   // custom TURN username
  std::string credential; // custom TURN credential
  bool relayOnly = false; // iceTransportPolicy "relay"
};

// The RTCConfiguration the editor describes; `serverServers` are used when fromServer.
rtclab::Configuration configurationOf(const IceServersEditor& editor,
                                      const std::vector<rtclab::IceServer>& serverServers);
// The configuration as JSON text with every credential replaced by "***" (for the log and the
// panel: a log gets copied and pasted).
std::string describeConfiguration(const rtclab::Configuration& configuration);

struct IceLabState {
  rtclab::RoomCallView call; // the room header
  IceServersEditor editor;
  std::vector<rtclab::IceServer> serverServers; // joined.iceServers
  std::optional<std::uint64_t> serverExpiresAt; // joined.iceServersExpireAt (Unix seconds)
  double unixNow = 0;                           // to show the expiry as "in 3540 s"
  rtclab::CandidateGathering gathering;
  const rtclab::PeerSessionView* peer = nullptr; // the call, if someone else is in the room
  std::vector<std::string> errors;
  rtclab::ui::EventLog log;
};

// The snapshot behind Module.labState() (README.md documents it).
nlohmann::json toJson(const IceLabState& state);

// The whole panel. Buttons run `actions` (the same code path as Module.labAction).
void drawPanel(IceLabState& state, const rtclab::LabActions& actions);

} // namespace lab06
