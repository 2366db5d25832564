#include "rtclab/peer_connection_states.hpp"

#include <array>
#include <utility>

namespace rtclab {
namespace {

using namespace std::string_view_literals;

// One table per enum, written once; toString and parse both read it.
template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr NameTable<SignalingState, 6> kSignalingStates{{
    {SignalingState::Stable, "stable"sv},
    {SignalingState::HaveLocalOffer, "have-local-offer"sv},
    {SignalingState::HaveRemoteOffer, "have-remote-offer"sv},
    {SignalingState::HaveLocalPranswer, "have-local-pranswer"sv},
    {SignalingState::HaveRemotePranswer, "have-remote-pranswer"sv},
    {SignalingState::Closed, "closed"sv},
}};

constexpr NameTable<IceGatheringState, 3> kIceGatheringStates{{
    {IceGatheringState::New, "new"sv},
    {IceGatheringState::Gathering, "gathering"sv},
    {IceGatheringState::Complete, "complete"sv},
}};

constexpr NameTable<IceConnectionState, 7> kIceConnectionStates{{
    {IceConnectionState::New, "new"sv},
    {IceConnectionState::Checking, "checking"sv},
    {IceConnectionState::Connected, "connected"sv},
    {IceConnectionState::Completed, "completed"sv},
    {IceConnectionState::Disconnected, "disconnected"sv},
    {IceConnectionState::Failed, "failed"sv},
    {IceConnectionState::Closed, "closed"sv},
}};

constexpr NameTable<PeerConnectionState, 6> kPeerConnectionStates{{
    {PeerConnectionState::New, "new"sv},
    {PeerConnectionState::Connecting, "connecting"sv},
    {PeerConnectionState::Connected, "connected"sv},
    {PeerConnectionState::Disconnected, "disconnected"sv},
    {PeerConnectionState::Failed, "failed"sv},
    {PeerConnectionState::Closed, "closed"sv},
}};

constexpr NameTable<DataChannelState, 4> kDataChannelStates{{
    {DataChannelState::Connecting, "connecting"sv},
    {DataChannelState::Open, "open"sv},
    {DataChannelState::Closing, "closing"sv},
    {DataChannelState::Closed, "closed"sv},
}};

constexpr NameTable<SdpType, 4> kSdpTypes{{
    {SdpType::Offer, "offer"sv},
    {SdpType::Pranswer, "pranswer"sv},
    {SdpType::Answer, "answer"sv},
    {SdpType::Rollback, "rollback"sv},
}};

constexpr NameTable<IceTransportPolicy, 2> kIceTransportPolicies{{
    {IceTransportPolicy::All, "all"sv},
    {IceTransportPolicy::Relay, "relay"sv},
}};

constexpr NameTable<BundlePolicy, 3> kBundlePolicies{{
    {BundlePolicy::Balanced, "balanced"sv},
    {BundlePolicy::MaxCompat, "max-compat"sv},
    {BundlePolicy::MaxBundle, "max-bundle"sv},
}};

template <typename Enum, std::size_t N>
std::string_view nameOf(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [entry, name] : table) {
    if (entry == value) {
      return name;
    }
  }
  return "unknown"; // only reachable through a cast of an out-of-range integer
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const NameTable<Enum, N>& table, std::string_view text) {
  for (const auto& [entry, name] : table) {
    if (name == text) {
      return entry;
    }
  }
  return std::nullopt;
}

} // namespace

std::string_view toString(SignalingState state) { return nameOf(kSignalingStates, state); }
std::string_view toString(IceGatheringState state) { return nameOf(kIceGatheringStates, state); }
std::string_view toString(IceConnectionState state) { return nameOf(kIceConnectionStates, state); }
std::string_view toString(PeerConnectionState state) {
  return nameOf(kPeerConnectionStates, state);
}
std::string_view toString(DataChannelState state) { return nameOf(kDataChannelStates, state); }
std::string_view toString(SdpType type) { return nameOf(kSdpTypes, type); }
std::string_view toString(IceTransportPolicy policy) {
  return nameOf(kIceTransportPolicies, policy);
}
std::string_view toString(BundlePolicy policy) { return nameOf(kBundlePolicies, policy); }

std::optional<SignalingState> parseSignalingState(std::string_view text) {
  return valueOf(kSignalingStates, text);
}
std::optional<IceGatheringState> parseIceGatheringState(std::string_view text) {
  return valueOf(kIceGatheringStates, text);
}
std::optional<IceConnectionState> parseIceConnectionState(std::string_view text) {
  return valueOf(kIceConnectionStates, text);
}
std::optional<PeerConnectionState> parsePeerConnectionState(std::string_view text) {
  return valueOf(kPeerConnectionStates, text);
}
std::optional<DataChannelState> parseDataChannelState(std::string_view text) {
  return valueOf(kDataChannelStates, text);
}
std::optional<SdpType> parseSdpType(std::string_view text) { return valueOf(kSdpTypes, text); }
std::optional<IceTransportPolicy> parseIceTransportPolicy(std::string_view text) {
  return valueOf(kIceTransportPolicies, text);
}
std::optional<BundlePolicy> parseBundlePolicy(std::string_view text) {
  return valueOf(kBundlePolicies, text);
}

} // namespace rtclab
