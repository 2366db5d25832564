// parseCandidate(): reads one ICE candidate line (RFC 8839 section 5.1):
//   <foundation> <component> <transport> <priority> <address> <port> typ <type>
//   [raddr <address>] [rport <port>] [tcptype <active|passive|so>] [<name> <value>]...
#include "rtclab/ice_candidate.hpp"

#include <utility>

#include "text.hpp"

namespace rtclab {
namespace {

CandidateParseResult failure(std::string message) {
  return CandidateParseResult{{}, std::move(message)};
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// Drops "a=" and "candidate:" so all three spellings of a candidate read the same.
std::string_view withoutPrefixes(std::string_view line) {
  if (line.starts_with("a=")) {
    line.remove_prefix(2);
  }
  if (line.starts_with("candidate:")) {
    line.remove_prefix(10);
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
    line.remove_suffix(1);
  }
  return line;
}

} // namespace

CandidateParseResult parseCandidate(std::string_view line) {
  const auto words = text::splitWords(withoutPrefixes(line));
  if (words.empty()) {
    return failure("empty candidate (an empty candidate marks the end of candidates)");
  }
  constexpr std::size_t kRequiredWords = 8; // 6 fields + "typ" + type
  if (words.size() < kRequiredWords) {
    return failure("too few fields: expected '<foundation> <component> <protocol> <priority> "
                   "<address> <port> typ <type>'");
  }

  CandidateInfo info;
  info.foundation = words[0];
  const auto component = text::parseInteger<int>(words[1]);
  if (!component || *component < 1 || *component > 256) {
    return failure("bad component " + quoted(words[1]) + ": expected 1 (RTP) or 2 (RTCP)");
  }
  info.component = *component;
  info.protocol = text::toLower(words[2]);
  if (info.protocol != "udp" && info.protocol != "tcp") {
    return failure("bad protocol " + quoted(words[2]) + ": expected udp or tcp");
  }
  const auto priority = text::parseInteger<std::uint32_t>(words[3]);
  if (!priority) {
    return failure("bad priority " + quoted(words[3]) + ": expected 0..4294967295");
  }
  info.priority = *priority;
  info.address = words[4];
  const auto port = text::parseInteger<std::uint16_t>(words[5]);
  if (!port) {
    return failure("bad port " + quoted(words[5]) + ": expected 0..65535");
  }
  info.port = *port;
  if (words[6] != "typ") {
    return failure("expected 'typ' after the port, got " + quoted(words[6]));
  }
  const auto type = parseCandidateType(words[7]);
  if (!type) {
    return failure("unknown candidate type " + quoted(words[7]) +
                   ": expected host, srflx, prflx or relay");
  }
  info.type = *type;

  // The rest comes in name/value pairs.
  for (std::size_t i = kRequiredWords; i < words.size(); i += 2) {
    if (i + 1 >= words.size()) {
      return failure(quoted(words[i]) + " has no value");
    }
    const std::string_view name = words[i];
    const std::string_view value = words[i + 1];
    if (name == "raddr") {
      info.relatedAddress = std::string(value);
    } else if (name == "rport") {
      info.relatedPort = text::parseInteger<std::uint16_t>(value);
      if (!info.relatedPort) {
        return failure("bad rport " + quoted(value) + ": expected 0..65535");
      }
    } else if (name == "tcptype") {
      if (value != "active" && value != "passive" && value != "so") {
        return failure("bad tcptype " + quoted(value) + ": expected active, passive or so");
      }
      info.tcpType = std::string(value);
    } else {
      info.extensions.emplace_back(name, value);
    }
  }
  return CandidateParseResult{std::move(info), std::nullopt};
}

} // namespace rtclab
