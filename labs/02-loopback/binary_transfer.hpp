// binary_transfer.hpp: Lab 02's binary transfer over a data channel, pure C++ (tested natively
// and under node in tests/unit/labs/lab02_binary_transfer_test.cpp).
//
// A data channel carries messages, and a browser refuses or stalls on very large ones, so a big
// buffer goes as a series of chunks. The sender first announces the transfer with a text message
// ("/binary <size> <checksum>", see TransferHeader), then sends the chunks, each a binary
// message; the receiver appends them until it has `size` bytes and compares the checksum.
// How fast the chunks go is the browser's business: the sender sends while the channel's
// bufferedAmount is below kBufferedAmountHighWater and waits for `bufferedamountlow` otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lab02 {

// 16 KiB: the message size every browser delivers without fragmentation trouble.
constexpr std::size_t kChunkSize = 16 * 1024;
// Send while the browser queues less than this; resume when it falls to the low threshold.
constexpr std::size_t kBufferedAmountHighWater = 1024 * 1024;
constexpr std::size_t kBufferedAmountLowThreshold = 256 * 1024;

// "1048576" -> 1048576: a transfer's size as the send-binary action gets it; std::nullopt for
// anything but a positive decimal number.
std::optional<std::size_t> parseByteCount(std::string_view text);

// Bytes whose value depends on their position, so a lost, repeated or reordered chunk changes
// the checksum.
std::vector<std::byte> makeTestPattern(std::size_t size);

// 32-bit FNV-1a, fed chunk by chunk: the same value as over the whole buffer at once.
class Checksum {
public:
  void update(std::span<const std::byte> bytes);
  std::uint32_t value() const { return hash_; }

private:
  std::uint32_t hash_ = 2166136261u; // the FNV offset basis
};
std::uint32_t checksumOf(std::span<const std::byte> bytes);

// The text message that announces a transfer: "/binary 1048576 3735928559".
struct TransferHeader {
  std::size_t size = 0;
  std::uint32_t checksum = 0;
  bool operator==(const TransferHeader&) const = default;
  std::string toText() const;
  // std::nullopt for any text that is not exactly a header (so chat text is never mistaken).
  static std::optional<TransferHeader> parse(std::string_view text);
};

// The sender's side: hands out the payload one chunk at a time.
class OutgoingTransfer {
public:
  explicit OutgoingTransfer(std::vector<std::byte> payload, std::size_t chunkSize = kChunkSize);
  TransferHeader header() const { return header_; }
  bool finished() const { return sent_ == payload_.size(); }
  // The next chunk (empty once finished()); counts as sent.
  std::span<const std::byte> nextChunk();
  std::size_t sentBytes() const { return sent_; }
  std::size_t totalBytes() const { return payload_.size(); }

private:
  std::vector<std::byte> payload_;
  std::size_t chunkSize_;
  std::size_t sent_ = 0;
  TransferHeader header_;
};

// The receiver's side: reassembles the chunks and checks the result against the header.
class IncomingTransfer {
public:
  explicit IncomingTransfer(TransferHeader header);
  // Appends a chunk; false (and nothing appended) when it would exceed the announced size.
  bool append(std::span<const std::byte> chunk);
  std::size_t receivedBytes() const { return data_.size(); }
  std::size_t expectedBytes() const { return header_.size; }
  bool complete() const { return data_.size() == header_.size; }
  // Complete, and the checksum of what arrived equals the announced one.
  bool verified() const { return complete() && checksum_.value() == header_.checksum; }
  std::uint32_t checksum() const { return checksum_.value(); }
  const std::vector<std::byte>& data() const { return data_; }

private:
  TransferHeader header_;
  std::vector<std::byte> data_;
  Checksum checksum_;
};

// How the transfer from A to B is going (the panel's progress bar, labState()'s "binary").
struct BinaryProgress {
  std::size_t total = 0;    // announced by A's header
  std::size_t sent = 0;     // handed to channel.send() by A
  std::size_t received = 0; // reassembled at B
  bool verified = false;    // B has `total` bytes and their checksum matches
  bool failed = false;      // B got more bytes than announced, or a wrong checksum
};

// B's end of the transfers: a header announces one, binary messages fill it, and `progress`
// follows along. Each call returns the line for B's log, if any.
class TransferReceiver {
public:
  struct Note {
    bool error = false;
    std::string text;
  };
  explicit TransferReceiver(BinaryProgress& progress) : progress_(progress) {}
  // A text message: a Note when it is a transfer's header (a new transfer starts, an unfinished
  // one is dropped); std::nullopt when it is not one (it is chat).
  std::optional<Note> receiveText(std::string_view text);
  // A binary message: a Note when the transfer completed (checksum ok or not) or the chunk had
  // no transfer to go to; std::nullopt while the transfer goes on.
  std::optional<Note> receiveChunk(std::span<const std::byte> chunk);
  void reset() { incoming_.reset(); }

private:
  BinaryProgress& progress_;
  std::optional<IncomingTransfer> incoming_;
};

} // namespace lab02
