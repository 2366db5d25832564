#include "rtclab/data_channel_init.hpp"

namespace rtclab {

nlohmann::json DataChannelInit::toJson() const {
  nlohmann::json init = {{"ordered", ordered}, {"protocol", protocol}, {"negotiated", negotiated}};
  if (maxRetransmits) {
    init["maxRetransmits"] = *maxRetransmits;
  }
  if (maxPacketLifeTime) {
    init["maxPacketLifeTime"] = *maxPacketLifeTime;
  }
  if (id) {
    init["id"] = *id;
  }
  return init;
}

// The checks of createDataChannel() that depend on the init alone, in spec order
// (https://www.w3.org/TR/webrtc/#dom-peerconnection-createdatachannel).
std::optional<std::string> DataChannelInit::validate() const {
  constexpr std::size_t kMaxProtocolBytes = 65535;
  constexpr std::uint16_t kReservedId = 65535;
  if (protocol.size() > kMaxProtocolBytes) {
    return "TypeError: protocol is longer than 65535 bytes";
  }
  if (maxRetransmits && maxPacketLifeTime) {
    return "TypeError: maxRetransmits and maxPacketLifeTime cannot both be set "
           "(choose retries or a time limit)";
  }
  if (negotiated && !id) {
    return "TypeError: a negotiated channel needs an id that both peers use";
  }
  if (negotiated && id == kReservedId) {
    return "TypeError: id 65535 is reserved; use 0..65534";
  }
  return std::nullopt;
}

} // namespace rtclab
