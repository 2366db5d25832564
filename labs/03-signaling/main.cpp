// Lab 03: signaling.
//
// The guide's 시그널링 section, in C++: before two browsers can talk directly they must exchange
// session control (join, leave), errors, media metadata (the SDP offer and answer) and network
// data (ICE candidates) through a server both can reach. Here that is a WebSocket to
// rtclab-server:
//   const ws = new WebSocket('ws://localhost:8080/ws');
//   ws.send(JSON.stringify({type: 'join', room: 'lab03', name: 'alice'}));
// Join a room, see who is there, send raw protocol messages to a peer and watch them arrive,
// break them to see the server's errors, and kill the server to watch the client reconnect
// (the guide's problem 4, 시그널링 연결 끊김: reconnect logic and a heartbeat).
//
// Run: `make run`, open http://localhost:8080/labs/03-signaling/?room=demo in two tabs.
// Automation: Module.labState() / Module.labAction(name, arg); see README.md.
// Next: Lab 04 carries a real offer, answer and candidates over this channel: a 1:1 call.
#include "signaling_panel.hpp"

#include "rtclab/lab_page.hpp"
#include "rtclab/signaling_client.hpp"
#include "rtclab/ui/app.hpp"

#include <random>

namespace {

using rtclab::ui::LogLevel;
using namespace lab03;
namespace protocol = rtclab::protocol;

// "guest-4821": a name to tell the tabs apart when the URL gives none.
std::string generatedName() {
  std::random_device entropy; // crypto.getRandomValues in the browser
  return "guest-" + std::to_string(1000 + entropy() % 9000);
}

class SignalingLab {
public:
  SignalingLab() {
    state_.url = rtclab::pageSignalingUrl();
    state_.room = rtclab::pageQueryParameter("room").value_or("lab03");
    state_.roomInput = state_.room;
    state_.name = rtclab::pageQueryParameter("name").value_or(generatedName());
    // A server started with --token-secret admits only joins that carry a token it signed.
    roomToken_ = rtclab::pageQueryParameter("token").value_or("");
    listen();
    registerActions();
    connect();
  }

  const rtclab::LabActions& actions() const { return actions_; }
  nlohmann::json snapshot() {
    refreshReconnects();
    return toJson(state_);
  }
  void drawFrame() {
    refreshReconnects();
    drawPanel(state_, actions_);
  }

private:
  // [lab03-options] The guide's remedy for a dropped signaling connection, as numbers.
  static rtclab::SignalingOptions signalingOptions() {
    rtclab::SignalingOptions options;
    options.reconnect.baseDelayMs = 500;             // first retry after ~0.5 s ...
    options.reconnect.factor = 2;                    // ... then 1 s, 2 s, 4 s ...
    options.reconnect.maxDelayMs = 10000;            // ... never waiting more than 10 s
    options.reconnect.jitterFraction = 0.2;          // each wait up to 20% shorter, at random
    options.reconnect.seed = std::random_device{}(); // every tab its own jitter
    options.heartbeat.intervalMs = 2000;             // {"type":"ping"} every 2 s
    options.heartbeat.timeoutMs = 5000;              // no pong for 5 s: the connection is dead
    return options;
  }
  // [lab03-options]

  // [lab03-connect] Step 1: open the socket and join the room (again after every reconnect).
  rtclab::ActionResult connect() {
    log(LogLevel::Info, "new WebSocket('" + state_.url + "')");
    if (auto error = client_.connect(state_.url)) {
      return "cannot open " + state_.url + ": " + *error;
    }
    client_.join(state_.room, state_.name, roomToken_); // sent as soon as the socket is open
    return rtclab::actionDone();
  }
  // [lab03-connect]

