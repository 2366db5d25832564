// What the room logic knows of a connection: somewhere to deliver text. The real one is a
// WebSocket session; unit tests use a fake that records what it got (Asio's chat example).
#pragma once

#include <string>

namespace rtclab::server {

class Participant {
public:
  virtual ~Participant() = default;
  // Queues one text message to send. Must not call back into Signaling.
  virtual void deliver(std::string message) = 0;
};

} // namespace rtclab::server
