// What the room logic knows of a connection: somewhere to deliver text. The real one is a
// WebSocket session; unit tests use a fake that records what it got (Asio's chat example).
#pragma once

#include <string>
#include <string_view>

namespace rtclab::server {

class Participant {
public:
  virtual ~Participant() = default;
  // Queues one text message to send. Must not call back into Signaling.
  virtual void deliver(std::string message) = 0;
  // The room token the connection's URL carried (`/ws?token=...`), "" if none.
  virtual std::string_view urlToken() const { return {}; }
};

} // namespace rtclab::server
