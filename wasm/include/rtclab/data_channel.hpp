// data_channel.hpp: RTCDataChannel, a handle over the browser's object.
//
//   const channel = pc.createDataChannel('chat');    auto channel = pc.createDataChannel("chat");
//   pc.ondatachannel = (event) => event.channel;     pc.onDataChannel([](DataChannel channel) {});
//   channel.onopen = () => channel.send('hi');       channel.onOpen([&] { channel.send("hi"); });
//   channel.onmessage = (event) => event.data;       channel.onMessage([](DataChannelMessage m)
//   {});
//
// Text goes as a JS string; binary goes as bytes. Sending binary hands the browser a view of the
// wasm memory, which it copies once; a received ArrayBuffer is copied once into a vector.
// binaryType is set to "arraybuffer" (the browser default is "blob", which cannot be read
// synchronously).
// Flow control: send() queues; bufferedAmount() is what the browser still holds. Send more only
// while it is low, and resume on onBufferedAmountLow() (fired when it drops to the threshold).
// Lifetime: move-only; destroying the handle unregisters its callbacks but leaves the channel
// open (as dropping a JS reference does); close() closes it.
// MDN: https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel
#pragma once

#include "rtclab/peer_connection_states.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rtclab {

namespace browser {
struct HandleAccess;
}

// event.data of a `message` event: a string, or the bytes of an ArrayBuffer.
struct DataChannelMessage {
  bool isBinary = false;
  std::string text;            // when !isBinary
  std::vector<std::byte> data; // when isBinary
  bool operator==(const DataChannelMessage&) const = default;
};

// Why a data channel call failed, and the readyState it was made in (pure value).
struct DataChannelError {
  std::string name; // "InvalidStateError" (not open), "OperationError" (queue full), ...
  std::string message;
  std::string operation; // "send", or "error event" for the channel's onerror
  DataChannelState readyState = DataChannelState::Connecting;
  // An error event's RTCError: errorDetail ("sctp-failure", "data-channel-failure", ...) and,
  // for an SCTP failure, the SCTP cause code (RFC 4960 section 3.3.10). Empty for send().
  std::string errorDetail;
  std::optional<std::uint16_t> sctpCauseCode;

  bool operator==(const DataChannelError&) const = default;
  // The other side closed its RTCPeerConnection (hung up, left, closed its tab): its SCTP
  // association ends with an ABORT, cause 12 "User-Initiated Abort", which Chromium reports as
  // an error event ("User-Initiated Abort, reason=Close called") before the close event. Not a
  // failure of this side: labs show it as the end of the call, not in red.
  bool closedByPeer() const {
    constexpr std::uint16_t kUserInitiatedAbort = 12;
    return operation == "error event" &&
           (sctpCauseCode == kUserInitiatedAbort || message.starts_with("User-Initiated Abort"));
  }
  // "send failed in state connecting: InvalidStateError: ..."
  std::string describe() const {
    return operation + " failed in state " + std::string(toString(readyState)) + ": " + name +
           ": " + message;
  }
};

class DataChannel {
public:
  DataChannel(DataChannel&&) noexcept;
  DataChannel& operator=(DataChannel&&) noexcept;
  ~DataChannel();

  std::string label() const;
  std::optional<std::uint16_t> id() const; // null until the SCTP stream id is negotiated
  DataChannelState readyState() const;
  std::size_t bufferedAmount() const; // bytes queued by send() but not yet sent
  std::size_t bufferedAmountLowThreshold() const;
  void setBufferedAmountLowThreshold(std::size_t bytes);

  // std::nullopt when the browser accepted the message; an error when the channel is not open
  // (InvalidStateError) or its send queue is full (OperationError). A closing or closed channel
  // refuses on every browser (Firefox itself would drop the message silently).
  std::optional<DataChannelError> send(std::string_view text);
  std::optional<DataChannelError> send(std::span<const std::byte> bytes);
  void close();

  void onOpen(std::function<void()> callback);
  void onClose(std::function<void()> callback);
  void onError(std::function<void(DataChannelError)> callback);
  void onMessage(std::function<void(DataChannelMessage)> callback);
  void onBufferedAmountLow(std::function<void()> callback);

private:
  friend struct browser::HandleAccess;
  struct Impl;
  explicit DataChannel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace rtclab
