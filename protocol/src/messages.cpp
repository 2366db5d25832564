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

std::string_view typeName(const Message &message) {
  return std::visit(Overloaded{
                        [](const Join &) { return std::string_view("join"); },
                        [](const Joined &) { return std::string_view("joined"); },
                        [](const PeerJoined &) { return std::string_view("peer-joined"); },
                        [](const PeerLeft &) { return std::string_view("peer-left"); },
                        [](const Leave &) { return std::string_view("leave"); },
                        [](const Ping &) { return std::string_view("ping"); },
                        [](const Pong &) { return std::string_view("pong"); },
                        [](const Offer &) { return std::string_view("offer"); },
                        [](const Answer &) { return std::string_view("answer"); },
                        [](const Candidate &) { return std::string_view("candidate"); },
                        [](const Error &) { return std::string_view("error"); },
                    },
                    message);
}

bool isValidName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength)
    return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok)
      return false;
  }
  return true;
}

} // namespace rtclab::protocol
