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
//   requestStats()                getStats() once a second
//   hangup()                      close both ends
//   destroyProbe()                a destroyed handle is never called back (for the tests)
#include "binary_transfer.hpp"
#include "loopback_panel.hpp"

#include "rtclab/lab_page.hpp"
#include "rtclab/media_devices.hpp"
#include "rtclab/peer_connection.hpp"
#include "rtclab/ui/app.hpp"
#include "rtclab/video_view.hpp"

#include <charconv>
#include <optional>

namespace {

using rtclab::ui::LogLevel;
using namespace lab02;

// One end of the call: its handles and what its panel shows.
struct Peer {
  const char* name; // "A" or "B"
  PeerState* view;
  std::optional<rtclab::PeerConnection> pc;
  std::optional<rtclab::DataChannel> chat;
};

// One channel of the destroy probe, negotiated on both peers of the call (see destroyProbe()).
struct ProbeChannels {
  std::optional<rtclab::DataChannel> sender;   // A's end
  std::optional<rtclab::DataChannel> receiver; // B's end
};

constexpr double kStatsIntervalMs = 1000;
constexpr int kProbeMessages = 5;
constexpr double kProbeGraceMs = 300;

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
    // of an earlier one is stopped as soon as it arrives (or its camera would stay on).
    const auto request = ++latestRequest_;
    devices_.getUserMedia(
        rtclab::cameraAndMicrophone(),
        [this, request](rtclab::MediaStream stream) {
          if (request != latestRequest_ || stream_) {
            stream.stop();
            log(LogLevel::Warn, "a later Start replaced this request: its tracks are stopped");
            return;
          }
          localVideo_.show(stream);
          stream_ = std::move(stream);
          state_.phase = LabPhase::Capturing;
          log(LogLevel::Info, "camera and microphone captured");
        },
        [this, request](rtclab::MediaError error) {
          if (request != latestRequest_) {
            return; // a later Start is in charge now
          }
          state_.errors.push_back(
              {"lab", error.name, "getUserMedia", "", error.name + ": " + error.message});
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
      }
    }
    // [lab02-add-track]

