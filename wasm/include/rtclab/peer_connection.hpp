// peer_connection.hpp: RTCPeerConnection, a handle over the browser's object.
//
// The guide's steps 2-7, side by side:
//   const pc = new RTCPeerConnection(configuration);   auto created =
//   PeerConnection::create(config); pc.addTrack(track, localStream); pc.addTrack(track,
//   localStream); const offer = await pc.createOffer(); pc.createOffer([](SessionDescription offer)
//   await pc.setLocalDescription(offer);                 { pc.setLocalDescription(offer, ...); },
//   ...); pc.onicecandidate = (event) => ...;                pc.onIceCandidate([](auto candidate)
//   {...}); pc.addIceCandidate(candidate);                     pc.addIceCandidate(candidate, ...);
//   pc.ontrack = (event) => ...;                       pc.onTrack([](MediaStreamTrack, streams)
//   {...});
//
// Asynchronous calls take two callbacks, exactly one of which runs, unless the PeerConnection is
// closed or destroyed first: then neither does. Failures are PeerConnectionError values naming
// the operation and the signaling state it was called in ("setRemoteDescription(answer) failed
// in state stable"), never exceptions.
// Lifetime: move-only. close() and the destructor first unregister every JS handler and pending
// promise callback of this connection, then call pc.close(), so no callback reaches a destroyed
// handle. Note that pc.close() fires no state-change events: read the getters afterwards.
// MDN: https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection
#pragma once

#include "rtclab/configuration.hpp"
#include "rtclab/data_channel.hpp"
#include "rtclab/data_channel_init.hpp"
#include "rtclab/ice_candidate.hpp"
#include "rtclab/peer_connection_states.hpp"
#include "rtclab/session_description.hpp"
#include "rtclab/stats.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rtclab {

namespace browser {
struct HandleAccess;
}

class MediaStream;
class MediaStreamTrack;

// Why a PeerConnection operation failed, and in which state (pure value, usable natively).
struct PeerConnectionError {
  std::string name;      // the DOMException name: "InvalidStateError", "OperationError", ...
  std::string message;   // the browser's message
  std::string operation; // "setRemoteDescription(answer)", "addIceCandidate", ...
  SignalingState signalingState = SignalingState::Stable; // read when the call was made

  bool operator==(const PeerConnectionError&) const = default;
  // "setRemoteDescription(answer) failed in state stable: InvalidStateError: ..."
  std::string describe() const {
    return operation + " failed in state " + std::string(toString(signalingState)) + ": " + name +
           ": " + message;
  }
};

// A value, or the PeerConnectionError that prevented it (C++20 has no std::expected).
template <typename T> using OrPeerConnectionError = std::variant<T, PeerConnectionError>;

// One RTCRtpSender of this connection, as addTrack() returns it; pass it back to removeTrack().
struct RtpSender {
  std::uint32_t id = 0; // this PeerConnection's own number for the sender
  std::string trackId;
  std::string kind; // "audio" or "video"
  bool operator==(const RtpSender&) const = default;
};

class PeerConnection {
public:
  // new RTCPeerConnection(configuration). A configuration the browser refuses (a malformed ICE
  // server URL: SyntaxError; TURN without credentials: InvalidAccessError) is an error value.
  static OrPeerConnectionError<PeerConnection> create(const Configuration& configuration);

  PeerConnection(PeerConnection&&) noexcept;
  PeerConnection& operator=(PeerConnection&&) noexcept; // closes the connection it replaces
  ~PeerConnection();                                    // unregisters handlers, then closes

  using ErrorCallback = std::function<void(PeerConnectionError)>;

