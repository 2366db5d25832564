#include "rtclab/protocol/messages.hpp"

namespace rtclab::protocol {
namespace {

template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

} // namespace

std::string_view toString(LeaveReason reason) {
  switch (reason) {
  case LeaveReason::left:
    return "leave";
  case LeaveReason::disconnected:
    return "disconnect";
  case LeaveReason::timeout:
    return "timeout";
  }
  return "leave";
}

std::optional<LeaveReason> leaveReasonFromString(std::string_view text) {
  for (LeaveReason reason : {LeaveReason::left, LeaveReason::disconnected, LeaveReason::timeout}) {
    if (toString(reason) == text)
      return reason;
  }
  return std::nullopt;
}

std::string_view typeName(const Message& message) {
  return std::visit(Overloaded{
                        [](const Join&) { return std::string_view("join"); },
                        [](const Joined&) { return std::string_view("joined"); },
                        [](const PeerJoined&) { return std::string_view("peer-joined"); },
                        [](const PeerLeft&) { return std::string_view("peer-left"); },
                        [](const Leave&) { return std::string_view("leave"); },
                        [](const Ping&) { return std::string_view("ping"); },
                        [](const Pong&) { return std::string_view("pong"); },
                        [](const Offer&) { return std::string_view("offer"); },
                        [](const Answer&) { return std::string_view("answer"); },
                        [](const Candidate&) { return std::string_view("candidate"); },
                        [](const Error&) { return std::string_view("error"); },
                    },
                    message);
}

namespace {

bool isNameCharacters(std::string_view text) {
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok)
      return false;
  }
  return true;
}

} // namespace

bool isValidName(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameLength && isNameCharacters(name);
}

bool isValidSecret(std::string_view secret) {
  return secret.size() >= kMinSecretLength && secret.size() <= kMaxSecretLength &&
         isNameCharacters(secret);
}

bool isValidIceServerUrl(std::string_view url) {
  if (url.size() > kMaxIceServerUrlBytes)
    return false;
  for (std::string_view scheme : {"stun:", "stuns:", "turn:", "turns:"}) {
    if (!url.starts_with(scheme) || url.size() == scheme.size())
      continue;
    for (char c : url.substr(scheme.size()))
      if (c <= ' ' || c > '~') // spaces, control characters and non-ASCII bytes
        return false;
    return true;
  }
  return false;
}

bool isValidDisplayName(std::string_view name) {
  if (name.size() > kMaxDisplayNameBytes)
    return false;
  // Decode UTF-8 by hand (RFC 3629): reject overlong forms, surrogates and code points above
  // U+10FFFF, so every accepted name is text any JSON parser and any UI can take.
  std::size_t i = 0;
  while (i < name.size()) {
    const auto lead = static_cast<unsigned char>(name[i]);
    std::uint32_t codePoint = 0;
    std::size_t length = 0;
    std::uint32_t minimum = 0;
    if (lead < 0x80) {
      codePoint = lead;
      length = 1;
    } else if ((lead & 0xE0) == 0xC0) {
      codePoint = lead & 0x1F;
      length = 2;
      minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      codePoint = lead & 0x0F;
      length = 3;
      minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      codePoint = lead & 0x07;
      length = 4;
      minimum = 0x10000;
    } else {
      return false; // a continuation byte or 0xF8-0xFF where a character should start
    }
    if (name.size() - i < length)
      return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(name[i + k]);
      if ((next & 0xC0) != 0x80)
        return false;
      codePoint = (codePoint << 6) | (next & 0x3F);
    }
    if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
      return false;
    if (codePoint < 0x20 || (codePoint >= 0x7F && codePoint <= 0x9F))
      return false; // C0 controls, DEL, C1 controls
    i += length;
  }
  return true;
}

} // namespace rtclab::protocol
