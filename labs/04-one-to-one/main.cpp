// Lab 04: a 1:1 call between two browsers through rtclab-server.
//
// The guide's whole 연결 순서 (steps 1-7) across two browsers, through the signaling server of
// its 연결 프로세스 diagram: each side captures its camera, joins the same room, and the call
// layer (rtclab::RoomCall, one rtclab::PeerSession per remote participant) exchanges the offer,
// the answer and the ICE candidates through the server until media flows peer to peer. Then
// what a real call meets: glare (both offer at once), a reload, an ICE restart, a signaling
// server restart (the guide's problem 4), and a third person when the room holds two.
//
// Run: `make run`, open http://localhost:8080/labs/04-one-to-one/?room=demo in two tabs (or two
// browsers; on a LAN use `make run-tls`: getUserMedia needs https off localhost).
// Automation: Module.labState() / Module.labAction(name, arg); see README.md.
// Next: Lab 05 holds one PeerSession per participant: a mesh conference.
//
// [SECTION] index, in the guide's order:
//   start()        step 1: getUserMedia; the camera goes to the call (renegotiating if needed)
//   join()         the signaling server: join the room; RoomCall does steps 2-7 per participant
//   onRemoteTrack  step 7: the remote stream in a <video>
//   mute / chat    what a call does besides connecting
//   hangup()       leave: the other side sees peer-left and waits again
//   resume()       after a reload: back in the room and the call, nobody else does anything
#include "call_panel.hpp"

#include "rtclab/lab_page.hpp"
#include "rtclab/latest_user_media.hpp"
#include "rtclab/room_call.hpp"
#include "rtclab/ui/app.hpp"
#include "rtclab/video_view.hpp"

#include <optional>
#include <random>

namespace {

using rtclab::ui::LogLevel;
using namespace lab04;

constexpr std::uint32_t kRoomCapacity = 2; // a 1:1 call: the server refuses a third
// Remembered across a reload of this tab, so the call comes back by itself.
constexpr const char* kResumeKey = "rtclab.lab04.resume";

std::string generatedName() {
  return "guest-" + std::to_string(1000 + std::random_device{}() % 9000);
}

class OneToOneLab {
public:
  OneToOneLab()
      : room_(rtclab::pageQueryParameter("room").value_or("lab04")),
        name_(rtclab::pageQueryParameter("name").value_or(generatedName())),
        call_(signaling_, rtclab::tabParticipantIdentity(), callOptions(), callEvents()) {
    state_.call.url = rtclab::pageSignalingUrl();
    state_.call.room = room_;
    state_.call.name = name_;
    signaling_.onStateChange([this](rtclab::SignalingClientState socket) {
      log(LogLevel::Info, "signaling: " + std::string(toString(socket)));
    });
    registerActions();
    signaling_.connect(state_.call.url);
    resume();
  }

  const rtclab::LabActions& actions() const { return actions_; }
  nlohmann::json snapshot() {
    refresh();
    return toJson(state_, peerView());
  }
  void drawFrame() {
    refresh();
    drawPanel(state_, peerView(), actions_);
  }

private:
  // [lab04-options] One room of two; the call layer's timings, as numbers.
  rtclab::RoomCall::Options callOptions() const {
    rtclab::RoomCall::Options options;
    options.room = room_;
    options.name = name_;
    options.token = rtclab::pageQueryParameter("token").value_or("");
    options.capacity = kRoomCapacity;
    // No STUN or TURN here: host candidates reach the other tab or a LAN peer (Lab 06 adds them).
    options.session.configuration = rtclab::Configuration{};
    options.session.iceRestart.disconnectedGraceMs = 3000; // "disconnected" may heal: wait 3 s
    options.roster.leaveGraceMs = 15000; // a dropped peer has 15 s to reconnect before hang-up
    return options;
  }
  // [lab04-options]

  // Step 1: the camera and microphone (the fake ones in the tests).
  // [lab04-start]
  rtclab::ActionResult start() {
    if (stream_) {
      return "already capturing";
    }
    capture_.request( // a second Start while this one is pending supersedes it
        rtclab::cameraAndMicrophone(),
        [this](rtclab::MediaStream stream) {
          stream_ = std::move(stream);
          localVideo_.show(*stream_);
          state_.call.capturing = true;
          call_.setLocalStream(&*stream_); // into every call: a renegotiation if one is up
          remember();
          log(LogLevel::Info, "camera and microphone captured");
        },
        [this](rtclab::MediaError error) {
          fail("getUserMedia: " + error.name + ": " + error.message);
        });
    return rtclab::actionDone();
  }
  // [lab04-start]

  // The signaling server: join the room under our participant identity. RoomCall opens a
  // PeerSession for whoever is there (and whoever comes), and the PeerSessions do steps 2-7.
  // [lab04-join]
  rtclab::ActionResult join() {
    if (call_.phase() == rtclab::CallPhase::Waiting || call_.phase() == rtclab::CallPhase::InCall) {
      return "already in room '" + room_ + "'";
    }
    call_.join();
    remember();
    log(LogLevel::Info, "join room '" + room_ + "'");
    return rtclab::actionDone();
  }
  // [lab04-join]

