// lab_error.hpp: an error as a lab shows it to the learner: who, which operation, in which state.
//
//   pc.createOffer(onOffer, [&](rtclab::PeerConnectionError e) {
//     errors.push_back(rtclab::labErrorOf("A", e));    // "A: createOffer failed in state ..."
//   });
//   snapshot["errors"] = rtclab::toJson(errors);       // Module.labState()'s "errors"
//
// The operation and the state come from the typed errors of the handles (PeerConnectionError,
// DataChannelError, MediaError), so an InvalidStateError reads with the state that explains it.
// Pure C++: tested natively and under node.
#pragma once

#include "rtclab/data_channel.hpp"
#include "rtclab/media_error.hpp"
#include "rtclab/peer_connection.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace rtclab {

struct LabError {
  std::string where;     // whose call failed: "A", "B", a peer id, "lab"
  std::string name;      // the DOMException name: "InvalidStateError", ...
  std::string operation; // "setRemoteDescription(answer)", "send", "getUserMedia"
  std::string state;     // the signaling state (or data channel readyState) at the call; "": none
  std::string text;      // describe(): "... failed in state stable: InvalidStateError: ..."
  bool operator==(const LabError&) const = default;
};

LabError labErrorOf(std::string where, const PeerConnectionError& error);
LabError labErrorOf(std::string where, const DataChannelError& error);
LabError labErrorOf(std::string where, const MediaError& error); // operation "getUserMedia"

// {"where", "name", "operation", "state", "text"}, and an array of those.
nlohmann::json toJson(const LabError& error);
nlohmann::json toJson(const std::vector<LabError>& errors);

} // namespace rtclab
