#include "destroy_probe.hpp"

#include "rtclab/lab_page.hpp"

#include <utility>

namespace lab02 {
namespace {

constexpr int kProbeMessages = 5;
constexpr double kProbeGraceMs = 300;

} // namespace

DestroyProbeRun::DestroyProbeRun(DestroyProbe& counts, OnError onError, OnLog onLog)
    : counts_(counts), onError_(std::move(onError)), onLog_(std::move(onLog)) {}

// Destroying a handle removes exactly the JS listeners it added, so a callback can never
// reach freed C++. The probe is B's end of a data channel that A keeps writing to: its handle
// is destroyed inside its first message callback, while the JS channel lives on (B's
// connection holds it) and keeps receiving. A witness channel carries the same messages to a
// handle that lives; once it has them all, the probe must have counted none after its death.
// [lab02-destroy-probe]
rtclab::ActionResult DestroyProbeRun::start(rtclab::PeerConnection& caller,
                                            rtclab::PeerConnection& callee) {
  if (counts_.phase == ProbePhase::Running) {
    return "the probe is still running";
  }
  counts_ = {.phase = ProbePhase::Running};
  // Negotiated channels (the same id on both sides) need no new offer/answer.
  const auto id = static_cast<std::uint16_t>(100 + 2 * runs_++);
  if (!openPair(probe_, "probe", id, caller, callee) ||
      !openPair(witness_, "witness", id + 1, caller, callee)) {
    counts_.phase = ProbePhase::Done;
    return "the probe could not start; see errors";
  }
  probe_.receiver->onMessage([this](rtclab::DataChannelMessage) {
    ++(probe_.receiver ? counts_.callbacksBeforeDestroy : counts_.callbacksAfterDestroy);
    probe_.receiver.reset(); // destroyed here, inside its own callback
  });
  witness_.receiver->onMessage([this](rtclab::DataChannelMessage) {
    if (++counts_.witnessCallbacks == kProbeMessages) {
      witnessDoneMs_ = rtclab::nowMs(); // poll() finishes the probe a moment later
    }
  });
  return rtclab::actionDone();
}

// A's end sends kProbeMessages on each channel once both of its ends are open.
bool DestroyProbeRun::openPair(Channels& channels, const std::string& label, std::uint16_t id,
                               rtclab::PeerConnection& caller, rtclab::PeerConnection& callee) {
  for (auto* pc : {&caller, &callee}) {
    auto created = pc->createDataChannel(label, {.negotiated = true, .id = id});
    if (auto* error = std::get_if<rtclab::PeerConnectionError>(&created)) {
      onError_(pc == &caller, *error);
      return false;
    }
    (pc == &caller ? channels.sender : channels.receiver) =
        std::move(std::get<rtclab::DataChannel>(created));
  }
  channels.sender->onOpen([this] { sendWhenOpen(); });
  return true;
}

void DestroyProbeRun::sendWhenOpen() {
  const auto open = [](const Channels& c) {
    return c.sender && c.sender->readyState() == rtclab::DataChannelState::Open;
  };
  if (!sent_ && open(probe_) && open(witness_)) {
    sent_ = true;
    for (int i = 1; i <= kProbeMessages; ++i) {
      probe_.sender->send("probe " + std::to_string(i));
      witness_.sender->send("witness " + std::to_string(i));
    }
  }
}

// The witness has every message; the probe's channel had them sent first, so after a short
// grace its JS object has received them too (with nobody left to call).
void DestroyProbeRun::finish(bool hungUp) {
  for (Channels* channels : {&probe_, &witness_}) {
    if (channels->sender) {
      channels->sender->close();
    }
    *channels = Channels();
  }
  sent_ = false;
  witnessDoneMs_.reset();
  counts_.phase = hungUp ? ProbePhase::Idle : ProbePhase::Done;
  onLog_("destroy probe done: " + std::to_string(counts_.callbacksAfterDestroy) +
         " callback(s) after destruction");
}
// [lab02-destroy-probe]

void DestroyProbeRun::poll(double nowMs) {
  if (witnessDoneMs_ && nowMs - *witnessDoneMs_ >= kProbeGraceMs) {
    finish(false);
  }
}

void DestroyProbeRun::stop() {
  if (counts_.phase == ProbePhase::Running) {
    finish(true);
  }
}

} // namespace lab02