  // Step 7: what the other side sends. Audio and video arrive as two tracks of one stream.
  // [lab04-remote-track]
  rtclab::RoomCall::Events callEvents() {
    return {
        .remoteTrack =
            [this](const std::string& peer, rtclab::MediaStreamTrack track,
                   std::vector<rtclab::MediaStream> streams) {
              log(LogLevel::Info, "remote " + track.kind() + " track from " + peer);
              if (!streams.empty()) {
                remoteVideo_.show(streams[0]);
                remoteStream_ = std::move(streams[0]);
              }
              remoteTracks_.push_back(std::move(track));
            },
        .sessionClosed =
            [this](const std::string& peer) {
              log(LogLevel::Info, "the call with " + peer + " ended: waiting");
              remoteVideo_.clear();
              remoteStream_.reset();
              remoteTracks_.clear();
            },
        .chat = [this](const std::string& peer,
                       const std::string& text) { log(LogLevel::Info, peer + ": " + text); },
    };
  }
  // [lab04-remote-track]

  // Mute: audio sends silence (track.enabled); video sends nothing (replaceTrack(null)).
  // [lab04-mute]
  rtclab::ActionResult mute(bool& muted, const std::string& argument) {
    if (auto refused = rtclab::setSwitch(muted, argument)) {
      return refused;
    }
    call_.setMuted(state_.call.audioMuted, state_.call.videoMuted);
    return rtclab::actionDone();
  }
  // [lab04-mute]

  // Leave the room: every PeerSession closes, the other side sees peer-left and waits again.
  // [lab04-hangup]
  rtclab::ActionResult hangup() {
    if (call_.phase() == rtclab::CallPhase::Idle) {
      return "not in a room";
    }
    call_.hangup();
    remember();
    log(LogLevel::Info, "hung up");
    return rtclab::actionDone();
  }
  // [lab04-hangup]

  // After a reload this tab has a new page but the same participant secret: join again (and
  // restart the camera if it was on). The other side sees the same id with a new session and
  // replaces its PeerConnection; nobody presses anything.
  void resume() {
    const std::string saved = rtclab::tabStorageItem(kResumeKey).value_or("");
    if (saved.empty() || saved.substr(saved.find(':') + 1) != room_) {
      return;
    }
    log(LogLevel::Info, "reloaded mid-call: joining again");
    if (saved.starts_with("camera:")) {
      start();
    }
    join();
  }

  void remember() {
    const bool inRoom = call_.phase() != rtclab::CallPhase::Idle;
    rtclab::setTabStorageItem(kResumeKey, !inRoom   ? ""
                                          : stream_ ? "camera:" + room_
                                                    : "nocamera:" + room_);
  }

  void refresh() {
    call_.describe(state_.call);
    state_.localVideoWidth = localVideo_.videoWidth();
    state_.remoteVideoWidth = remoteVideo_.videoWidth();
    state_.remoteVideoHeight = remoteVideo_.videoHeight();
    state_.remoteAudio = state_.remoteVideo = state_.remoteVideoMuted = false;
    for (const auto& track : remoteTracks_) {
      if (track.readyState() != rtclab::MediaStreamTrackState::Live) {
        continue;
      }
      (track.kind() == "audio" ? state_.remoteAudio : state_.remoteVideo) = true;
      if (track.kind() == "video" && track.muted()) {
        state_.remoteVideoMuted = true;
      }
    }
    noteProgress(state_, peerView()); // labState().steps between frames too
  }

  const rtclab::PeerSessionView* peerView() const {
    const auto& sessions = call_.sessions();
    return sessions.empty() ? nullptr : &sessions.begin()->second->view();
  }

  void registerActions() {
    actions_.add("start", [this](const std::string&) { return start(); });
    actions_.add("join", [this](const std::string&) { return join(); });
    actions_.add("hangup", [this](const std::string&) { return hangup(); });
    actions_.add("mute-audio",
                 [this](const std::string& on) { return mute(state_.call.audioMuted, on); });
    actions_.add("mute-video",
                 [this](const std::string& on) { return mute(state_.call.videoMuted, on); });
    actions_.add("restart-ice", [this](const std::string&) { return call_.restartIce(); });
    actions_.add("send-chat", [this](const std::string& text) -> rtclab::ActionResult {
      if (text.empty()) {
        return "send-chat needs the text to send";
      }
      if (auto error = call_.sendChat(text)) {
        return error;
      }
      state_.chatSent.push_back(text);
      return rtclab::actionDone();
    });
  }

  void log(LogLevel level, std::string text) {
    state_.log.add(rtclab::nowMs(), level, std::move(text));
  }
  void fail(std::string text) {
    log(LogLevel::Error, text);
    state_.errors.push_back(std::move(text));
  }

  CallLabState state_;
  std::string room_;
  std::string name_;
  rtclab::LabActions actions_;
  rtclab::LatestUserMedia capture_;
  std::optional<rtclab::MediaStream> stream_;
  rtclab::VideoView localVideo_{"local", "you (muted preview)", true};
  rtclab::VideoView remoteVideo_{"remote", "the other side", false};
  std::optional<rtclab::MediaStream> remoteStream_;
  std::vector<rtclab::MediaStreamTrack> remoteTracks_;
  rtclab::SignalingClient signaling_{rtclab::SignalingOptions{}};
  rtclab::RoomCall call_; // after signaling_: destroyed first, so no call callback outlives it
};

} // namespace

int main() {
  static OneToOneLab lab; // lives as long as the page: the frame loop outlives main()
  rtclab::exposeLabAutomation([] { return lab.snapshot(); }, lab.actions());
  return rtclab::ui::runApp({.title = "Lab 04 - 1:1 call"}, [] { lab.drawFrame(); });
}
