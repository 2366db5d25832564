// The call bench's two C++ participants (participants.hpp).
#include "participants.hpp"

#include "rtclab/data_channel.hpp"
#include "rtclab/lab_page.hpp"
#include "rtclab/peer_connection.hpp"
#include "rtclab/room_call.hpp"
#include "rtclab/signaling_client.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>
#include <variant>

namespace rtclab::bench {

namespace {

// A fresh identity per participant: tabParticipantIdentity() would give both participants of one
// page the tab's secret, and the server would let the second replace the first.
ParticipantIdentity freshIdentity() { return {randomHex(16), randomHex(8)}; }

// --- The call layer -----------------------------------------------------------------------------
// As in Lab 04, without a camera: the "chat" channel is the call's only content.
class CallLayerParticipant final : public CallBenchParticipant {
public:
  CallLayerParticipant(const std::string& url, const std::string& room, const std::string& name) {
    RoomCall::Options options;
    options.room = room;
    options.name = name;
    options.capacity = 2;
    options.session.configuration = Configuration{}; // host candidates, as Lab 04
    call_ = std::make_unique<RoomCall>(signaling_, freshIdentity(), options, RoomCall::Events{});
    signaling_.connect(url);
  }
  ~CallLayerParticipant() override { call_.reset(); }

  bool socketOpen() const override { return signaling_.state() == SignalingClientState::Open; }
  bool inRoom() const override {
    return call_->phase() == CallPhase::Waiting || call_->phase() == CallPhase::InCall;
  }
  void join() override { call_->join(); }
  bool connected() const override {
    for (const auto& [id, session] : call_->sessions()) {
      if (session->connectionState() == PeerConnectionState::Connected)
        return true;
    }
    return false;
  }
  void hangup() override {
    call_->hangup();
    signaling_.close();
  }

private:
  SignalingClient signaling_{SignalingOptions{}};
  std::unique_ptr<RoomCall> call_; // destroyed before signaling_
};

// --- The typed API alone ------------------------------------------------------------------------
// baseline.js's JsParticipant, step for step, on SignalingClient and PeerConnection.
class TypedApiParticipant final : public CallBenchParticipant {
public:
  TypedApiParticipant(const std::string& url, std::string room, std::string name)
      : room_(std::move(room)), name_(std::move(name)) {
    signaling_.onJoined([this](const protocol::Joined& joined) {
      you_ = joined.peer;
      for (const auto& peer : joined.peers)
        open(peer.id, true); // the newcomer offers
    });
    signaling_.onPeerJoined(
        [this](const protocol::PeerJoined& joined) { open(joined.peer, false); });
    signaling_.onOffer([this](const protocol::Offer& offer) {
      describe(offer.from.value_or(""), SdpType::Offer, offer.sdp);
    });
    signaling_.onAnswer([this](const protocol::Answer& answer) {
      describe(answer.from.value_or(""), SdpType::Answer, answer.sdp);
    });
    signaling_.onCandidate([this](const protocol::Candidate& message) { candidate(message); });
    signaling_.connect(url);
  }

  bool socketOpen() const override { return signaling_.state() == SignalingClientState::Open; }
  bool inRoom() const override { return !you_.empty(); }
  void join() override {
    signaling_.join(protocol::Join{.room = room_,
                                   .name = name_,
                                   .secret = identity_.secret,
                                   .session = identity_.session,
                                   .capacity = 2});
  }
  bool connected() const override {
    for (const auto& [id, peer] : peers_) {
      if (peer->connected)
        return true;
    }
    return false;
  }
  void hangup() override {
    peers_.clear(); // each PeerConnection closes as it goes
    if (signaling_.state() == SignalingClientState::Open)
      signaling_.leave();
    signaling_.close();
    you_.clear();
  }

private:
  struct Peer {
    PeerConnection pc;
    std::optional<DataChannel> chat;
    bool polite = false;
    bool makingOffer = false;
    bool ignoreOffer = false;
    bool connected = false;

