// peer_connection_states.hpp: the enums of RTCPeerConnection and RTCDataChannel, spelled like the
// W3C strings.
//
// Every enum has `toString(value)`, which returns the exact string JavaScript shows
// (`pc.signalingState === "have-local-offer"`), and `parseXxx(text)`, which reads such a string
// back and returns std::nullopt for anything the spec does not define.
// Spec: https://www.w3.org/TR/webrtc/#rtcpeerconnection-interface
#pragma once

#include <optional>
#include <string_view>

namespace rtclab {

// pc.signalingState: where the offer/answer exchange stands.
enum class SignalingState {
  Stable,             // "stable"
  HaveLocalOffer,     // "have-local-offer"
  HaveRemoteOffer,    // "have-remote-offer"
  HaveLocalPranswer,  // "have-local-pranswer"
  HaveRemotePranswer, // "have-remote-pranswer"
  Closed,             // "closed"
};

// pc.iceGatheringState: whether the browser is still collecting local candidates.
enum class IceGatheringState {
  New,       // "new"
  Gathering, // "gathering"
  Complete,  // "complete"
};

// pc.iceConnectionState: the ICE agent's view of connectivity checks.
enum class IceConnectionState {
  New,          // "new"
  Checking,     // "checking"
  Connected,    // "connected"
  Completed,    // "completed"
  Disconnected, // "disconnected"
  Failed,       // "failed"
  Closed,       // "closed"
};

// pc.connectionState: ICE and DTLS together; the one to watch in an app.
enum class PeerConnectionState {
  New,          // "new"
  Connecting,   // "connecting"
  Connected,    // "connected"
  Disconnected, // "disconnected"
  Failed,       // "failed"
  Closed,       // "closed"
};

// channel.readyState
enum class DataChannelState {
  Connecting, // "connecting"
  Open,       // "open"
  Closing,    // "closing"
  Closed,     // "closed"
};

// RTCSessionDescription.type
enum class SdpType {
  Offer,    // "offer"
  Pranswer, // "pranswer"
  Answer,   // "answer"
  Rollback, // "rollback"
};

// RTCConfiguration.iceTransportPolicy: "relay" keeps only TURN candidates.
enum class IceTransportPolicy {
  All,   // "all"
  Relay, // "relay"
};

// RTCConfiguration.bundlePolicy
enum class BundlePolicy {
  Balanced,  // "balanced"
  MaxCompat, // "max-compat"
  MaxBundle, // "max-bundle"
};

std::string_view toString(SignalingState state);
std::string_view toString(IceGatheringState state);
std::string_view toString(IceConnectionState state);
std::string_view toString(PeerConnectionState state);
std::string_view toString(DataChannelState state);
std::string_view toString(SdpType type);
std::string_view toString(IceTransportPolicy policy);
std::string_view toString(BundlePolicy policy);

// Exact, case-sensitive match of the W3C string; std::nullopt otherwise.
std::optional<SignalingState> parseSignalingState(std::string_view text);
std::optional<IceGatheringState> parseIceGatheringState(std::string_view text);
std::optional<IceConnectionState> parseIceConnectionState(std::string_view text);
std::optional<PeerConnectionState> parsePeerConnectionState(std::string_view text);
std::optional<DataChannelState> parseDataChannelState(std::string_view text);
std::optional<SdpType> parseSdpType(std::string_view text);
std::optional<IceTransportPolicy> parseIceTransportPolicy(std::string_view text);
std::optional<BundlePolicy> parseBundlePolicy(std::string_view text);

} // namespace rtclab
