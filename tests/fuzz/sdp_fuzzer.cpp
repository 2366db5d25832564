// Fuzzes parseSdp() and explainSdpLine() (wasm/values), which read SDP text a peer sent: in
// the labs the remote description, i.e. anything. Checks, for any input text:
//   - neither throws nor crashes (libFuzzer reports those itself);
//   - a summary has one media section per m= line, each starting with its m= line, and a
//     failure names a line that exists (or 0 for the text as a whole);
//   - every line gets a non-empty explanation.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "rtclab/session_description.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const rtclab::SdpParseResult result = rtclab::parseSdp(text);

  std::size_t lineCount = 0;
  std::size_t mediaLines = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    const std::size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
    ++lineCount;
    if (line.starts_with("m="))
      ++mediaLines;
    FUZZ_CHECK(!rtclab::explainSdpLine(line).empty());
  }

  if (!result.ok()) {
    FUZZ_CHECK(result.error->lineNumber <= lineCount);
    FUZZ_CHECK(!result.error->message.empty());
    return 0;
  }
  FUZZ_CHECK(result.summary.media.size() <= mediaLines);
  for (const rtclab::MediaSection& section : result.summary.media) {
    FUZZ_CHECK(!section.lines.empty());
    FUZZ_CHECK(section.lines.front().starts_with("m="));
    FUZZ_CHECK(!rtclab::toString(section.direction).empty());
  }
  return 0;
}