  // --- Media ------------------------------------------------------------------------------
  OrPeerConnectionError<RtpSender> addTrack(const MediaStreamTrack& track,
                                            const MediaStream& stream);
  std::optional<PeerConnectionError> removeTrack(const RtpSender& sender);
  // sender.replaceTrack(track): sends `track` (of the same kind) instead, or nothing at all when
  // `track` is null, without a new offer/answer exchange.
  void replaceTrack(const RtpSender& sender, const MediaStreamTrack* track,
                    std::function<void()> onSuccess, ErrorCallback onError);
  // The remote side's track arrived, with the stream(s) the sender put it in (event.streams).
  void
  onTrack(std::function<void(MediaStreamTrack track, std::vector<MediaStream> streams)> callback);

  // --- Data channels ------------------------------------------------------------------------
  OrPeerConnectionError<DataChannel> createDataChannel(const std::string& label,
                                                       const DataChannelInit& init = {});
  void onDataChannel(std::function<void(DataChannel channel)> callback); // the remote side's

  // --- Offer / answer -----------------------------------------------------------------------
  void createOffer(std::function<void(SessionDescription)> onSuccess, ErrorCallback onError);
  void createAnswer(std::function<void(SessionDescription)> onSuccess, ErrorCallback onError);
  void setLocalDescription(const SessionDescription& description, std::function<void()> onSuccess,
                           ErrorCallback onError);
  void setRemoteDescription(const SessionDescription& description, std::function<void()> onSuccess,
                            ErrorCallback onError);
  // await pc.setLocalDescription() with no argument: the browser creates the offer or the answer
  // the signaling state calls for and applies it at once, so nothing can slip in between (the
  // perfect negotiation pattern relies on this). `onSuccess` gets what was applied.
  void setLocalDescription(std::function<void(SessionDescription)> onSuccess,
                           ErrorCallback onError);
  std::optional<SessionDescription> localDescription() const; // null before the first set
  std::optional<SessionDescription> remoteDescription() const;
  // pc.sctp.maxMessageSize: the largest data-channel message this connection may send, the
  // smaller of what the two SDPs' a=max-message-size allow (Chromium writes 262144, Firefox
  // 1073741823; infinity when the other side names no limit). std::nullopt until a description
  // with a data channel is applied (no SCTP transport yet).
  std::optional<double> sctpMaxMessageSize() const;
  // Changes to tracks or channels need a new offer/answer exchange.
  void onNegotiationNeeded(std::function<void()> callback);

  // --- ICE ----------------------------------------------------------------------------------
  // A candidate to send to the other peer; std::nullopt (event.candidate === null) means this
  // side has gathered all its candidates.
  void onIceCandidate(std::function<void(std::optional<IceCandidate>)> callback);
  // pc.onicecandidateerror: a STUN or TURN server could not be used (a wrong or expired TURN
  // credential is errorCode 401). Gathering goes on with the other servers.
  void onIceCandidateError(std::function<void(IceCandidateError)> callback);
  // A candidate from the other peer. An empty `candidate` string is "end of candidates".
  void addIceCandidate(const IceCandidate& candidate, std::function<void()> onSuccess,
                       ErrorCallback onError);
  void restartIce(); // the next offer gathers new candidates with new credentials

  // --- States (read now; each change also calls its callback) --------------------------------
  SignalingState signalingState() const;
  IceGatheringState iceGatheringState() const;
  IceConnectionState iceConnectionState() const;
  PeerConnectionState connectionState() const;
  void onSignalingStateChange(std::function<void(SignalingState)> callback);
  void onIceGatheringStateChange(std::function<void(IceGatheringState)> callback);
  void onIceConnectionStateChange(std::function<void(IceConnectionState)> callback);
  void onConnectionStateChange(std::function<void(PeerConnectionState)> callback);

  // --- Stats --------------------------------------------------------------------------------
  // await pc.getStats(), as typed records (stats.hpp).
  void getStats(std::function<void(StatsReport)> onSuccess, ErrorCallback onError);

  // Unregisters every callback of this connection (handlers and pending promises), then
  // pc.close(). The states then read "closed"; no further callback runs. Safe to repeat.
  void close();

private:
  friend struct browser::HandleAccess;
  struct Impl;
  explicit PeerConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace rtclab
