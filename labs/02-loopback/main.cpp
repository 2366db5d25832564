// Lab 02: loopback: two RTCPeerConnections in one page.
//
// The guide's steps 2-7 (연결 순서) with both ends in one page: peer A (the caller) sends the
// camera and opens a data channel, peer B (the callee) answers and shows what arrives. The
// "signaling server" of the guide's diagram is a function call here, so every step can be
// watched on both sides at once: four state timelines each, candidates, stats, SDP.
//
// Run: `make run`, open http://localhost:8080/labs/02-loopback/
// Automation: Module.labState() / Module.labAction(name, arg); see README.md.
// Next: Lab 03 puts a real signaling server between the two peers.
//
// [SECTION] index, in the guide's order:
//   start()                       step 1: getUserMedia (a second Start supersedes the first)
//   call()                        steps 2-3: two RTCPeerConnections, tracks and a data channel
//   makeOffer() / receiveOffer()  steps 4-5: offer and answer, handed over by function call
//   forwardCandidates()           step 6: trickle ICE both ways
//   watchStates()                 the four state timelines of each peer
//   openChat() / sendBinary()     the data channel: chat and a 1 MiB transfer
//   pollStats()                   getStats() once a second (rtclab::ui::StatsPoller)
//   hangup()                      close both ends
//   destroyProbe()                a destroyed handle is never called back (destroy_probe.cpp)
#include "binary_transfer.hpp"
#include "destroy_probe.hpp"
#include "loopback_panel.hpp"

#include "rtclab/console_handles.hpp"
#include "rtclab/lab_page.hpp"
#include "rtclab/latest_user_media.hpp"
#include "rtclab/peer_connection.hpp"
#include "rtclab/ui/app.hpp"
#include "rtclab/ui/stats_poller.hpp"
#include "rtclab/video_view.hpp"

#include <optional>

namespace {

using rtclab::ui::LogLevel;
using namespace lab02;

constexpr double kStatsIntervalMs = 1000;

// One end of the call: its handles and what its panel shows.
struct Peer {
  const char* name; // "A" or "B"
  PeerState* view;
  rtclab::ui::StatsPoller stats{kStatsIntervalMs}; // before pc: outlives its pending getStats()
  std::optional<rtclab::PeerConnection> pc = {};
  std::optional<rtclab::DataChannel> chat = {};
};

class LoopbackLab {
public:
  LoopbackLab() { registerActions(); }

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
  // Step 1 (Lab 01): the fake camera and microphone in the tests, yours in a browser.
  rtclab::ActionResult start() {
    if (stream_) {
      return "already capturing";
    }
    // Start again while the first request is pending: the later request wins, and the stream
    // of an earlier one is stopped as soon as it arrives (rtclab::LatestUserMedia).
    capture_.request(
        rtclab::cameraAndMicrophone(),
        [this](rtclab::MediaStream stream) {
          localVideo_.show(stream);
          rtclab::console::publish("localStream", stream); // DevTools: rtclab.localStream
          stream_ = std::move(stream);
          state_.phase = LabPhase::Capturing;
          log(LogLevel::Info, "camera and microphone captured");
        },
        [this](rtclab::MediaError error) {
          state_.errors.push_back(rtclab::labErrorOf("lab", error));
          log(LogLevel::Error, "getUserMedia: " + error.name + ": " + error.message);
        });
    return rtclab::actionDone();
  }

