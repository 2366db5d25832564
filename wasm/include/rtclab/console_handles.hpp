// console_handles.hpp: the lab's live browser objects on `window.rtclab`, for DevTools.
//
// The guide's JavaScript can then be tried on the lab's own objects, in the console:
//   rtclab.pcA.connectionState              // "connected"
//   (await rtclab.pcA.getStats()).size      // the records the Stats panel reads
//   rtclab.localStream.getTracks()
// webrtc/samples leave their objects global for the same reason. A name is a path below
// `window.rtclab` ("pcA", or "peers.p2" for rtclab.peers.p2); publishing under a name replaces
// what was there, and withdraw() removes it, so the console never shows an object the lab has
// let go of. Handles stay owned by the lab: the console only reads what the lab created.
#pragma once

#include <string_view>

namespace rtclab {

class PeerConnection;
class MediaStream;
class DataChannel;

namespace console {

void publish(std::string_view name, const PeerConnection& connection);
void publish(std::string_view name, const MediaStream& stream);
void publish(std::string_view name, const DataChannel& channel);
void withdraw(std::string_view name);
// Withdraws `name` only while it still holds `connection` (a newer one published under the same
// name, e.g. after a participant rejoined, stays).
void withdraw(std::string_view name, const PeerConnection& connection);

} // namespace console
} // namespace rtclab
