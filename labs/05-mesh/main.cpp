// Lab 05: a mesh conference. Everyone in a room calls everyone else, peer to peer.
//
// The guide's 다음 단계 step 5 (다중 사용자 화상 회의: Mesh/MCU/SFU), built the simplest way: a
// full mesh. Each participant holds one RTCPeerConnection per other participant (the call layer's
// RoomCall keeps one PeerSession each); whoever joins offers to everyone already there, who only
// answer. The panel measures what that costs: every camera is encoded and uploaded N-1 times.
//
// Run: `make run`, open http://localhost:8080/labs/05-mesh/?room=demo in several tabs or
// browsers (up to the server's room limit, 8 by default; on a LAN use `make run-tls`).
// Automation: Module.labState() / Module.labAction(name, arg); see README.md.
// Next: Lab 06 (ICE and TURN); a later lab puts a real SFU (Janus) beside this mesh.
//
// [SECTION] index, in the order of a conference:
//   start()         step 1: getUserMedia; the camera goes to every connection, present and future
//   join()          the room: RoomCall opens a PeerSession per participant there (we offer)
//                   and per participant who comes later (they offer)
//   callEvents()    step 7 per participant: its stream in its own tile; its tile goes when it does
//   send-chat       one data channel per participant: a message to everyone is N-1 sends
//   measure()       each connection's stats (and the page's CPU pressure) into the mesh's
//                   totals, per participant count
//   hangup()        leave: every other participant closes its connection to us
#include "mesh_panel.hpp"

#include "rtclab/cpu_pressure_observer.hpp"
#include "rtclab/lab_page.hpp"
#include "rtclab/latest_user_media.hpp"
#include "rtclab/mesh_measurements.hpp"
#include "rtclab/room_call.hpp"
#include "rtclab/ui/app.hpp"
#include "rtclab/video_view.hpp"

#include <cstdlib>
#include <map>
#include <optional>
#include <random>

namespace {

using rtclab::ui::LogLevel;
using namespace lab05;

std::string generatedName() {
  return "guest-" + std::to_string(1000 + std::random_device{}() % 9000);
}

class MeshLab {
public:
  MeshLab()
      : room_(rtclab::pageQueryParameter("room").value_or("lab05")),
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
  // The room's size is the server's; no negotiation settings of our own.
  // [lab05-options]
  rtclab::RoomCall::Options callOptions() const {
    rtclab::RoomCall::Options options;
    options.room = room_;
    options.name = name_;
    options.token = rtclab::pageQueryParameter("token").value_or("");
    options.capacity = 0; // 0: the server's --max-peers-per-room (8 by default)
    options.session.configuration = rtclab::Configuration{}; // host candidates (Lab 06: TURN)
    options.session.iceRestart.disconnectedGraceMs = 3000;
    options.roster.leaveGraceMs = 15000;
    return options;
  }
  // [lab05-options]

  // Step 1: the camera, once, for every connection: RoomCall hands it to each PeerSession.
  // ?width=, ?height=, ?fps= ask for less (ideal values): a mesh sends the camera N-1 times.
  rtclab::ActionResult start() {
    if (stream_) {
      return "already capturing";
    }
    rtclab::MediaConstraints constraints = rtclab::cameraAndMicrophone();
    const auto number = [](const char* name) -> std::optional<int> {
      const std::string text = rtclab::pageQueryParameter(name).value_or("");
      const int value = std::atoi(text.c_str());
      return value > 0 ? std::optional<int>(value) : std::nullopt;
    };
    constraints.video->width.ideal = number("width");
    constraints.video->height.ideal = number("height");
    if (auto fps = number("fps")) {
      constraints.video->frameRate.ideal = *fps;
    }
    capture_.request(
        constraints,
        [this](rtclab::MediaStream stream) {
          stream_ = std::move(stream);
          localTile_.show(*stream_);
          state_.call.capturing = true;
          call_.setLocalStream(&*stream_); // every connection, present and future
          log(LogLevel::Info, "camera and microphone captured");
        },
        [this](rtclab::MediaError error) {
          fail("getUserMedia: " + error.name + ": " + error.message);
        });
    return rtclab::actionDone();
  }

  // Join the room. RoomCall's roster decides who offers: joined() lists who is
  // already there and we offer to each of them; later arrivals (peer-joined) offer to us.
  // [lab05-join]
  rtclab::ActionResult join() {
    if (call_.phase() == rtclab::CallPhase::Waiting || call_.phase() == rtclab::CallPhase::InCall) {
      return "already in room '" + room_ + "'";
    }
    call_.join();
    log(LogLevel::Info, "join room '" + room_ + "'");
    return rtclab::actionDone();
  }
  // [lab05-join]

