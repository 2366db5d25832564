// Lab 06: ICE, STUN and TURN with a real relay (coturn).
//
// The guide's ICE section (host, server reflexive and relay candidates, and their speed), STUN
// and TURN (the last resort, which costs every byte), step 2's iceServers and its problem 1
// (NAT and firewalls: use TURN). rtclab-server hands each participant time-limited TURN
// credentials for the coturn that `make run` starts beside it; the editor can also take your own.
//
// Run: `make run`, open http://localhost:8080/labs/06-ice-turn/?room=demo, press Join, then
// Gather. For a call through the relay: a second tab with the same room, "relay only" in both.
// Automation: Module.labState() / Module.labAction(name, arg); see README.md.
//
// [SECTION] index, in the guide's order:
//   join()       the room: the server's joined message carries its STUN/TURN servers
//   gather()     a throwaway RTCPeerConnection with the chosen iceServers: every candidate as it
//                trickles in, and every server that failed (onicecandidateerror)
//   refresh()    the editor's configuration goes to the call layer for the next connection
//   start()      the camera, so the call through the relay carries media
#include "ice_panel.hpp"

#include "rtclab/lab_page.hpp"
#include "rtclab/latest_user_media.hpp"
#include "rtclab/peer_connection.hpp"
#include "rtclab/room_call.hpp"
#include "rtclab/ui/app.hpp"

#include <optional>

namespace {

using rtclab::ui::LogLevel;
using namespace lab06;

class IceLab {
public:
  IceLab() : call_(signaling_, rtclab::tabParticipantIdentity(), callOptions(), {}) {
    state_.call.url = rtclab::pageSignalingUrl();
    state_.call.room = room_;
    state_.call.name = "ice-lab";
    state_.editor.relayOnly = rtclab::pageQueryParameter("policy").value_or("") == "relay";
    signaling_.onStateChange([this](rtclab::SignalingClientState socket) {
      log(LogLevel::Info, "signaling: " + std::string(toString(socket)));
    });
    registerActions();
    signaling_.connect(state_.call.url);
  }

  const rtclab::LabActions& actions() const { return actions_; }
  nlohmann::json snapshot() {
    refresh();
    return toJson(state_);
  }
  void drawFrame() {
    refresh();
    drawPanel(state_, actions_);
  }

private:
  rtclab::RoomCall::Options callOptions() const {
    rtclab::RoomCall::Options options;
    options.room = room_;
    options.name = "ice-lab";
    options.capacity = 2; // one call: the candidate pairs of one connection
    options.session.iceRestart.disconnectedGraceMs = 3000;
    return options;
  }

  // The room: joined carries the server's STUN and TURN servers, with credentials made for us.
  rtclab::ActionResult join() {
    if (state_.call.inRoom()) {
      return "already in room '" + room_ + "'";
    }
    applySettings(); // the settings of this call even if no frame is drawn before it opens
    call_.join();
    log(LogLevel::Info, "join room '" + room_ + "'");
    return rtclab::actionDone();
  }

  // The guide's step 2 with the chosen iceServers, on a connection of its own: a data channel
  // gives it something to gather for, setLocalDescription() starts gathering, and each
  // candidate (or error) lands in the table with its time.
  // [lab06-gather]
  rtclab::ActionResult gather(bool stunCheck) {
    const rtclab::Configuration configuration =
        stunCheck ? stunOnly(currentConfiguration()) : currentConfiguration();
    if (stunCheck && configuration.iceServers.empty()) {
      return "no STUN server in the configuration: join the room, or give a STUN url";
    }
    if (state_.editor.fromServer && configuration.iceServers.empty()) {
      return "no servers from the server yet: join the room first (it hands out TURN "
             "credentials to participants), or choose 'my own'";
    }
    auto created = rtclab::PeerConnection::create(configuration);
    if (auto* error = std::get_if<rtclab::PeerConnectionError>(&created)) {
      return "new RTCPeerConnection: " + error->describe();
    }
    gatherer_ = std::move(std::get<rtclab::PeerConnection>(created));
    state_.stunCheck = stunCheck;
    state_.gathering.begin(rtclab::nowMs(), describeConfiguration(configuration));
    gatherer_->onIceCandidate([this](std::optional<rtclab::IceCandidate> candidate) {
      if (!candidate) {
        state_.gathering.complete(rtclab::nowMs()); // event.candidate === null
      } else if (!candidate->candidate.empty()) {
        state_.gathering.candidate(candidate->candidate, rtclab::nowMs());
      }
    });
    gatherer_->onIceCandidateError([this](rtclab::IceCandidateError error) {
      log(LogLevel::Error, "icecandidateerror " + std::to_string(error.errorCode) + " " +
                               error.errorText + " (" + error.url + ")");
      state_.gathering.error(error, rtclab::nowMs());
    });
    gatherer_->createDataChannel("gather");
    gatherer_->setLocalDescription([](rtclab::SessionDescription) {},
                                   [this](rtclab::PeerConnectionError error) {
                                     fail("setLocalDescription: " + error.describe());
                                   });
    return rtclab::actionDone();
  }
  // [lab06-gather]

  rtclab::Configuration currentConfiguration() const {
    return configurationOf(state_.editor, call_.serverIceServers().servers);
  }

  rtclab::ActionResult start() {
    if (stream_) {
      return "already capturing";
    }
    capture_.request(
        rtclab::cameraAndMicrophone(),
        [this](rtclab::MediaStream stream) {
          stream_ = std::move(stream);
          state_.call.capturing = true;
          call_.setLocalStream(&*stream_);
          log(LogLevel::Info, "camera and microphone captured");
        },
        [this](rtclab::MediaError error) {
          fail("getUserMedia: " + error.name + ": " + error.message);
        });
    return rtclab::actionDone();
  }

