// Every enum value maps to the exact W3C string and back; unknown strings are rejected.
#include <doctest/doctest.h>

#include <string_view>
#include <vector>

#include "rtclab/peer_connection_states.hpp"

using namespace rtclab;

namespace {

template <typename Enum> struct Row {
  Enum value;
  std::string_view w3cName;
};

// The strings are copied from the spec, not from the implementation, so a typo there fails here.
template <typename Enum, typename Parse>
void checkRoundTrip(const std::vector<Row<Enum>>& rows, Parse parse) {
  for (const Row<Enum>& row : rows) {
    CAPTURE(row.w3cName);
    CHECK(toString(row.value) == row.w3cName);
    REQUIRE(parse(row.w3cName).has_value());
    CHECK(*parse(row.w3cName) == row.value);
  }
  // Case matters in JavaScript, and near misses are not states.
  for (std::string_view wrong : {"", "Stable", "NEW", "have_local_offer", "connected ", "bogus"}) {
    CAPTURE(wrong);
    CHECK_FALSE(parse(wrong).has_value());
  }
}

} // namespace

TEST_CASE("SignalingState strings") {
  checkRoundTrip<SignalingState>({{SignalingState::Stable, "stable"},
                                  {SignalingState::HaveLocalOffer, "have-local-offer"},
                                  {SignalingState::HaveRemoteOffer, "have-remote-offer"},
                                  {SignalingState::HaveLocalPranswer, "have-local-pranswer"},
                                  {SignalingState::HaveRemotePranswer, "have-remote-pranswer"},
                                  {SignalingState::Closed, "closed"}},
                                 parseSignalingState);
}

TEST_CASE("IceGatheringState strings") {
  checkRoundTrip<IceGatheringState>({{IceGatheringState::New, "new"},
                                     {IceGatheringState::Gathering, "gathering"},
                                     {IceGatheringState::Complete, "complete"}},
                                    parseIceGatheringState);
}

TEST_CASE("IceConnectionState strings") {
  checkRoundTrip<IceConnectionState>({{IceConnectionState::New, "new"},
                                      {IceConnectionState::Checking, "checking"},
                                      {IceConnectionState::Connected, "connected"},
                                      {IceConnectionState::Completed, "completed"},
                                      {IceConnectionState::Disconnected, "disconnected"},
                                      {IceConnectionState::Failed, "failed"},
                                      {IceConnectionState::Closed, "closed"}},
                                     parseIceConnectionState);
}

TEST_CASE("PeerConnectionState strings") {
  checkRoundTrip<PeerConnectionState>({{PeerConnectionState::New, "new"},
                                       {PeerConnectionState::Connecting, "connecting"},
                                       {PeerConnectionState::Connected, "connected"},
                                       {PeerConnectionState::Disconnected, "disconnected"},
                                       {PeerConnectionState::Failed, "failed"},
                                       {PeerConnectionState::Closed, "closed"}},
                                      parsePeerConnectionState);
}

TEST_CASE("DataChannelState strings") {
  checkRoundTrip<DataChannelState>({{DataChannelState::Connecting, "connecting"},
                                    {DataChannelState::Open, "open"},
                                    {DataChannelState::Closing, "closing"},
                                    {DataChannelState::Closed, "closed"}},
                                   parseDataChannelState);
}

TEST_CASE("SdpType strings") {
  checkRoundTrip<SdpType>({{SdpType::Offer, "offer"},
                           {SdpType::Pranswer, "pranswer"},
                           {SdpType::Answer, "answer"},
                           {SdpType::Rollback, "rollback"}},
                          parseSdpType);
}

TEST_CASE("IceTransportPolicy and BundlePolicy strings") {
  checkRoundTrip<IceTransportPolicy>(
      {{IceTransportPolicy::All, "all"}, {IceTransportPolicy::Relay, "relay"}},
      parseIceTransportPolicy);
  checkRoundTrip<BundlePolicy>({{BundlePolicy::Balanced, "balanced"},
                                {BundlePolicy::MaxCompat, "max-compat"},
                                {BundlePolicy::MaxBundle, "max-bundle"}},
                               parseBundlePolicy);
}