  // Step 7, once per participant: its stream in its own tile, and the tile
  // removed (srcObject = null, element gone) when its connection closes.
  // [lab05-tiles]
  rtclab::RoomCall::Events callEvents() {
    return {
        .remoteTrack =
            [this](const std::string& peer, rtclab::MediaStreamTrack track,
                   std::vector<rtclab::MediaStream> streams) {
              log(LogLevel::Info, "remote " + track.kind() + " track from " + peer);
              if (streams.empty()) {
                return;
              }
              auto tile = tiles_.find(peer);
              if (tile == tiles_.end()) {
                tile = tiles_
                           .try_emplace(peer, "tile-" + peer, captionOf(peer), false,
                                        rtclab::VideoView::Tile{})
                           .first;
              }
              tile->second.show(streams[0]);
              remoteStreams_.insert_or_assign(peer, std::move(streams[0]));
            },
        .sessionClosed =
            [this](const std::string& peer) {
              log(LogLevel::Info, "the connection with " + peer + " closed: its tile goes");
              tiles_.erase(peer);
              remoteStreams_.erase(peer);
            },
        .chat =
            [this](const std::string& peer, const std::string& text) {
              state_.chat.push_back({peer, text});
            },
    };
  }
  // [lab05-tiles]

  std::string captionOf(const std::string& peer) const {
    const auto* entry = call_.roster().find(peer);
    const std::string name = entry ? entry->participant.name : "";
    return name.empty() ? peer : name + " (" + peer + ")";
  }

  // Mute: audio sends silence (track.enabled); video sends nothing (replaceTrack(null)).
  rtclab::ActionResult mute(bool& muted, const std::string& argument) {
    if (auto refused = rtclab::setSwitch(muted, argument)) {
      return refused;
    }
    call_.setMuted(state_.call.audioMuted, state_.call.videoMuted);
    return rtclab::actionDone();
  }

  // Leave: our connections close here; every other participant sees peer-left
  // and closes its connection to us (and our tile), and stays connected to the rest.
  // [lab05-hangup]
  rtclab::ActionResult hangup() {
    if (call_.phase() == rtclab::CallPhase::Idle) {
      return "not in a room";
    }
    call_.hangup();
    log(LogLevel::Info, "left the room");
    return rtclab::actionDone();
  }
  // [lab05-hangup]

  // Each connection's latest getStats() into the mesh model; once a second the
  // totals go into the figures of the current participant count (the chart and the CSV).
  // [lab05-measure]
  void measure() {
    std::vector<std::string> peers;
    for (const auto& [peer, session] : call_.sessions()) {
      meter_.observe(peer, session->remote().name, rtclab::toString(session->connectionState()),
                     session->view().panel.latestStats);
      peers.push_back(peer);
    }
    meter_.retainOnly(peers);
    meter_.setCpuPressure(cpuPressure_.state()); // one machine encodes and decodes it all
    meter_.tick(rtclab::nowMs());
  }
  // [lab05-measure]

  void refresh() {
    measure();
    call_.describe(state_.call);
    state_.totals = meter_.totals();
    state_.measurements = meter_.measurements();
    state_.cpuPressureUnavailable = cpuPressure_.unavailable();
    state_.remotes.clear();
    for (const rtclab::MeshLink& link : meter_.links()) {
      RemoteCard card{link, nullptr, 0};
      if (auto session = call_.sessions().find(link.peer); session != call_.sessions().end()) {
        card.view = &session->second->view();
      }
      if (auto tile = tiles_.find(link.peer); tile != tiles_.end()) {
        card.tileVideoWidth = tile->second.videoWidth();
      }
      state_.remotes.push_back(std::move(card));
    }
    rememberProgress(state_);
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
    // To everyone: one send on each participant's data channel.
    // [lab05-chat]
    actions_.add("send-chat", [this](const std::string& text) -> rtclab::ActionResult {
      if (text.empty()) {
        return "send-chat needs the text to send";
      }
      if (auto error = call_.sendChat(text)) {
        return error;
      }
      state_.chat.push_back({"", text});
      return rtclab::actionDone();
    });
    // [lab05-chat]
    actions_.add("export-csv", [this](const std::string&) -> rtclab::ActionResult {
      if (meter_.measurements().rows().empty()) {
        return "nothing measured yet: the figures start once everyone is connected";
      }
      rtclab::offerDownload("rtclab-mesh-" + room_ + ".csv", "text/csv",
                            meter_.measurements().csv());
      ++state_.csvExports;
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

  MeshLabState state_;
  std::string room_;
  std::string name_;
  rtclab::LabActions actions_;
  rtclab::LatestUserMedia capture_;
  std::optional<rtclab::MediaStream> stream_;
  rtclab::VideoView localTile_{"tile-you", "you (muted preview)", true, rtclab::VideoView::Tile{}};
  std::map<std::string, rtclab::VideoView> tiles_; // one per remote participant with video
  std::map<std::string, rtclab::MediaStream> remoteStreams_;
  rtclab::MeshMeter meter_;
  rtclab::CpuPressureObserver cpuPressure_; // the Compute Pressure API, where the browser has it
  rtclab::SignalingClient signaling_{rtclab::SignalingOptions{}};
  rtclab::RoomCall call_; // after signaling_: destroyed first, so no call callback outlives it
};

} // namespace

int main() {
  static MeshLab lab; // lives as long as the page: the frame loop outlives main()
  rtclab::exposeLabAutomation([] { return lab.snapshot(); }, lab.actions());
  return rtclab::ui::runApp({.title = "Lab 05 - mesh conference"}, [] { lab.drawFrame(); });
}
