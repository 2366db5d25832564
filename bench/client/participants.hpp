// The call bench's C++ participants (bench/README.md, "Call setup"): one interface, two builds.
//
//   call layer   a SignalingClient and a RoomCall, as Lab 04 has them: the figure held against
//                the target (perfect negotiation, candidate queue, roster, panel records, stats
//                timer, ICE restart policy, DevTools handles)
//   typed API    a SignalingClient and one PeerConnection per remote participant running
//                baseline.js's JsParticipant step for step: what the wrapper alone costs, with
//                none of the call layer's work
//
// Both use the same Configuration (host candidates), the same negotiated "chat" channel and the
// same rules as the JS client (the newcomer offers, the greater id is polite).
#pragma once

#include <memory>
#include <string>

namespace rtclab::bench {

class CallBenchParticipant {
public:
  virtual ~CallBenchParticipant() = default;
  virtual bool socketOpen() const = 0;
  virtual bool inRoom() const = 0; // the server has let it in
  virtual void join() = 0;
  virtual bool connected() const = 0; // its own view: a connection of its reached "connected"
  virtual void hangup() = 0;          // closes its connections and its socket
};

enum class CallBenchPath { CallLayer, TypedApi };

// Connects to `url` at once; join() once socketOpen().
std::unique_ptr<CallBenchParticipant> makeParticipant(CallBenchPath path, const std::string& url,
                                                      const std::string& room,
                                                      const std::string& name);

} // namespace rtclab::bench
