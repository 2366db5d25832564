// signaling_panel.hpp: Lab 03's state, how signaling events change it, and its panel. Pure C++
// + ImGui + rtclab::protocol (no browser), so the panel is drawn headless in native tests
// against fake states and the record*() functions are tested natively (tests/unit/labs/).
#pragma once

#include "rtclab/lab_actions.hpp"
#include "rtclab/protocol/codec.hpp"
#include "rtclab/protocol/messages.hpp"
#include "rtclab/room_roster.hpp"
#include "rtclab/state_timeline.hpp"
#include "rtclab/ui/event_log.hpp"
#include "rtclab/ui/step_guide.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lab03 {

// One frame on the wire, as the lab's message log folds it.
struct WireMessage {
  double atMs = 0;
  bool sent = false; // false: received
  std::string text;  // exactly what went over the socket
};

// An error the lab shows.
struct ShownError {
  double atMs = 0;
  std::string code; // "unknown-peer", "not-json", ... (rtclab::protocol::ErrorCode)
  std::string message;
  // "server": an {"type":"error"} the server sent about one of our messages;
  // "client": a frame from the server that our parser could not read (dropped).
  std::string source;
};

struct ReconnectInfo {
  int attempts = 0;                  // sockets opened after a loss
  int successful = 0;                // of those, the ones that opened
  std::optional<double> nextDelayMs; // while waiting for the next attempt
  std::string lastDisconnectReason;
};

// The "send a raw message" form: type and addressee pick a template, the text is what is sent.
struct ComposeForm {
  std::string type = "offer"; // offer | answer | candidate
  std::string to;             // a peer id
  std::string text;           // the JSON to send, editable (also into something invalid)
};

// What this tab has seen, for the README's steps: it stays seen across reconnects (a new socket
// forgets the roster, not what the learner did).
struct StepsSeen {
  bool joined = false;    // a `joined` arrived
  bool otherPeer = false; // another peer was in the room (joined's list, or peer-joined)
  bool offer = false;     // an offer went out or came in
  bool candidate = false; // a candidate went out or came in
};

struct SignalingLabState {
  static constexpr std::size_t kMaxReceived = 50;
  static constexpr std::size_t kMaxWire = 200;
  static constexpr std::size_t kMaxErrors = 20;

  std::string url;                    // ws://host/ws
  std::string socketState = "closed"; // toString(SignalingClientState)
  rtclab::StateTimeline stateTimeline;
  std::string room;                    // the room joined (or being joined)
  std::string name;                    // our display name, sent with join
  rtclab::RoomRoster roster;           // our peer id and the others in the room
  std::deque<nlohmann::json> received; // last kMaxReceived messages received, parsed
  int sent = 0;                        // messages sent (heartbeat pings not counted)
  std::deque<ShownError> errors;       // last kMaxErrors
  ReconnectInfo reconnects;
  std::optional<double> lastRttMs; // heartbeat: ping -> pong
  std::deque<WireMessage> wire;    // last kMaxWire frames in and out
  rtclab::ui::EventLog log;
  ComposeForm compose;
  std::string roomInput = "lab03"; // the Join box
  StepsSeen seen;
  rtclab::ui::StepGuide stepGuide; // the panel's checklist
};

// The README's steps 1-5, each done from the state above: the panel's checklist and the
// snapshot's "steps".
std::array<rtclab::ui::Step, 5> steps(const SignalingLabState& state);

// --- how signaling events change the state (main.cpp calls these from the client's callbacks) --
void recordSocketState(SignalingLabState& state, std::string_view socketState, double atMs);
// Keeps the compose form addressed to a peer in the room: when its peer is gone (left, or the
// room was joined again under new ids) it moves to the first peer there, or to none, and its
// text follows while it is the untouched template. The record functions call it.
void keepComposeAddressed(SignalingLabState& state);
void recordWire(SignalingLabState& state, bool sent, std::string text, double atMs);
void recordJoined(SignalingLabState& state, const rtclab::protocol::Joined& joined, double atMs);
void recordPeerJoined(SignalingLabState& state, const rtclab::protocol::PeerJoined& joined,
                      double atMs);
void recordPeerLeft(SignalingLabState& state, const rtclab::protocol::PeerLeft& left, double atMs);
void recordServerError(SignalingLabState& state, const rtclab::protocol::Error& error, double atMs);
void recordMalformed(SignalingLabState& state, const std::string& text,
                     const rtclab::protocol::ParseError& error, double atMs);

// Example payloads, whichever way they are sent (the Compose box, send-offer, send-candidate):
// shaped like the real thing (Lab 04 sends real ones) and easy to spot in the receiver's log.
inline constexpr const char* kExampleSdp = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
                                           "s=lab03 example offer\r\nt=0 0\r\n";
inline constexpr const char* kExampleCandidate =
    "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host";

// A ready-to-send example of `type` ("offer", "answer", "candidate") addressed to `to`, as
// pretty JSON: what the Compose box starts from.
std::string messageTemplate(std::string_view type, const std::string& to);

// `text` pretty-printed when it is JSON, else unchanged (the log shows invalid frames as sent).
std::string prettyJson(const std::string& text);

// The four kinds of information the guide says signaling carries, and the message types that
// carry each (the explanation panel). The texts are language table keys (rtclab::tr); the
// message types are the protocol's own words.
struct InformationKind {
  const char* kindKey;       // "Session control"
  const char* guideWordsKey; // the guide's words: "start and end of a session" / "통신 시작/종료"
  const char* messageTypes;   // "join, joined, peer-joined, peer-left, leave"
  const char* explanationKey; // one or two sentences for the (?)
};
const std::vector<InformationKind>& informationKinds();

// The snapshot behind Module.labState().
nlohmann::json toJson(const SignalingLabState& state);

// The whole panel. Buttons run `actions` (the same code path as Module.labAction); the forms
// edit state.compose and state.roomInput in place.
void drawPanel(SignalingLabState& state, const rtclab::LabActions& actions);

} // namespace lab03
