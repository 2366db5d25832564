// destroy_probe.hpp: Lab 02's destroy probe, the check that a destroyed handle is never called
// back. During a call it opens two negotiated data channels from A to B: B's end of "probe" is
// destroyed inside its first message callback while A keeps sending, and "witness" carries the
// same messages to a handle that lives. Once the witness has them all, the probe must have
// counted none after its death (DestroyProbe in loopback_panel.hpp holds the counts).
#pragma once

#include "loopback_panel.hpp"

#include "rtclab/data_channel.hpp"
#include "rtclab/lab_actions.hpp"
#include "rtclab/peer_connection.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace lab02 {

class DestroyProbeRun {
public:
  // `ofCaller`: the caller's (A's) createDataChannel failed, else the callee's (B's).
  using OnError = std::function<void(bool ofCaller, const rtclab::PeerConnectionError&)>;
  using OnLog = std::function<void(std::string text)>;
  // Counts into `counts`; a failed createDataChannel goes to `onError`, the result to `onLog`.
  DestroyProbeRun(DestroyProbe& counts, OnError onError, OnLog onLog);

  // Opens the two channels between the call's `caller` (A) and `callee` (B) and starts counting.
  rtclab::ActionResult start(rtclab::PeerConnection& caller, rtclab::PeerConnection& callee);
  // The frame loop: a moment after the witness had every message, the probe is done.
  void poll(double nowMs);
  // Hang up: a running probe ends now, its channels close with the call.
  void stop();

private:
  struct Channels {
    std::optional<rtclab::DataChannel> sender;   // A's end
    std::optional<rtclab::DataChannel> receiver; // B's end
  };
  bool openPair(Channels& channels, const std::string& label, std::uint16_t id,
                rtclab::PeerConnection& caller, rtclab::PeerConnection& callee);
  void sendWhenOpen();
  void finish(bool hungUp);

  DestroyProbe& counts_;
  OnError onError_;
  OnLog onLog_;
  Channels probe_;
  Channels witness_;
  int runs_ = 0;
  bool sent_ = false;
  std::optional<double> witnessDoneMs_;
};

} // namespace lab02
