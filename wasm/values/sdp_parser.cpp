// parseSdp(): reads SDP text line by line (RFC 8866: every line is "<letter>=<value>").
// Lines before the first m= belong to the session, the rest to the latest m= section.
// It reads what the SDP viewer shows and stops at the first line it cannot read.
#include "rtclab/session_description.hpp"

#include <utility>

#include "text.hpp"

namespace rtclab {
namespace {

std::optional<MediaDirection> directionFromAttribute(std::string_view name) {
  if (name == "sendrecv") {
    return MediaDirection::SendRecv;
  }
  if (name == "sendonly") {
    return MediaDirection::SendOnly;
  }
  if (name == "recvonly") {
    return MediaDirection::RecvOnly;
  }
  if (name == "inactive") {
    return MediaDirection::Inactive;
  }
  return std::nullopt;
}

// "a=name:value" -> {"name", "value"}; "a=rtcp-mux" -> {"rtcp-mux", ""}.
std::pair<std::string_view, std::string_view> splitAttribute(std::string_view attribute) {
  const std::size_t colon = attribute.find(':');
  if (colon == std::string_view::npos) {
    return {attribute, {}};
  }
  return {attribute.substr(0, colon), attribute.substr(colon + 1)};
}

class SdpReader {
public:
  SdpParseResult read(std::string_view sdp) {
    std::size_t lineNumber = 0;
    text::forEachLine(sdp, [&](std::string_view line) {
      readLine(line, ++lineNumber);
      return !result_.error;
    });
    if (lineNumber == 0) {
      fail(0, "the SDP is empty");
    }
    attachFmtps(); // finish the last section
    if (result_.error) {
      result_.summary = {}; // never hand out half a summary
    }
    return std::move(result_);
  }

private:
  void fail(std::size_t lineNumber, std::string message) {
    if (!result_.error) {
      result_.error = SdpError{lineNumber, std::move(message)};
    }
  }

  void readLine(std::string_view line, std::size_t lineNumber) {
    line_ = lineNumber;
    if (line.size() < 2 || line[1] != '=') {
      fail(line_, "expected '<letter>=<value>', got '" + std::string(line) + "'");
      return;
    }
    const char type = line[0];
    const std::string_view value = line.substr(2);
    if (lineNumber == 1 && line != "v=0") {
      fail(line_, "an SDP starts with 'v=0'");
      return;
    }
    if (type == 'm') {
      startMediaSection(line, value);
      return;
    }
    if (result_.summary.media.empty()) {
      result_.summary.sessionLines.emplace_back(line);
      readSessionLine(type, value);
    } else {
      result_.summary.media.back().lines.emplace_back(line);
      if (type == 'a') {
        readMediaAttribute(value);
      }
    }
  }

  void readSessionLine(char type, std::string_view value) {
    SdpSummary& summary = result_.summary;
    if (type == 'o') {
      const auto words = text::splitWords(value);
      if (words.size() != 6) {
        fail(line_, "o= needs 6 fields: <username> <sess-id> <sess-version> IN IP4 <address>");
        return;
      }
      summary.origin =
          SdpOrigin{std::string(words[0]), std::string(words[1]), std::string(words[2]),
                    std::string(words[3]), std::string(words[4]), std::string(words[5])};
    } else if (type == 's') {
      summary.sessionName = value;
    } else if (type == 'a') {
      const auto [name, attributeValue] = splitAttribute(value);
      if (name == "ice-ufrag") {
        summary.iceUfrag = attributeValue;
      } else if (name == "ice-pwd") {
        summary.icePwd = attributeValue;
      } else if (name == "fingerprint") {
        summary.fingerprint = readFingerprint(attributeValue);
      } else if (name == "group") {
        readGroup(attributeValue);
      } else if (const auto direction = directionFromAttribute(name)) {
        sessionDirection_ = *direction; // the default for every media section
      }
    }
  }

  void startMediaSection(std::string_view line, std::string_view value) {
    const auto words = text::splitWords(value);
    if (words.size() < 4) {
      fail(line_, "m= needs at least 4 fields: <media> <port> <proto> <fmt> ...");
      return;
    }
    // "9/2" would be a port plus a count of ports; only the port matters here.
    const std::string_view portText = words[1].substr(0, words[1].find('/'));
    const auto port = text::parseInteger<std::uint16_t>(portText);
    if (!port) {
      fail(line_, "m= port '" + std::string(words[1]) + "' is not a number in 0..65535");
      return;
    }
    MediaSection section;
    section.kind = words[0];
    section.port = *port;
    section.protocol = words[2];
    section.direction = sessionDirection_;
    for (std::size_t i = 3; i < words.size(); ++i) {
      section.formats.emplace_back(words[i]);
      if (const auto payloadType = text::parseInteger<int>(words[i])) {
        section.payloadTypes.push_back(*payloadType);
      }
    }
    section.lines.emplace_back(line);
    attachFmtps(); // finish the previous section
    result_.summary.media.push_back(std::move(section));
  }

