// ice_panel.hpp: Lab 06's state and panel, pure C++ + ImGui (no browser), so the panel is drawn
// headless in native tests (tests/unit/labs/lab06_panel_test.cpp).
#pragma once

#include "rtclab/candidate_gathering.hpp"
#include "rtclab/configuration.hpp"
#include "rtclab/lab_actions.hpp"
#include "rtclab/peer_session_view.hpp"
#include "rtclab/room_call_view.hpp"
#include "rtclab/ui/event_log.hpp"
#include "rtclab/ui/step_guide.hpp"

#include <nlohmann/json.hpp>

#include <array>
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
  bool trickle = true;    // candidates sent as found; false: inside the offer/answer, at the end
};

// One call of this page, measured once connected: the comparison of trickle against non-trickle
// and of a direct pair against a relayed one, in the same page.
struct CallRecord {
  bool trickle = true;
  bool relayOnly = false;
  double connectedAfterMs = 0; // from new RTCPeerConnection() to connectionState "connected"
  std::string localType;       // the selected pair's candidate types
  std::string remoteType;
  double rttMs = 0;          // the selected pair's currentRoundTripTime
  std::string relayProtocol; // our relay candidate's transport to the TURN server, if relayed
  int candidatesSent = 0;    // candidate messages we sent (0 without trickle: all in the SDP)
  bool operator==(const CallRecord&) const = default;
};
// The record of a call once it is connected and its selected pair has an RTT; nullopt before.
std::optional<CallRecord> callRecordOf(const rtclab::PeerSessionView& call,
                                       const IceServersEditor& editor);

// The RTCConfiguration the editor describes; `serverServers` are used when fromServer.
rtclab::Configuration configurationOf(const IceServersEditor& editor,
                                      const std::vector<rtclab::IceServer>& serverServers);
// The configuration as JSON text with every credential replaced by "***" (for the log and the
// panel: a log gets copied and pasted).
std::string describeConfiguration(const rtclab::Configuration& configuration);

// The configuration's STUN servers only (no TURN): a STUN binding check.
rtclab::Configuration stunOnly(rtclab::Configuration configuration);
// What a finished STUN-only gathering round says about the address the STUN server saw.
std::string stunCheckVerdict(const rtclab::CandidateGathering& round);

struct IceLabState {
  rtclab::RoomCallView call; // the room header
  IceServersEditor editor;
  std::vector<rtclab::IceServer> serverServers; // joined.iceServers
  std::optional<std::uint64_t> serverExpiresAt; // joined.iceServersExpireAt (Unix seconds)
  double unixNow = 0;                           // to show the expiry as "in 3540 s"
  rtclab::CandidateGathering gathering;
  bool stunCheck = false; // the last round was a STUN binding check (STUN servers only)
  const rtclab::PeerSessionView* peer = nullptr; // the call, if someone else is in the room
  std::vector<CallRecord> calls;                 // every call of this page, in order
  std::vector<std::string> errors;
  rtclab::ui::EventLog log;
  // What the current state forgets (the next Gather replaces the round): the steps stay ticked.
  bool serversOnce = false;      // the server's STUN and TURN servers arrived
  bool hostAndRelayOnce = false; // a finished round with host and relay candidates
  bool stunCheckedOnce = false;  // a finished STUN binding check
  bool turnRefusedOnce = false;  // a round with TURN's 401
  rtclab::ui::StepGuide guide;
};

// Notes the events behind the steps (serversOnce, ...) from this frame's state: call after the
// state is refreshed, before drawing or snapshotting.
void rememberProgress(IceLabState& state);

// The README's steps, each done from the state: the panel's checklist and labState().steps.
std::array<rtclab::ui::Step, 6> stepsOf(const IceLabState& state);

// The snapshot behind Module.labState() (README.md documents it).
nlohmann::json toJson(const IceLabState& state);

// The whole panel. Buttons run `actions` (the same code path as Module.labAction).
void drawPanel(IceLabState& state, const rtclab::LabActions& actions);

} // namespace lab06
