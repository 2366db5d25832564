#include "binary_transfer.hpp"

#include <algorithm>
#include <charconv>

namespace lab02 {
namespace {

constexpr std::string_view kHeaderCommand = "/binary ";

// A whole decimal number, nothing before or after it.
template <typename Number> std::optional<Number> parseNumber(std::string_view text) {
  Number value{};
  const auto* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) {
    return std::nullopt;
  }
  return value;
}

} // namespace

std::optional<std::size_t> parseByteCount(std::string_view text) {
  auto size = parseNumber<std::size_t>(text);
  return size && *size > 0 ? size : std::nullopt;
}

std::vector<std::byte> makeTestPattern(std::size_t size) {
  std::vector<std::byte> bytes(size);
  for (std::size_t i = 0; i < size; ++i) {
    // Mixing in i / 251 (a prime) makes every 251-byte stretch differ from the previous one,
    // so a chunk delivered twice or in the wrong place changes the checksum.
    bytes[i] = static_cast<std::byte>((i * 31 + i / 251) & 0xff);
  }
  return bytes;
}

void Checksum::update(std::span<const std::byte> bytes) {
  constexpr std::uint32_t kFnvPrime = 16777619u;
  for (auto byte : bytes) {
    hash_ = (hash_ ^ static_cast<std::uint32_t>(byte)) * kFnvPrime;
  }
}

std::uint32_t checksumOf(std::span<const std::byte> bytes) {
  Checksum checksum;
  checksum.update(bytes);
  return checksum.value();
}

std::string TransferHeader::toText() const {
  return std::string(kHeaderCommand) + std::to_string(size) + " " + std::to_string(checksum);
}

std::optional<TransferHeader> TransferHeader::parse(std::string_view text) {
  if (!text.starts_with(kHeaderCommand)) {
    return std::nullopt;
  }
  text.remove_prefix(kHeaderCommand.size());
  const auto space = text.find(' ');
  if (space == std::string_view::npos) {
    return std::nullopt;
  }
  auto size = parseNumber<std::size_t>(text.substr(0, space));
  auto checksum = parseNumber<std::uint32_t>(text.substr(space + 1));
  if (!size || !checksum) {
    return std::nullopt;
  }
  return TransferHeader{*size, *checksum};
}

OutgoingTransfer::OutgoingTransfer(std::vector<std::byte> payload, std::size_t chunkSize)
    : payload_(std::move(payload)),
      chunkSize_(std::max<std::size_t>(chunkSize, 1)), header_{payload_.size(),
                                                               checksumOf(payload_)} {}

std::span<const std::byte> OutgoingTransfer::nextChunk() {
  const std::size_t length = std::min(chunkSize_, payload_.size() - sent_);
  std::span<const std::byte> chunk(payload_.data() + sent_, length);
  sent_ += length;
  return chunk;
}

IncomingTransfer::IncomingTransfer(TransferHeader header) : header_(header) {
  data_.reserve(header.size);
}

bool IncomingTransfer::append(std::span<const std::byte> chunk) {
  if (chunk.size() > header_.size - data_.size()) {
    return false;
  }
  data_.insert(data_.end(), chunk.begin(), chunk.end());
  checksum_.update(chunk);
  return true;
}

std::optional<TransferReceiver::Note> TransferReceiver::receiveText(std::string_view text) {
  auto header = TransferHeader::parse(text);
  if (!header) {
    return std::nullopt;
  }
  incoming_.emplace(*header);
  return Note{false, "binary transfer of " + std::to_string(header->size) + " bytes announced"};
}

std::optional<TransferReceiver::Note>
TransferReceiver::receiveChunk(std::span<const std::byte> chunk) {
  if (!incoming_ || !incoming_->append(chunk)) {
    progress_.failed = true;
    return Note{true, "binary chunk without an announced transfer, or too many"};
  }
  progress_.received = incoming_->receivedBytes();
  if (!incoming_->complete()) {
    return std::nullopt;
  }
  progress_.verified = incoming_->verified();
  progress_.failed = !progress_.verified;
  Note done{!progress_.verified, std::to_string(incoming_->receivedBytes()) +
                                     " bytes reassembled, checksum " +
                                     (progress_.verified ? "ok" : "WRONG")};
  incoming_.reset();
  return done;
}

} // namespace lab02