  void readMediaAttribute(std::string_view attribute) {
    MediaSection& section = result_.summary.media.back();
    const auto [name, value] = splitAttribute(attribute);
    if (name == "rtpmap") {
      readRtpmap(value);
    } else if (name == "fmtp") {
      readFmtp(value);
    } else if (name == "mid") {
      section.mid = value;
    } else if (name == "ice-ufrag") {
      section.iceUfrag = value;
    } else if (name == "ice-pwd") {
      section.icePwd = value;
    } else if (name == "fingerprint") {
      section.fingerprint = readFingerprint(value);
    } else if (name == "setup") {
      section.setup = value;
    } else if (name == "rtcp-mux") {
      section.rtcpMux = true;
    } else if (name == "sctp-port") {
      section.sctpPort = text::parseInteger<std::uint16_t>(value);
      if (!section.sctpPort) {
        fail(line_, "a=sctp-port '" + std::string(value) + "' is not a number in 0..65535");
      }
    } else if (name == "candidate") {
      section.candidates.emplace_back(attribute);
    } else if (const auto direction = directionFromAttribute(name)) {
      section.direction = *direction;
    }
  }

  // "111 opus/48000/2"
  void readRtpmap(std::string_view value) {
    const auto words = text::splitWords(value);
    const std::string_view usage =
        "a=rtpmap needs '<payload type> <name>/<clock rate>[/<channels>]'";
    if (words.size() != 2) {
      fail(line_, std::string(usage));
      return;
    }
    const auto payloadType = text::parseInteger<int>(words[0]);
    const std::size_t slash = words[1].find('/');
    if (!payloadType || slash == std::string_view::npos) {
      fail(line_, std::string(usage));
      return;
    }
    const std::string_view rates = words[1].substr(slash + 1);
    const std::size_t secondSlash = rates.find('/');
    const auto clockRate = text::parseInteger<int>(rates.substr(0, secondSlash));
    std::optional<int> channels;
    if (secondSlash != std::string_view::npos) {
      channels = text::parseInteger<int>(rates.substr(secondSlash + 1));
      if (!channels) {
        fail(line_, std::string(usage));
        return;
      }
    }
    if (!clockRate) {
      fail(line_, std::string(usage));
      return;
    }
    result_.summary.media.back().codecs.push_back(
        Codec{*payloadType, std::string(words[1].substr(0, slash)), *clockRate, channels, {}});
  }

  // "111 minptime=10;useinbandfec=1": may come before its a=rtpmap, so it is attached when the
  // section ends.
  void readFmtp(std::string_view value) {
    const std::size_t space = value.find(' ');
    const auto payloadType = text::parseInteger<int>(value.substr(0, space));
    if (!payloadType || space == std::string_view::npos) {
      fail(line_, "a=fmtp needs '<payload type> <parameters>'");
      return;
    }
    pendingFmtps_.emplace_back(*payloadType, std::string(value.substr(space + 1)));
  }

  void attachFmtps() {
    if (result_.summary.media.empty()) {
      return;
    }
    for (const auto& [payloadType, parameters] : pendingFmtps_) {
      for (Codec& codec : result_.summary.media.back().codecs) {
        if (codec.payloadType == payloadType) {
          codec.fmtp = parameters;
        }
      }
    }
    pendingFmtps_.clear();
  }

  // "sha-256 AB:CD:..."
  std::optional<Fingerprint> readFingerprint(std::string_view value) {
    const auto words = text::splitWords(value);
    if (words.size() != 2) {
      fail(line_, "a=fingerprint needs '<hash algorithm> <hex bytes>'");
      return std::nullopt;
    }
    return Fingerprint{text::toLower(words[0]), std::string(words[1])};
  }

  // "BUNDLE 0 1 2"
  void readGroup(std::string_view value) {
    const auto words = text::splitWords(value);
    if (words.empty()) {
      fail(line_, "a=group needs '<semantics> <mid> ...'");
      return;
    }
    SdpGroup group{std::string(words[0]), {}};
    for (std::size_t i = 1; i < words.size(); ++i) {
      group.mids.emplace_back(words[i]);
    }
    result_.summary.groups.push_back(std::move(group));
  }

  SdpParseResult result_;
  std::size_t line_ = 0;
  MediaDirection sessionDirection_ = MediaDirection::SendRecv;
  std::vector<std::pair<int, std::string>> pendingFmtps_; // of the current media section
};

} // namespace

SdpParseResult parseSdp(std::string_view sdp) { return SdpReader{}.read(sdp); }

} // namespace rtclab
