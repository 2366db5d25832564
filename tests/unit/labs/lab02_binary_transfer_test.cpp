// Lab 02's chunked binary transfer: what the sender hands out is what the receiver rebuilds,
// and anything else (a lost, repeated or extra chunk) fails the check. Native and under node.
#include "binary_transfer.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace lab02;

namespace {

constexpr std::size_t kOneMiB = 1024 * 1024;

// Sends `transfer` to completion and returns the chunks as the receiver would get them.
std::vector<std::vector<std::byte>> chunksOf(OutgoingTransfer& transfer) {
  std::vector<std::vector<std::byte>> chunks;
  while (!transfer.finished()) {
    auto chunk = transfer.nextChunk();
    chunks.emplace_back(chunk.begin(), chunk.end());
  }
  return chunks;
}

} // namespace

TEST_CASE("1 MiB goes as 64 chunks of 16 KiB and is reassembled byte for byte") {
  const auto payload = makeTestPattern(kOneMiB);
  OutgoingTransfer outgoing(payload);
  const auto header = outgoing.header();
  CHECK(header.size == kOneMiB);
  CHECK(header.checksum == checksumOf(payload));

  const auto chunks = chunksOf(outgoing);
  CHECK(chunks.size() == 64);
  CHECK(std::all_of(chunks.begin(), chunks.end(),
                    [](const auto& c) { return c.size() == kChunkSize; }));
  CHECK(outgoing.sentBytes() == kOneMiB);
  CHECK(outgoing.nextChunk().empty());

  IncomingTransfer incoming(*TransferHeader::parse(header.toText()));
  for (const auto& chunk : chunks) {
    CHECK_FALSE(incoming.complete());
    REQUIRE(incoming.append(chunk));
  }
  CHECK(incoming.complete());
  CHECK(incoming.verified());
  CHECK(incoming.data() == payload);
}

TEST_CASE("the last chunk is short when the size is not a multiple of the chunk size") {
  OutgoingTransfer outgoing(makeTestPattern(40000));
  const auto chunks = chunksOf(outgoing);
  REQUIRE(chunks.size() == 3);
  CHECK(chunks[2].size() == 40000 - 2 * kChunkSize);
}

TEST_CASE("a reordered or repeated chunk changes the checksum; an extra byte is refused") {
  const auto payload = makeTestPattern(3 * kChunkSize);
  OutgoingTransfer outgoing(payload);
  auto chunks = chunksOf(outgoing);

  IncomingTransfer swapped(outgoing.header());
  for (const auto* chunk : {&chunks[1], &chunks[0], &chunks[2]}) {
    swapped.append(*chunk);
  }
  CHECK(swapped.complete());
  CHECK_FALSE(swapped.verified());

  IncomingTransfer repeated(outgoing.header());
  for (const auto* chunk : {&chunks[0], &chunks[0], &chunks[2]}) {
    repeated.append(*chunk);
  }
  CHECK_FALSE(repeated.verified());

  IncomingTransfer tooMuch(outgoing.header());
  for (const auto& chunk : chunks) {
    tooMuch.append(chunk);
  }
  const std::byte extra[1] = {std::byte{1}};
  CHECK_FALSE(tooMuch.append(extra));
  CHECK(tooMuch.verified()); // the refused byte was not appended
}

TEST_CASE("a checksum fed chunk by chunk equals the one over the whole buffer") {
  const auto payload = makeTestPattern(1000);
  Checksum pieces;
  pieces.update(std::span(payload).first(10));
  pieces.update(std::span(payload).subspan(10));
  CHECK(pieces.value() == checksumOf(payload));
  CHECK(checksumOf({}) == 2166136261u); // FNV-1a of nothing: the offset basis
}

TEST_CASE("only an exact header parses: chat text is never taken for one") {
  CHECK(TransferHeader::parse("/binary 1048576 3735928559") ==
        TransferHeader{1048576, 3735928559u});
  CHECK(TransferHeader{5, 7}.toText() == "/binary 5 7");
  for (const char* text :
       {"hello", "/binary", "/binary 12", "/binary 12 x", "/binary -1 2", "/binary 12 34 ",
        "/binary  12 34", "/binary 12 99999999999", "binary 1 2"}) {
    CAPTURE(text);
    CHECK_FALSE(TransferHeader::parse(text));
  }
}

TEST_CASE("a transfer's size parses only as a positive decimal number") {
  CHECK(lab02::parseByteCount("1048576") == std::size_t{1048576});
  for (const char* text : {"", "0", "-1", "1 MiB", " 12", "12 ", "0x10"}) {
    CAPTURE(text);
    CHECK_FALSE(lab02::parseByteCount(text));
  }
}

TEST_CASE("the receiver follows a transfer from its header to the checksum") {
  lab02::BinaryProgress progress;
  lab02::TransferReceiver receiver(progress);
  CHECK_FALSE(receiver.receiveText("hello")); // chat, not a header
  OutgoingTransfer outgoing(makeTestPattern(40000));
  const auto announced = receiver.receiveText(outgoing.header().toText());
  REQUIRE(announced);
  CHECK(announced->text == "binary transfer of 40000 bytes announced");
  std::optional<lab02::TransferReceiver::Note> last;
  while (!outgoing.finished()) {
    last = receiver.receiveChunk(outgoing.nextChunk());
    CHECK((last.has_value() == outgoing.finished()));
  }
  REQUIRE(last);
  CHECK_FALSE(last->error);
  CHECK(last->text == "40000 bytes reassembled, checksum ok");
  CHECK(progress.received == 40000);
  CHECK(progress.verified);
  CHECK_FALSE(progress.failed);

  const std::byte stray[1] = {std::byte{1}};
  const auto orphan = receiver.receiveChunk(stray); // the transfer is over: nobody expects it
  REQUIRE(orphan);
  CHECK(orphan->error);
  CHECK(progress.failed);
}
