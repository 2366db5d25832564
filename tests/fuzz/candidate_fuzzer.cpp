// Fuzzes parseCandidate() (wasm/values), which reads the candidate lines a remote peer sends.
// Checks, for any input text:
//   - it never throws or crashes (libFuzzer reports those itself);
//   - an accepted candidate has the field ranges the header promises;
//   - round trip: the fields written back as a candidate line parse to the same candidate.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "rtclab/ice_candidate.hpp"

namespace {

// RFC 8839 section 5.1 order. The trailing space keeps the parser's "\r\n" trimming away from
// a last word that happens to end in '\r' (trimming only applies at the very end of a line).
std::string toLine(const rtclab::CandidateInfo& info) {
  std::string line = "candidate:" + info.foundation + " " + std::to_string(info.component) + " " +
                     info.protocol + " " + std::to_string(info.priority) + " " + info.address +
                     " " + std::to_string(info.port) + " typ " +
                     std::string(rtclab::toString(info.type));
  if (info.relatedAddress)
    line += " raddr " + *info.relatedAddress;
  if (info.relatedPort)
    line += " rport " + std::to_string(*info.relatedPort);
  if (info.tcpType)
    line += " tcptype " + *info.tcpType;
  for (const auto& [name, value] : info.extensions)
    line += " " + name + " " + value;
  return line + " ";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const rtclab::CandidateParseResult result = rtclab::parseCandidate(text);
  if (!result.ok()) {
    FUZZ_CHECK(!result.error->empty());
    return 0;
  }
  const rtclab::CandidateInfo& info = result.candidate;
  FUZZ_CHECK(!info.foundation.empty() && !info.address.empty());
  FUZZ_CHECK(info.protocol == "udp" || info.protocol == "tcp");
  FUZZ_CHECK(info.component >= 1 && info.component <= 256);
  (void)info.isMdns();
  (void)info.extension("ufrag");

  const rtclab::CandidateParseResult again = rtclab::parseCandidate(toLine(info));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again.candidate == info);
  return 0;
}