    // Step 7: B shows what arrives. Audio and video come as two track events
    // with the same stream; the <video> element gets that stream once.
    // [lab02-ontrack]
    b_.pc->onTrack(
        [this](rtclab::MediaStreamTrack track, std::vector<rtclab::MediaStream> streams) {
          peerLog(b_, LogLevel::Info, "ontrack: a remote " + track.kind() + " track");
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
    peer.pc->onSignalingStateChange([this, &peer, &panel](rtclab::SignalingState state) {
      record(peer, panel.signaling, "signalingState", toString(state));
      refreshDescriptions(peer);
    });
    peer.pc->onIceGatheringStateChange([this, &peer, &panel](rtclab::IceGatheringState state) {
      record(peer, panel.iceGathering, "iceGatheringState", toString(state));
    });
    peer.pc->onIceConnectionStateChange([this, &peer, &panel](rtclab::IceConnectionState state) {
      record(peer, panel.iceConnection, "iceConnectionState", toString(state));
    });
    peer.pc->onConnectionStateChange([this, &peer, &panel](rtclab::PeerConnectionState state) {
      record(peer, panel.connection, "connectionState", toString(state));
    });
    recordCurrentStates(peer); // the starting point: stable, new, new, new
  }
  // [lab02-states]

  void recordCurrentStates(Peer& peer) {
    auto& panel = peer.view->panel;
    record(peer, panel.signaling, "signalingState", toString(peer.pc->signalingState()));
    record(peer, panel.iceGathering, "iceGatheringState", toString(peer.pc->iceGatheringState()));
    record(peer, panel.iceConnection, "iceConnectionState",
           toString(peer.pc->iceConnectionState()));
    record(peer, panel.connection, "connectionState", toString(peer.pc->connectionState()));
  }

  void record(Peer& peer, rtclab::StateTimeline& timeline, const char* attribute,
              std::string_view state) {
    if (timeline.record(state, rtclab::nowMs())) {
      peerLog(peer, LogLevel::Info, std::string(attribute) + " -> " + std::string(state));
    }
  }

  void refreshDescriptions(Peer& peer) {
    auto local = peer.pc->localDescription();
    auto remote = peer.pc->remoteDescription();
    peer.view->panel.localSdp = local ? local->sdp : std::string();
    peer.view->panel.remoteSdp = remote ? remote->sdp : std::string();
  }

  // Both ends of "chat" get the same handlers: text is chat, binary is a transfer.
  // [lab02-chat]
  void openChat(Peer& peer, rtclab::DataChannel channel) {
    peerLog(peer, LogLevel::Info, "data channel '" + channel.label() + "'");
    channel.onOpen([this, &peer] { peerLog(peer, LogLevel::Info, "chat: open"); });
    channel.onClose([this, &peer] { peerLog(peer, LogLevel::Info, "chat: close"); });
    channel.onError([this, &peer](rtclab::DataChannelError error) { fail(peer, error); });
    channel.onMessage(
        [this, &peer](rtclab::DataChannelMessage message) { receive(peer, std::move(message)); });
    channel.setBufferedAmountLowThreshold(kBufferedAmountLowThreshold);
    channel.onBufferedAmountLow([this] { pumpTransfer(); });
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
    std::size_t size = 0;
    const auto* end = sizeText.data() + sizeText.size();
    if (auto [stop, error] = std::from_chars(sizeText.data(), end, size);
        error != std::errc() || stop != end || size == 0) {
      return "send-binary needs a size in bytes, e.g. 1048576, not '" + sizeText + "'";
    }
    if (!a_.chat || a_.chat->readyState() != rtclab::DataChannelState::Open) {
      return "A's data channel is not open: press Call and wait for 'open'";
    }
    outgoing_.emplace(makeTestPattern(size));
    state_.binary = {.total = size};
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

  void receive(Peer& peer, rtclab::DataChannelMessage message) {
    if (!message.isBinary) {
      if (auto header = TransferHeader::parse(message.text)) {
        incoming_.emplace(*header);
        peerLog(peer, LogLevel::Info,
                "binary transfer of " + std::to_string(header->size) + " bytes announced");
        return;
      }
      peer.view->chatReceived.push_back(message.text);
      peerLog(peer, LogLevel::Info, "chat: \"" + message.text + "\"");
      return;
    }
    if (!incoming_ || !incoming_->append(message.data)) {
      state_.binary.failed = true;
      peerLog(peer, LogLevel::Error, "binary chunk without an announced transfer, or too many");
      return;
    }
    state_.binary.received = incoming_->receivedBytes();
    if (incoming_->complete()) {
      state_.binary.verified = incoming_->verified();
      state_.binary.failed = !state_.binary.verified;
      peerLog(peer, state_.binary.verified ? LogLevel::Info : LogLevel::Error,
              std::to_string(incoming_->receivedBytes()) + " bytes reassembled, checksum " +
                  (state_.binary.verified ? "ok" : "WRONG"));
      incoming_.reset();
    }
  }

  // Once a second: getStats() on both sides; the plots want rates, so each
  // sample is compared with the previous one.
  // [lab02-stats]
  void requestStats(Peer& peer) {
    peer.pc->getStats(
        [&peer](rtclab::StatsReport report) {
          auto& view = *peer.view;
          if (view.stats) {
            view.panel.stats.add(rtclab::ui::sampleBetween(*view.stats, report));
          }
          view.panel.selectedPair = rtclab::ui::selectedCandidatePair(report);
          view.stats = std::move(report);
        },
        failure(peer));
  }
  // [lab02-stats]

  // pc.close() on both sides. close() fires no state-change events, so the
  // states are read once more: every one reads "closed" (iceGatheringState keeps its last).
  // [lab02-hangup]
  rtclab::ActionResult hangup() {
    if (!a_.pc) {
      return "no call to hang up";
    }
    if (state_.destroyProbe.phase == ProbePhase::Running) {
      finishProbe(true); // its channels close with the call
    }
    for (Peer* peer : {&a_, &b_}) {
      peer->pc->close();
      recordCurrentStates(*peer);
      peer->pc.reset();
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
    a_.chat.reset();
    b_.chat.reset();
    state_.a = PeerState();
    state_.b = PeerState();
    state_.binary = BinaryProgress();
    state_.errors.clear();
  }

  // Destroying a handle removes exactly the JS listeners it added, so a callback can never
  // reach freed C++. The probe is B's end of a data channel that A keeps writing to: its handle
  // is destroyed inside its first message callback, while the JS channel lives on (B's
  // connection holds it) and keeps receiving. A witness channel carries the same messages to a
  // handle that lives; once it has them all, the probe must have counted none after its death.
  // [lab02-destroy-probe]
  rtclab::ActionResult destroyProbe() {
    if (state_.destroyProbe.phase == ProbePhase::Running) {
      return "the probe is still running";
    }
    if (!a_.chat || a_.chat->readyState() != rtclab::DataChannelState::Open) {
      return "the probe needs a call: press Call and wait for chat 'open'";
    }
    state_.destroyProbe = {.phase = ProbePhase::Running};
    // Negotiated channels (the same id on both sides) need no new offer/answer.
    const auto id = static_cast<std::uint16_t>(100 + 2 * probeRuns_++);
    if (!openProbePair(probe_, "probe", id) || !openProbePair(witness_, "witness", id + 1)) {
      state_.destroyProbe.phase = ProbePhase::Done;
      return "the probe could not start; see errors";
    }
    auto& counts = state_.destroyProbe;
    probe_.receiver->onMessage([this, &counts](rtclab::DataChannelMessage) {
      ++(probe_.receiver ? counts.callbacksBeforeDestroy : counts.callbacksAfterDestroy);
      probe_.receiver.reset(); // destroyed here, inside its own callback
    });
    witness_.receiver->onMessage([this, &counts](rtclab::DataChannelMessage) {
      if (++counts.witnessCallbacks == kProbeMessages) {
        witnessDoneMs_ = rtclab::nowMs(); // refresh() finishes the probe a moment later
      }
    });
    return rtclab::actionDone();
  }

  // A's end sends kProbeMessages on each channel once both of its ends are open.
  bool openProbePair(ProbeChannels& channels, const std::string& label, std::uint16_t id) {
    for (Peer* peer : {&a_, &b_}) {
      auto created = peer->pc->createDataChannel(label, {.negotiated = true, .id = id});
      if (auto* error = std::get_if<rtclab::PeerConnectionError>(&created)) {
        fail(*peer, *error);
        return false;
      }
      (peer == &a_ ? channels.sender : channels.receiver) =
          std::move(std::get<rtclab::DataChannel>(created));
    }
    channels.sender->onOpen([this] {
      const auto open = [](const ProbeChannels& c) {
        return c.sender && c.sender->readyState() == rtclab::DataChannelState::Open;
      };
      if (!probeSent_ && open(probe_) && open(witness_)) {
        probeSent_ = true;
        for (int i = 1; i <= kProbeMessages; ++i) {
          probe_.sender->send("probe " + std::to_string(i));
          witness_.sender->send("witness " + std::to_string(i));
        }
      }
    });
    return true;
  }

  // The witness has every message; the probe's channel had them sent first, so after a short
  // grace its JS object has received them too (with nobody left to call).
  void finishProbe(bool hungUp) {
    auto& counts = state_.destroyProbe;
    for (ProbeChannels* channels : {&probe_, &witness_}) {
      if (channels->sender) {
        channels->sender->close();
      }
      *channels = ProbeChannels();
    }
    probeSent_ = false;
    witnessDoneMs_.reset();
    counts.phase = hungUp ? ProbePhase::Idle : ProbePhase::Done;
    log(LogLevel::Info, "destroy probe done: " + std::to_string(counts.callbacksAfterDestroy) +
                            " callback(s) after destruction");
  }
  // [lab02-destroy-probe]

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
    if (witnessDoneMs_ && now - *witnessDoneMs_ >= kProbeGraceMs) {
      finishProbe(false);
    }
    if (a_.pc && now - lastStatsMs_ >= kStatsIntervalMs) {
      lastStatsMs_ = now;
      requestStats(a_);
      requestStats(b_);
    }
  }

  rtclab::PeerConnection::ErrorCallback failure(Peer& peer) {
    return [this, &peer](rtclab::PeerConnectionError error) { fail(peer, error); };
  }

  template <typename Error> void fail(Peer& peer, const Error& error) {
    peerLog(peer, LogLevel::Error, error.describe());
    state_.errors.push_back(labErrorOf(peer.name, error));
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
  rtclab::MediaDevices devices_;
  std::optional<rtclab::MediaStream> stream_;
  unsigned latestRequest_ = 0; // numbers getUserMedia calls: only the latest keeps its stream
  rtclab::VideoView localVideo_{"local", "A: local camera (muted)", true};
  rtclab::VideoView remoteVideo_{"remote", "B: remote video from A", false};
  std::optional<rtclab::MediaStream> remoteStream_;
  Peer a_{"A", &state_.a, {}, {}};
  Peer b_{"B", &state_.b, {}, {}};
  std::optional<OutgoingTransfer> outgoing_;
  std::optional<IncomingTransfer> incoming_;
  double lastStatsMs_ = 0;
  ProbeChannels probe_;
  ProbeChannels witness_;
  int probeRuns_ = 0;
  bool probeSent_ = false;
  std::optional<double> witnessDoneMs_;
};

} // namespace

int main() {
  static LoopbackLab lab; // lives as long as the page: the frame loop outlives main()
  rtclab::exposeLabAutomation([] { return lab.snapshot(); }, lab.actions());
  return rtclab::ui::runApp({.title = "Lab 02 - loopback"}, [] { lab.drawFrame(); });
}