    void addChat() {
      if (chat)
        return;
      auto created = pc.createDataChannel("chat", {.negotiated = true, .id = 0});
      if (auto* channel = std::get_if<DataChannel>(&created))
        chat = std::move(*channel);
    }
  };

  void open(const std::string& remote, bool offerFirst) {
    auto created = PeerConnection::create(Configuration{});
    auto* pc = std::get_if<PeerConnection>(&created);
    if (pc == nullptr)
      return; // the bench then times out waiting for "connected" and reports it
    auto owned = std::make_unique<Peer>(Peer{.pc = std::move(*pc), .polite = you_ > remote});
    Peer& peer = *owned;
    peer.pc.onNegotiationNeeded([this, &peer, remote] {
      peer.makingOffer = true;
      peer.pc.setLocalDescription(
          [this, &peer, remote](SessionDescription description) {
            signaling_.send(protocol::Offer{.to = remote, .from = {}, .sdp = description.sdp});
            peer.makingOffer = false;
          },
          [&peer](const PeerConnectionError&) { peer.makingOffer = false; });
    });
    peer.pc.onIceCandidate([this, remote](std::optional<IceCandidate> found) {
      protocol::Candidate message{.to = remote}; // candidate "": end of candidates
      if (found) {
        message.candidate = found->candidate;
        message.sdpMid = found->sdpMid;
        if (found->sdpMLineIndex)
          message.sdpMLineIndex = static_cast<std::uint32_t>(*found->sdpMLineIndex);
        message.usernameFragment = found->usernameFragment;
      }
      signaling_.send(message);
    });
    peer.pc.onConnectionStateChange([&peer](PeerConnectionState state) {
      peer.connected = state == PeerConnectionState::Connected;
    });
    peers_[remote] = std::move(owned);
    if (offerFirst)
      peer.addChat(); // fires negotiationneeded
  }

  Peer* find(std::string_view remote) {
    auto found = peers_.find(remote);
    return found == peers_.end() ? nullptr : found->second.get();
  }

  void describe(const std::string& remote, SdpType type, const std::string& sdp) {
    Peer* peer = find(remote);
    if (peer == nullptr)
      return;
    const bool collision =
        type == SdpType::Offer &&
        (peer->makingOffer || peer->pc.signalingState() != SignalingState::Stable);
    peer->ignoreOffer = !peer->polite && collision;
    if (peer->ignoreOffer)
      return;
    peer->pc.setRemoteDescription(
        {type, sdp},
        [this, peer, type, remote] {
          if (type != SdpType::Offer)
            return;
          peer->addChat(); // the answer carries it
          peer->pc.setLocalDescription(
              [this, remote](SessionDescription description) {
                signaling_.send(protocol::Answer{.to = remote, .from = {}, .sdp = description.sdp});
              },
              [](const PeerConnectionError&) {});
        },
        [](const PeerConnectionError&) {});
  }

  // Added at once, as the JS client does: the browser holds it behind a pending description.
  void candidate(const protocol::Candidate& message) {
    Peer* peer = find(message.from.value_or(""));
    if (peer == nullptr)
      return;
    IceCandidate candidate{message.candidate, message.sdpMid, std::nullopt,
                           message.usernameFragment};
    if (message.sdpMLineIndex)
      candidate.sdpMLineIndex = static_cast<int>(*message.sdpMLineIndex);
    peer->pc.addIceCandidate(
        candidate, [] {}, [](const PeerConnectionError&) {});
  }

  SignalingClient signaling_{SignalingOptions{}};
  std::string room_;
  std::string name_;
  ParticipantIdentity identity_ = freshIdentity();
  std::string you_;
  std::map<std::string, std::unique_ptr<Peer>, std::less<>> peers_; // destroyed before signaling_
};

} // namespace

std::unique_ptr<CallBenchParticipant> makeParticipant(CallBenchPath path, const std::string& url,
                                                      const std::string& room,
                                                      const std::string& name) {
  if (path == CallBenchPath::TypedApi)
    return std::make_unique<TypedApiParticipant>(url, room, name);
  return std::make_unique<CallLayerParticipant>(url, room, name);
}

} // namespace rtclab::bench