  rtclab::ActionResult call() {
    if (!stream_) {
      return "no camera yet: press Start first";
    }
    if (a_.pc) {
      return "already in a call: hang up first";
    }
    resetCall();
    ++state_.callCount;
    // Step 2: two RTCPeerConnections. No ICE servers: in one page (one machine)
    // the host candidates are enough, so no STUN or TURN traffic leaves the machine.
    // [lab02-create]
    rtclab::Configuration configuration;
    for (Peer* peer : {&a_, &b_}) {
      auto created = rtclab::PeerConnection::create(configuration);
      if (auto* error = std::get_if<rtclab::PeerConnectionError>(&created)) {
        fail(*peer, *error);
        return error->describe();
      }
      peer->pc = std::move(std::get<rtclab::PeerConnection>(created));
      // DevTools: rtclab.pcA and rtclab.pcB, the guide's pc1 and pc2, live in the console.
      rtclab::console::publish(std::string("pc") + peer->name, *peer->pc);
      watchStates(*peer);
    }
    // [lab02-create]
    forwardCandidates(a_, b_);
    forwardCandidates(b_, a_);

    // Step 3: A sends its camera and microphone.
    // [lab02-add-track]
    for (auto& track : stream_->getTracks()) {
      auto sender = a_.pc->addTrack(track, *stream_);
      if (auto* error = std::get_if<rtclab::PeerConnectionError>(&sender)) {
        fail(a_, *error);
      } else {
        ++state_.a.tracksAdded; // the panel's step 3
      }
    }
    // [lab02-add-track]

    // Step 7: B shows what arrives. Audio and video come as two track events
    // with the same stream; the <video> element gets that stream once.
    // [lab02-ontrack]
    b_.pc->onTrack(
        [this](rtclab::MediaStreamTrack track, std::vector<rtclab::MediaStream> streams) {
          peerLog(b_, LogLevel::Info, "ontrack: a remote " + track.kind() + " track");
          ++state_.b.tracksReceived; // the panel's step 7
          if (!streams.empty() && (!remoteStream_ || remoteStream_->id() != streams[0].id())) {
            remoteVideo_.show(streams[0]);
            remoteStream_ = std::move(streams[0]);
          }
        });
    // [lab02-ontrack]

    // A opens "chat"; B learns of it from ondatachannel once connected.
    // [lab02-data-channel]
    auto channel = a_.pc->createDataChannel("chat");
    if (auto* error = std::get_if<rtclab::PeerConnectionError>(&channel)) {
      fail(a_, *error);
    } else {
      openChat(a_, std::move(std::get<rtclab::DataChannel>(channel)));
    }
    b_.pc->onDataChannel([this](rtclab::DataChannel remote) { openChat(b_, std::move(remote)); });
    // [lab02-data-channel]

    state_.phase = LabPhase::InCall;
    makeOffer();
    return rtclab::actionDone();
  }

  // Step 4 (A, the caller): create an offer, apply it, and "send" it to B.
  // [lab02-offer]
  void makeOffer() {
    a_.pc->createOffer(
        [this](rtclab::SessionDescription offer) {
          peerLog(a_, LogLevel::Info, "createOffer() resolved");
          a_.pc->setLocalDescription(
              offer, [this, offer] { receiveOffer(offer); }, failure(a_));
        },
        failure(a_));
  }
  // [lab02-offer]

  // Step 5 (B, the callee): apply the offer, create an answer, apply it, and
  // "send" it back to A.
  // [lab02-answer]
  void receiveOffer(const rtclab::SessionDescription& offer) {
    b_.pc->setRemoteDescription(
        offer,
        [this] {
          b_.pc->createAnswer(
              [this](rtclab::SessionDescription answer) {
                peerLog(b_, LogLevel::Info, "createAnswer() resolved");
                b_.pc->setLocalDescription(
                    answer, [this, answer] { receiveAnswer(answer); }, failure(b_));
              },
              failure(b_));
        },
        failure(b_));
  }

  void receiveAnswer(const rtclab::SessionDescription& answer) {
    a_.pc->setRemoteDescription(
        answer, [this] { peerLog(a_, LogLevel::Info, "offer/answer exchange complete"); },
        failure(a_));
  }
  // [lab02-answer]

  // Step 6: every candidate one side gathers goes straight to the other
  // side's addIceCandidate (a real app sends it through the signaling server). The final null
  // ("gathering complete") goes too, as the end-of-candidates marker.
  // [lab02-candidates]
  void forwardCandidates(Peer& from, Peer& to) {
    from.pc->onIceCandidate([this, &from, &to](std::optional<rtclab::IceCandidate> candidate) {
      if (candidate) {
        if (auto parsed = rtclab::parseCandidate(candidate->candidate); parsed.ok()) {
          from.view->panel.localCandidates.push_back(parsed.candidate);
          to.view->panel.remoteCandidates.push_back(parsed.candidate);
        }
      } else {
        peerLog(from, LogLevel::Info, "onicecandidate: null (all candidates gathered)");
      }
      to.pc->addIceCandidate(
          candidate.value_or(rtclab::IceCandidate{}), [] {}, failure(to));
    });
  }
  // [lab02-candidates]

  // 연결 상태 모니터링: every change of the four states lands on its timeline.
  // [lab02-states]
  void watchStates(Peer& peer) {
    auto& panel = peer.view->panel;
    peer.pc->onSignalingStateChange([&peer, &panel](rtclab::SignalingState state) {
      rtclab::ui::recordState(panel, "signalingState", toString(state), rtclab::nowMs());
      rtclab::ui::recordDescriptions(panel, *peer.pc);
    });
    peer.pc->onIceGatheringStateChange([&panel](rtclab::IceGatheringState state) {
      rtclab::ui::recordState(panel, "iceGatheringState", toString(state), rtclab::nowMs());
    });
    peer.pc->onIceConnectionStateChange([&panel](rtclab::IceConnectionState state) {
      rtclab::ui::recordState(panel, "iceConnectionState", toString(state), rtclab::nowMs());
    });
    peer.pc->onConnectionStateChange([&panel](rtclab::PeerConnectionState state) {
      rtclab::ui::recordState(panel, "connectionState", toString(state), rtclab::nowMs());
    });
    // The starting point: stable, new, new, new.
    rtclab::ui::recordStates(panel, *peer.pc, rtclab::nowMs());
  }
  // [lab02-states]

