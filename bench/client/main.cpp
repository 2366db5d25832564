// The C++ half of the browser benchmark (bench/README.md, "The typed API against plain
// JavaScript"): the same work as baseline.js, through rtclab's typed API, in the same page.
//
//   Module.dcSetup()                   two PeerConnections in this page, one negotiated channel
//   Module.dcRun(size, count)          `count` messages of `size` bytes, paced by
//                                      bufferedAmountLowThreshold, from and into wasm memory
//   Module.callPrepare(path, url, room, a, b)  participants named a and b (b "": only a, the page
//                                      is one side of a call between two pages), each with its
//                                      own SignalingClient, on path "cpp" (the call layer: a
//                                      RoomCall) or "api" (the typed API alone): participants.hpp
//   Module.callSocketsOpen()           every signaling socket open?
//   Module.callJoined()                how many of them the server has let into the room
//   Module.callJoin() / callHangup()   join the room (all at once) / hang up and destroy all
//   Module.callConnected()             how many of them see their connection "connected"
//   Module.largeAllocations()          operator new calls of at least largeAllocationBytes
//
// Results go back to the page through rtclabBench.settle(tag, json) (baseline.js), which
// resolves the promise the driver awaits. Each message carries its index in its first 4 bytes;
// the receiver folds every message into a checksum (checksumStep, the same in baseline.js), so
// both paths must deliver the same bytes in the same order to agree.
#include "rtclab/data_channel.hpp"
#include "rtclab/peer_connection.hpp"

#include "participants.hpp"

#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <variant>
#include <vector>

// --- Payload-sized allocations ------------------------------------------------------------------
// A copy of a message inside the wasm heap (a vector copied instead of moved) needs a buffer of
// its size: every operator new of at least largeAllocationBytes is counted, so the driver can
// tell the copies the browser makes at the heap's edge (counted in baseline.js) from copies
// made inside it.
namespace {
std::size_t largeAllocationBytes = static_cast<std::size_t>(-1);
std::uint32_t largeAllocationCount = 0;
} // namespace

void* operator new(std::size_t size) {
  if (size >= largeAllocationBytes)
    ++largeAllocationCount;
  if (void* block = std::malloc(size == 0 ? 1 : size))
    return block;
  std::abort(); // out of memory: the benchmark cannot go on
}
void operator delete(void* block) noexcept { std::free(block); }
void operator delete(void* block, std::size_t) noexcept { std::free(block); }

namespace {

using emscripten::val;
using rtclab::DataChannel;
using rtclab::PeerConnection;

void settle(const std::string& tag, const nlohmann::json& result) {
  val::global("rtclabBench").call<void>("settle", tag, result.dump());
}

void fail(const std::string& tag, const std::string& what) { settle(tag, {{"error", what}}); }

// --- The payload and the checksum (mirrored in baseline.js) -------------------------------------
// xorshift32 words; word 0 of each message is overwritten with the message's index.
std::vector<std::byte> makePayload(std::size_t size) {
  std::vector<std::byte> payload(size);
  std::uint32_t x = 0x9E3779B9u;
  for (std::size_t offset = 0; offset + 4 <= size; offset += 4) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    std::memcpy(payload.data() + offset, &x, 4);
  }
  return payload;
}

// The sum of a message's 32-bit little-endian words, folded into the running checksum FNV-style:
// order matters, so a lost, repeated or reordered message changes the result.
std::uint32_t checksumStep(std::uint32_t checksum, const std::byte* data, std::size_t size) {
  std::uint32_t sum = 0;
  for (std::size_t offset = 0; offset + 4 <= size; offset += 4) {
    std::uint32_t word = 0;
    std::memcpy(&word, data + offset, 4);
    sum += word;
  }
  return (checksum * 0x01000193u) ^ sum;
}

// --- Data-channel throughput --------------------------------------------------------------------
// Two PeerConnections in this page, candidates handed across directly, one negotiated reliable
// ordered channel ("bench", id 1) on each: `sender` on a, `receiver` on b.
constexpr std::size_t kLowThreshold = 1 << 20; // send more when bufferedAmount drops to 1 MiB...
constexpr std::size_t kHighWater = 4 << 20;    // ...until it is above 4 MiB

struct ChannelLoopback {
  std::optional<PeerConnection> a, b;
  std::optional<DataChannel> sender, receiver;
  int open = 0;

  // The run in progress.
  std::vector<std::byte> payload;
  std::uint32_t count = 0, sent = 0, received = 0;
  std::uint64_t receivedBytes = 0;
  std::uint32_t checksum = 0;
  double startMs = 0;
  bool running = false;