  rtclab::ActionResult mute(bool& muted, const std::string& argument) {
    if (auto refused = rtclab::setSwitch(muted, argument)) {
      return refused;
    }
    call_.setMuted(state_.call.audioMuted, state_.call.videoMuted);
    return rtclab::actionDone();
  }

  // The editor's configuration for the next connection the call opens (one that is open keeps
  // its own: ICE servers are fixed when an RTCPeerConnection is made). At join() and every
  // frame: a browser draws no frames in a tab that is not shown (Firefox's headless tabs), and
  // a call opened then must still get the settings chosen before it.
  void applySettings() {
    call_.setConfiguration(configurationOf(state_.editor, {}), state_.editor.fromServer);
    call_.setTrickle(state_.editor.trickle);
  }

  void refresh() {
    call_.describe(state_.call);
    applySettings();
    state_.serverServers = call_.serverIceServers().servers;
    state_.serverExpiresAt = call_.serverIceServers().expiresAt;
    state_.unixNow = rtclab::unixTimeSeconds();
    state_.peer = call_.sessions().empty() ? nullptr : &call_.sessions().begin()->second->view();
    recordCall();
    rememberProgress(state_);
  }

  // Each call once, when connected with an RTT: with the settings it was opened with.
  // [lab06-record]
  void recordCall() {
    if (call_.sessionsOpened() != sessionsSeen_) {
      sessionsSeen_ = call_.sessionsOpened();
      settingsOfCall_ = state_.editor;
    }
    if (!state_.peer || recordedSession_ == sessionsSeen_) {
      return;
    }
    if (auto record = callRecordOf(*state_.peer, settingsOfCall_)) {
      state_.calls.push_back(*record);
      recordedSession_ = sessionsSeen_;
      log(LogLevel::Info, "connected after " +
                              std::to_string(static_cast<int>(record->connectedAfterMs)) +
                              " ms over " + record->localType + "/" + record->remoteType);
    }
  }
  // [lab06-record]

  // Text actions: the same fields the panel's inputs edit.
  void addSetting(const char* name, std::string IceServersEditor::*field) {
    actions_.add(name, [this, field](const std::string& value) {
      state_.editor.*field = value;
      return rtclab::actionDone();
    });
  }

  void registerActions() {
    actions_.add("start", [this](const std::string&) { return start(); });
    actions_.add("join", [this](const std::string&) { return join(); });
    actions_.add("hangup", [this](const std::string&) -> rtclab::ActionResult {
      if (!state_.call.inRoom()) {
        return "not in a room";
      }
      call_.hangup();
      return rtclab::actionDone();
    });
    actions_.add("mute-audio",
                 [this](const std::string& on) { return mute(state_.call.audioMuted, on); });
    actions_.add("mute-video",
                 [this](const std::string& on) { return mute(state_.call.videoMuted, on); });
    actions_.add("gather", [this](const std::string&) { return gather(false); });
    // The configuration's STUN servers only: which address did the STUN server see?
    actions_.add("stun-check", [this](const std::string&) { return gather(true); });
    actions_.add("set-source", [this](const std::string& source) -> rtclab::ActionResult {
      if (source != "server" && source != "custom") {
        return "set-source takes 'server' or 'custom'";
      }
      state_.editor.fromServer = source == "server";
      return rtclab::actionDone();
    });
    actions_.add("set-policy", [this](const std::string& policy) -> rtclab::ActionResult {
      if (policy != "all" && policy != "relay") {
        return "set-policy takes 'all' or 'relay'";
      }
      state_.editor.relayOnly = policy == "relay";
      return rtclab::actionDone();
    });
    actions_.add("set-trickle", [this](const std::string& on) {
      return rtclab::setSwitch(state_.editor.trickle, on);
    });
    addSetting("set-stun", &IceServersEditor::stunUrl);
    addSetting("set-turn", &IceServersEditor::turnUrl);
    addSetting("set-username", &IceServersEditor::username);
    addSetting("set-credential", &IceServersEditor::credential);
  }

  void log(LogLevel level, std::string text) {
    state_.log.add(rtclab::nowMs(), level, std::move(text));
  }
  void fail(std::string text) {
    log(LogLevel::Error, text);
    state_.errors.push_back(std::move(text));
  }

  std::string room_ = rtclab::pageQueryParameter("room").value_or("lab06");
  IceLabState state_;
  rtclab::LabActions actions_;
  rtclab::LatestUserMedia capture_;
  std::optional<rtclab::MediaStream> stream_;
  std::optional<rtclab::PeerConnection> gatherer_; // the throwaway connection of the last Gather
  int sessionsSeen_ = 0;                           // RoomCall::sessionsOpened() at the last refresh
  int recordedSession_ = 0;                        // the session already in state_.calls
  IceServersEditor settingsOfCall_;                // the editor when the current session was opened
  rtclab::SignalingClient signaling_{rtclab::SignalingOptions{}};
  rtclab::RoomCall call_; // after signaling_: destroyed first
};

} // namespace

int main() {
  static IceLab lab; // lives as long as the page: the frame loop outlives main()
  rtclab::exposeLabAutomation([] { return lab.snapshot(); }, lab.actions());
  return rtclab::ui::runApp({.title = "Lab 06 - ICE, STUN and TURN"}, [] { lab.drawFrame(); });
}