  // Both ends of "chat" get the same handlers: text is chat, binary is a transfer.
  // [lab02-chat]
  void openChat(Peer& peer, rtclab::DataChannel channel) {
    peerLog(peer, LogLevel::Info, "data channel '" + channel.label() + "'");
    channel.onOpen([this, &peer] { peerLog(peer, LogLevel::Info, "chat: open"); });
    channel.onClose([this, &peer] { peerLog(peer, LogLevel::Info, "chat: close"); });
    channel.onError([this, &peer](rtclab::DataChannelError error) {
      if (error.closedByPeer()) { // hang-up closes A first: B hears its SCTP association end
        peerLog(peer, LogLevel::Info, "chat: the other side closed its connection");
        return;
      }
      fail(peer, error);
    });
    channel.onMessage(
        [this, &peer](rtclab::DataChannelMessage message) { receive(peer, std::move(message)); });
    channel.setBufferedAmountLowThreshold(kBufferedAmountLowThreshold);
    channel.onBufferedAmountLow([this] { pumpTransfer(); });
    rtclab::console::publish(std::string("chat") + peer.name, channel);
    peer.chat = std::move(channel);
  }
  // [lab02-chat]

  rtclab::ActionResult sendText(Peer& peer, const std::string& text) {
    if (!peer.chat) {
      return std::string("peer ") + peer.name + " has no data channel: press Call first";
    }
    if (auto error = peer.chat->send(text)) {
      fail(peer, *error);
      return error->describe();
    }
    return rtclab::actionDone();
  }

  // A big buffer: announce it, then send it in chunks.
  // [lab02-send-binary]
  rtclab::ActionResult sendBinary(const std::string& sizeText) {
    const auto size = parseByteCount(sizeText);
    if (!size) {
      return "send-binary needs a size in bytes, e.g. 1048576, not '" + sizeText + "'";
    }
    if (!a_.chat || a_.chat->readyState() != rtclab::DataChannelState::Open) {
      return "A's data channel is not open: press Call and wait for 'open'";
    }
    outgoing_.emplace(makeTestPattern(*size));
    state_.binary = {.total = *size};
    if (auto error = a_.chat->send(outgoing_->header().toText())) {
      fail(a_, *error);
      return error->describe();
    }
    pumpTransfer();
    return rtclab::actionDone();
  }

  // Flow control: send while the browser's queue is short; `bufferedamountlow` resumes it.
  void pumpTransfer() {
    while (outgoing_ && a_.chat && !outgoing_->finished() &&
           a_.chat->bufferedAmount() < kBufferedAmountHighWater) {
      if (auto error = a_.chat->send(outgoing_->nextChunk())) {
        fail(a_, *error);
        outgoing_.reset();
        return;
      }
      state_.binary.sent = outgoing_->sentBytes();
    }
  }
  // [lab02-send-binary]

  // Text is chat, or the header of a binary transfer; binary messages are its chunks.
  void receive(Peer& peer, rtclab::DataChannelMessage message) {
    if (message.isBinary) {
      if (auto note = incoming_.receiveChunk(message.data)) {
        peerLog(peer, note->error ? LogLevel::Error : LogLevel::Info, note->text);
      }
    } else if (auto announced = incoming_.receiveText(message.text)) {
      peerLog(peer, LogLevel::Info, announced->text);
    } else {
      peer.view->chatReceived.push_back(message.text);
      peerLog(peer, LogLevel::Info, "chat: \"" + message.text + "\"");
    }
  }

  // Once a second: getStats() on both sides; the plots want rates, so the poller compares
  // each report with the previous one. Called every frame: it asks only when a second has
  // passed and the last request has been answered.
  // [lab02-stats]
  void pollStats(Peer& peer, double now) {
    peer.stats.poll(now, *peer.pc, peer.view->panel, failure(peer));
  }
  // [lab02-stats]