  // [lab03-events] Step 2: one callback per message type, like ws.onmessage + a switch on type.
  void listen() {
    client_.onStateChange([this](rtclab::SignalingClientState socketState) {
      refreshReconnects();
      recordSocketState(state_, toString(socketState), rtclab::nowMs());
    });
    client_.onJoined(
        [this](const protocol::Joined& joined) { recordJoined(state_, joined, rtclab::nowMs()); });
    client_.onPeerJoined([this](const protocol::PeerJoined& joined) {
      recordPeerJoined(state_, joined, rtclab::nowMs());
    });
    client_.onPeerLeft(
        [this](const protocol::PeerLeft& left) { recordPeerLeft(state_, left, rtclab::nowMs()); });
    client_.onOffer([this](const protocol::Offer& offer) {
      log(LogLevel::Info, "offer from " + offer.from.value_or("?") + ": " +
                              std::to_string(offer.sdp.size()) + " bytes of SDP");
    });
    client_.onAnswer([this](const protocol::Answer& answer) {
      log(LogLevel::Info, "answer from " + answer.from.value_or("?"));
    });
    client_.onCandidate([this](const protocol::Candidate& candidate) {
      log(LogLevel::Info,
          "candidate from " + candidate.from.value_or("?") + ": " +
              (candidate.candidate.empty() ? "(end of candidates)" : candidate.candidate));
    });
    client_.onError([this](const protocol::Error& error) {
      recordServerError(state_, error, rtclab::nowMs());
    });
    client_.onMalformedMessage([this](const std::string& text, const protocol::ParseError& error) {
      recordMalformed(state_, text, error, rtclab::nowMs());
    });
    client_.onRawMessage([this](rtclab::MessageDirection direction, const std::string& text) {
      recordWire(state_, direction == rtclab::MessageDirection::Sent, text, rtclab::nowMs());
    });
    client_.onHeartbeat([this](double rttMs) { state_.lastRttMs = rttMs; });
  }
  // [lab03-events]

  // [lab03-send-offer] Step 3: media metadata. Lab 04 puts pc.createOffer()'s SDP here.
  rtclab::ActionResult sendOffer(const std::string& peerId) {
    return client_.send(protocol::Offer{.to = peerId, .sdp = kExampleSdp});
  }
  // [lab03-send-offer]

  // [lab03-send-candidate] Step 4: network data, one ICE candidate (RTCIceCandidateInit fields).
  rtclab::ActionResult sendCandidate(const std::string& peerId) {
    return client_.send(protocol::Candidate{
        .to = peerId, .candidate = kExampleCandidate, .sdpMid = "0", .sdpMLineIndex = 0});
  }
  // [lab03-send-candidate]

  void refreshReconnects() {
    state_.reconnects.attempts = client_.reconnectAttempts();
    state_.reconnects.successful = client_.successfulReconnects();
    state_.reconnects.nextDelayMs = client_.nextReconnectDelayMs();
    state_.reconnects.lastDisconnectReason = client_.lastDisconnectReason();
  }

  void registerActions() {
    actions_.add("connect", [this](const std::string&) { return connect(); });
    actions_.add("disconnect", [this](const std::string&) {
      client_.close();
      return rtclab::actionDone();
    });
    actions_.add("join", [this](const std::string& room) -> rtclab::ActionResult {
      if (room.empty()) {
        return "join needs a room name";
      }
      // Joining another room means leaving this one first (else: already-joined).
      if (!state_.roster.self().empty() && room != state_.room) {
        client_.leave();
      }
      state_.room = room;
      state_.roomInput = room;
      client_.join(room, state_.name, roomToken_); // a token names its room: others refuse it
      return rtclab::actionDone();
    });
    actions_.add("leave", [this](const std::string&) {
      client_.leave();
      state_.room.clear();
      state_.roster.clear();
      return rtclab::actionDone();
    });
    // Raw text, sent as typed: also the way to send something malformed on purpose.
    actions_.add("send", [this](const std::string& text) { return client_.sendText(text); });
    actions_.add("send-offer", [this](const std::string& peerId) { return sendOffer(peerId); });
    actions_.add("send-candidate",
                 [this](const std::string& peerId) { return sendCandidate(peerId); });
  }

  void log(LogLevel level, std::string text) {
    state_.log.add(rtclab::nowMs(), level, std::move(text));
  }

  SignalingLabState state_;
  std::string roomToken_; // ?token=, kept out of labState(): it is a credential
  rtclab::LabActions actions_;
  rtclab::SignalingClient client_{signalingOptions()}; // last: destroyed first, no late callback
};

} // namespace

int main() {
  static SignalingLab lab; // lives as long as the page: the frame loop outlives main()
  rtclab::exposeLabAutomation([] { return lab.snapshot(); }, lab.actions());
  return rtclab::ui::runApp({.title = "Lab 03 - signaling"}, [] { lab.drawFrame(); });
}
