// data_channel_init.hpp: RTCDataChannelInit, the options of `pc.createDataChannel(label, init)`.
//
// Unset optionals are left out of toJson(), as JavaScript leaves the members undefined.
// validate() reports the combinations for which the browser would throw a TypeError, so a lab
// can explain the mistake before calling into JavaScript.
// Spec: https://www.w3.org/TR/webrtc/#rtcdatachannelinit-dictionary
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace rtclab {

struct DataChannelInit {
  bool ordered = true;                            // deliver messages in the order sent
  std::optional<std::uint16_t> maxRetransmits;    // partial reliability by retry count...
  std::optional<std::uint16_t> maxPacketLifeTime; // ...or by time in ms, never both
  std::string protocol;                           // sub-protocol name, free text
  bool negotiated = false;                        // true: both sides create it with the same id
  std::optional<std::uint16_t> id;                // required when negotiated, 0..65534

  bool operator==(const DataChannelInit&) const = default;
  nlohmann::json toJson() const;

  // std::nullopt when createDataChannel would accept these options; otherwise a message such as
  // "TypeError: maxRetransmits and maxPacketLifeTime cannot both be set".
  std::optional<std::string> validate() const;
};

} // namespace rtclab