  // pc.close() on both sides. close() fires no state-change events, so the
  // states are read once more: every one reads "closed" (iceGatheringState keeps its last).
  // [lab02-hangup]
  rtclab::ActionResult hangup() {
    if (!a_.pc) {
      return "no call to hang up";
    }
    probe_.stop(); // a running probe's channels close with the call
    for (Peer* peer : {&a_, &b_}) {
      peer->pc->close();
      rtclab::ui::recordStates(peer->view->panel, *peer->pc, rtclab::nowMs());
      peer->pc.reset();
      rtclab::console::withdraw(std::string("pc") + peer->name);
      // The "chat" handle stays until the next call: its readyState turns "closed" a moment
      // later, and its onClose still reports it.
    }
    remoteVideo_.clear();
    remoteStream_.reset();
    outgoing_.reset();
    incoming_.reset();
    state_.phase = LabPhase::HungUp;
    log(LogLevel::Info, "hung up");
    return rtclab::actionDone();
  }
  // [lab02-hangup]

  // A new call starts from fresh channels and panels; the call count and the lab log carry on.
  void resetCall() {
    for (Peer* peer : {&a_, &b_}) {
      peer->chat.reset();
      peer->stats.reset();
    }
    state_.a = PeerState();
    state_.b = PeerState();
    state_.binary = BinaryProgress();
    state_.errors.clear();
  }

  // A destroyed handle is never called back: see destroy_probe.cpp.
  rtclab::ActionResult destroyProbe() {
    if (!a_.chat || a_.chat->readyState() != rtclab::DataChannelState::Open) {
      return "the probe needs a call: press Call and wait for chat 'open'";
    }
    return probe_.start(*a_.pc, *b_.pc);
  }

  void refresh() {
    state_.localVideoWidth = localVideo_.videoWidth();
    state_.localVideoHeight = localVideo_.videoHeight();
    state_.remoteVideoWidth = remoteVideo_.videoWidth();
    state_.remoteVideoHeight = remoteVideo_.videoHeight();
    for (Peer* peer : {&a_, &b_}) {
      if (peer->chat) {
        peer->view->dataChannelState = toString(peer->chat->readyState());
        peer->view->bufferedAmount = peer->chat->bufferedAmount();
      }
    }
    const double now = rtclab::nowMs();
    probe_.poll(now);
    if (a_.pc) {
      pollStats(a_, now);
      pollStats(b_, now);
    }
  }

  rtclab::PeerConnection::ErrorCallback failure(Peer& peer) {
    return [this, &peer](rtclab::PeerConnectionError error) { fail(peer, error); };
  }

  template <typename Error> void fail(Peer& peer, const Error& error) {
    peerLog(peer, LogLevel::Error, error.describe());
    state_.errors.push_back(rtclab::labErrorOf(peer.name, error));
  }

  void registerActions() {
    actions_.add("start", [this](const std::string&) { return start(); });
    actions_.add("call", [this](const std::string&) { return call(); });
    actions_.add("hangup", [this](const std::string&) { return hangup(); });
    actions_.add("send-text", [this](const std::string& text) { return sendText(a_, text); });
    actions_.add("reply-text", [this](const std::string& text) { return sendText(b_, text); });
    actions_.add("send-binary", [this](const std::string& size) { return sendBinary(size); });
    actions_.add("destroy-probe", [this](const std::string&) { return destroyProbe(); });
  }

  void log(LogLevel level, std::string text) {
    state_.log.add(rtclab::nowMs(), level, std::move(text));
  }
  void peerLog(Peer& peer, LogLevel level, std::string text) {
    peer.view->panel.log.add(rtclab::nowMs(), level, std::move(text));
  }

  LoopbackState state_;
  rtclab::LabActions actions_;
  rtclab::LatestUserMedia capture_;
  std::optional<rtclab::MediaStream> stream_;
  rtclab::VideoView localVideo_{"local", "A: local camera (muted)", true};
  rtclab::VideoView remoteVideo_{"remote", "B: remote video from A", false};
  std::optional<rtclab::MediaStream> remoteStream_;
  Peer a_{.name = "A", .view = &state_.a};
  Peer b_{.name = "B", .view = &state_.b};
  std::optional<OutgoingTransfer> outgoing_;
  TransferReceiver incoming_{state_.binary};
  DestroyProbeRun probe_{
      state_.destroyProbe,
      [this](bool ofCaller, const rtclab::PeerConnectionError& e) { fail(ofCaller ? a_ : b_, e); },
      [this](std::string text) { log(LogLevel::Info, std::move(text)); }};
};

} // namespace

int main() {
  static LoopbackLab lab; // lives as long as the page: the frame loop outlives main()
  rtclab::exposeLabAutomation([] { return lab.snapshot(); }, lab.actions());
  return rtclab::ui::runApp({.title = "Lab 02 - loopback"}, [] { lab.drawFrame(); });
}