  void setup() {
    auto createdA = PeerConnection::create({});
    auto createdB = PeerConnection::create({});
    if (!std::holds_alternative<PeerConnection>(createdA) ||
        !std::holds_alternative<PeerConnection>(createdB))
      return fail("dc-setup", "new RTCPeerConnection failed");
    a.emplace(std::move(std::get<PeerConnection>(createdA)));
    b.emplace(std::move(std::get<PeerConnection>(createdB)));
    const rtclab::DataChannelInit init{.negotiated = true, .id = 1};
    auto channelA = a->createDataChannel("bench", init);
    auto channelB = b->createDataChannel("bench", init);
    if (!std::holds_alternative<DataChannel>(channelA) ||
        !std::holds_alternative<DataChannel>(channelB))
      return fail("dc-setup", "createDataChannel failed");
    sender.emplace(std::move(std::get<DataChannel>(channelA)));
    receiver.emplace(std::move(std::get<DataChannel>(channelB)));
    sender->onOpen([this] { opened(); });
    receiver->onOpen([this] { opened(); });
    receiver->onMessage([this](rtclab::DataChannelMessage message) { arrived(message); });
    sender->onBufferedAmountLow([this] { pump(); });

    a->onIceCandidate([this](std::optional<rtclab::IceCandidate> candidate) {
      if (candidate)
        b->addIceCandidate(
            *candidate, [] {}, [](rtclab::PeerConnectionError) {});
    });
    b->onIceCandidate([this](std::optional<rtclab::IceCandidate> candidate) {
      if (candidate)
        a->addIceCandidate(
            *candidate, [] {}, [](rtclab::PeerConnectionError) {});
    });
    const auto failed = [](rtclab::PeerConnectionError error) {
      fail("dc-setup", error.describe());
    };
    a->setLocalDescription(
        [this, failed](rtclab::SessionDescription offer) {
          b->setRemoteDescription(
              offer,
              [this, failed] {
                b->setLocalDescription(
                    [this, failed](rtclab::SessionDescription answer) {
                      a->setRemoteDescription(
                          answer, [] {}, failed);
                    },
                    failed);
              },
              failed);
        },
        failed);
  }

  void opened() {
    if (++open == 2) {
      sender->setBufferedAmountLowThreshold(kLowThreshold);
      settle("dc-setup", {{"ok", true}});
    }
  }

  void run(std::uint32_t size, std::uint32_t messages) {
    if (open != 2 || running || size < 4 || size % 4 != 0)
      return fail("dc-run", "not ready, busy, or a size that is not a multiple of 4");
    payload = makePayload(size);
    count = messages;
    sent = received = 0;
    receivedBytes = 0;
    checksum = 0;
    running = true;
    startMs = emscripten_get_now();
    pump();
  }

  // The guide's flow control: send while the browser holds at most kHighWater, then wait for
  // bufferedamountlow.
  void pump() {
    while (running && sent < count && sender->bufferedAmount() <= kHighWater) {
      std::memcpy(payload.data(), &sent, 4);
      if (auto error = sender->send(std::span<const std::byte>(payload))) {
        running = false;
        return fail("dc-run", error->describe());
      }
      ++sent;
    }
  }

  void arrived(const rtclab::DataChannelMessage& message) {
    if (!running)
      return;
    receivedBytes += message.data.size();
    checksum = checksumStep(checksum, message.data.data(), message.data.size());
    if (++received == count) {
      running = false;
      const double ms = emscripten_get_now() - startMs;
      settle("dc-run", {{"path", "cpp"},
                        {"messages", received},
                        {"bytes", receivedBytes},
                        {"checksum", checksum},
                        {"ms", ms}});
    }
  }
};

ChannelLoopback& loopback() {
  static ChannelLoopback instance;
  return instance;
}

// --- Call setup ---------------------------------------------------------------------------------
// Two participants of a 1:1 call in this page (or one: the page is one side of a call between two
// pages), on either C++ path (participants.hpp). Each has its own SignalingClient.
std::array<std::unique_ptr<rtclab::bench::CallBenchParticipant>, 2>& participants() {
  static std::array<std::unique_ptr<rtclab::bench::CallBenchParticipant>, 2> both;
  return both;
}

// `path`: "cpp" (the call layer) or "api" (the typed API alone).
void callPrepare(const std::string& path, const std::string& url, const std::string& room,
                 const std::string& first, const std::string& second) {
  const auto which = path == "api" ? rtclab::bench::CallBenchPath::TypedApi
                                   : rtclab::bench::CallBenchPath::CallLayer;
  participants()[0] = rtclab::bench::makeParticipant(which, url, room, first);
  if (!second.empty())
    participants()[1] = rtclab::bench::makeParticipant(which, url, room, second);
}

bool callSocketsOpen() {
  for (const auto& participant : participants()) {
    if (participant && !participant->socketOpen())
      return false;
  }
  return true;
}

int callJoined() {
  int joined = 0;
  for (const auto& participant : participants()) {
    if (participant && participant->inRoom())
      ++joined;
  }
  return joined;
}

void callJoin() {
  for (const auto& participant : participants()) {
    if (participant)
      participant->join();
  }
}

// How many of the participants see a connection of theirs "connected" (their own view).
int callConnected() {
  int connected = 0;
  for (const auto& participant : participants()) {
    if (participant && participant->connected())
      ++connected;
  }
  return connected;
}

void callHangup() {
  for (auto& participant : participants()) {
    if (participant)
      participant->hangup();
    participant.reset();
  }
}

void dcSetup() { loopback().setup(); }
void dcRun(std::uint32_t size, std::uint32_t messages) { loopback().run(size, messages); }
// Starts counting operator new calls of at least `bytes` (from zero).
void countLargeAllocations(std::uint32_t bytes) {
  largeAllocationBytes = bytes;
  largeAllocationCount = 0;
}
std::uint32_t largeAllocations() { return largeAllocationCount; }

EMSCRIPTEN_BINDINGS(rtclab_bench_client) {
  emscripten::function("dcSetup", &dcSetup);
  emscripten::function("dcRun", &dcRun);
  emscripten::function("callPrepare", &callPrepare);
  emscripten::function("callSocketsOpen", &callSocketsOpen);
  emscripten::function("callJoined", &callJoined);
  emscripten::function("callJoin", &callJoin);
  emscripten::function("callConnected", &callConnected);
  emscripten::function("callHangup", &callHangup);
  emscripten::function("countLargeAllocations", &countLargeAllocations);
  emscripten::function("largeAllocations", &largeAllocations);
}

} // namespace

int main() {
  val::global("rtclabBench").call<void>("started");
  return 0;
}
