#include "rtclab/protocol/codec.hpp"

#include <nlohmann/json.hpp>

namespace rtclab::protocol {
namespace {

// Parsing builds a plain json (a std::map per object: lookups by key, no order kept); what we
// send is built as an ordered_json, which keeps "type" first, for logs and DevTools.
using Json = nlohmann::json;
using OutJson = nlohmann::ordered_json;

template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

// Reads typed fields out of one JSON object. The first problem is recorded and later reads
// return defaults, so a parse function reads its fields straight through and checks once.
class FieldReader {
public:
  explicit FieldReader(const Json& object) : object_(object) {}

  const std::optional<ParseError>& error() const { return error_; }

  std::string requiredString(const char* key, std::size_t maxBytes) {
    const Json* value = find(key);
    if (!value) {
      fail(ErrorCode::missingField, std::string("missing field '") + key + "'");
      return {};
    }
    return checkedString(key, *value, maxBytes);
  }

  // Absent and null both mean "not given" (JavaScript sends sdpMid: null).
  std::optional<std::string> optionalString(const char* key, std::size_t maxBytes) {
    const Json* value = find(key);
    if (!value || value->is_null())
      return std::nullopt;
    return checkedString(key, *value, maxBytes);
  }

  std::string requiredName(const char* key, ErrorCode invalid) {
    std::string name = requiredString(key, SIZE_MAX);
    checkName(key, name, invalid);
    return name;
  }

  std::optional<std::string> optionalName(const char* key, ErrorCode invalid) {
    std::optional<std::string> name = optionalString(key, SIZE_MAX);
    if (name)
      checkName(key, *name, invalid);
    return name;
  }

  std::optional<std::uint32_t> optionalIndex(const char* key, std::uint32_t maximum) {
    const Json* value = find(key);
    if (!value || value->is_null())
      return std::nullopt;
    if (!value->is_number_integer()) {
      fail(ErrorCode::wrongType, std::string("field '") + key + "' must be an integer");
      return std::nullopt;
    }
    if (value->is_number_unsigned()) {
      auto number = value->get<std::uint64_t>();
      if (number <= maximum)
        return static_cast<std::uint32_t>(number);
    }
    fail(ErrorCode::invalidValue,
         std::string("field '") + key + "' must be 0-" + std::to_string(maximum));
    return std::nullopt;
  }

  // Join::secret: absent or null means "" (none); present, it must be a whole secret, never a
  // short one (a guessable secret would let anyone take over that participant's id).
  std::string optionalSecret(const char* key) {
    std::optional<std::string> secret = optionalString(key, SIZE_MAX);
    if (!error_ && secret && !isValidSecret(*secret))
      fail(ErrorCode::invalidValue,
           std::string("field '") + key + "' must be " + std::to_string(kMinSecretLength) + "-" +
               std::to_string(kMaxSecretLength) + " characters of [A-Za-z0-9_-]");
    return secret.value_or("");
  }

  // Sessions: absent or null means "" (not told); present, 1-64 characters of [A-Za-z0-9_-].
  std::string optionalSession(const char* key) {
    std::optional<std::string> session = optionalString(key, SIZE_MAX);
    if (!error_ && session && !isValidName(*session))
      fail(ErrorCode::invalidValue,
           std::string("field '") + key + "' must be 1-64 characters of [A-Za-z0-9_-]");
    return session.value_or("");
  }

  // Display names: optional, absent or null means "".
  std::string optionalDisplayName(const char* key) {
    std::string name = optionalString(key, SIZE_MAX).value_or("");
    if (!error_ && !isValidDisplayName(name))
      fail(ErrorCode::badName, std::string("field '") + key +
                                   "' must be 0-64 bytes of UTF-8 without control characters");
    return name;
  }

  // Absent means kVersion; present, it must be exactly kVersion (the only version there is).
  int optionalVersion(const char* key) {
    const Json* value = find(key);
    if (!value || value->is_null())
      return kVersion;
    if (!value->is_number_integer()) {
      fail(ErrorCode::wrongType, std::string("field '") + key + "' must be an integer");
      return kVersion;
    }
    if (!value->is_number_unsigned() || value->get<std::uint64_t>() != kVersion) {
      fail(ErrorCode::unsupportedVersion,
           "this server speaks protocol version " + std::to_string(kVersion));
      return kVersion;
    }
    return kVersion;
  }

  // [{"id":"p1","name":"alice"}, ...]
  std::vector<PeerInfo> requiredPeerList(const char* key) {
    const Json* value = find(key);
    if (!value) {
      fail(ErrorCode::missingField, std::string("missing field '") + key + "'");
      return {};
    }
    if (!value->is_array()) {
      fail(ErrorCode::wrongType, std::string("field '") + key + "' must be an array");
      return {};
    }
    std::vector<PeerInfo> peers;
    for (const Json& item : *value) {
      if (!item.is_object()) {
        fail(ErrorCode::wrongType, std::string("field '") + key + "' must hold objects");
        return {};
      }
      FieldReader itemFields(item);
      PeerInfo peer;
      peer.id = itemFields.requiredName("id", ErrorCode::badPeerId);
      peer.name = itemFields.optionalDisplayName("name");
      peer.session = itemFields.optionalSession("session");
      if (itemFields.error()) {
        fail(itemFields.error()->code, itemFields.error()->message + " (in '" + key + "')");
        return {};
      }
      peers.push_back(std::move(peer));
    }
    return peers;
  }

  // Unix seconds: absent or null means not given; present, an integer 0-2^53.
  std::optional<std::uint64_t> optionalUnixSeconds(const char* key) {
    const Json* value = find(key);
    if (!value || value->is_null())
      return std::nullopt;
    if (!value->is_number_integer()) {
      fail(ErrorCode::wrongType, std::string("field '") + key + "' must be an integer");
      return std::nullopt;
    }
    if (value->is_number_unsigned() && value->get<std::uint64_t>() <= kMaxUnixSeconds)
      return value->get<std::uint64_t>();
    fail(ErrorCode::invalidValue, std::string("field '") + key + "' must be 0-2^53 (Unix seconds)");
    return std::nullopt;
  }

  // [{"urls":["stun:..."]},{"urls":["turn:..."],"username":"...","credential":"..."}]: absent or
  // null means none. Unknown fields inside an entry are ignored, as everywhere else.
  std::vector<IceServer> optionalIceServers(const char* key) {
    const Json* value = find(key);
    if (!value || value->is_null())
      return {};
    if (!value->is_array()) {
      fail(ErrorCode::wrongType, std::string("field '") + key + "' must be an array");
      return {};
    }
    if (value->size() > kMaxIceServers) {
      fail(ErrorCode::tooLarge, std::string("field '") + key + "' has more than " +
                                    std::to_string(kMaxIceServers) + " entries");
      return {};
    }
    std::vector<IceServer> servers;
    for (const Json& item : *value) {
      if (!item.is_object()) {
        fail(ErrorCode::wrongType, std::string("field '") + key + "' must hold objects");
        return {};
      }
      FieldReader itemFields(item);
      IceServer server;
      server.urls = itemFields.requiredIceServerUrls("urls");
      server.username = itemFields.optionalString("username", kMaxIceCredentialBytes).value_or("");
      server.credential =
          itemFields.optionalString("credential", kMaxIceCredentialBytes).value_or("");
      if (itemFields.error()) {
        fail(itemFields.error()->code, itemFields.error()->message + " (in '" + key + "')");
        return {};
      }
      servers.push_back(std::move(server));
    }
    return servers;
  }

private:
  // An RTCIceServer's urls, always an array here (the W3C type also allows one string; the
  // server never sends that, and one spelling keeps the check simple).
  std::vector<std::string> requiredIceServerUrls(const char* key) {
    const Json* value = find(key);
    if (!value) {
      fail(ErrorCode::missingField, std::string("missing field '") + key + "'");
      return {};
    }
    if (!value->is_array()) {
      fail(ErrorCode::wrongType, std::string("field '") + key + "' must be an array");
      return {};
    }
    if (value->empty() || value->size() > kMaxIceServerUrls) {
      fail(ErrorCode::invalidValue, std::string("field '") + key + "' must hold 1-" +
                                        std::to_string(kMaxIceServerUrls) + " URLs");
      return {};
    }
    std::vector<std::string> urls;
    for (const Json& item : *value) {
      std::string url = checkedString(key, item, kMaxIceServerUrlBytes);
      if (error_)
        return {};
      if (!isValidIceServerUrl(url)) {
        fail(ErrorCode::invalidValue,
             std::string("field '") + key + "' must hold stun:, stuns:, turn: or turns: URLs");
        return {};
      }
      urls.push_back(std::move(url));
    }
    return urls;
  }

  const Json* find(const char* key) const {
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  void fail(ErrorCode code, std::string message) {
    if (!error_)
      error_ = ParseError{code, std::move(message)};
  }

  std::string checkedString(const char* key, const Json& value, std::size_t maxBytes) {
    if (!value.is_string()) {
      fail(ErrorCode::wrongType, std::string("field '") + key + "' must be a string");
      return {};
    }
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > maxBytes) {
      fail(ErrorCode::tooLarge,
           std::string("field '") + key + "' is over " + std::to_string(maxBytes) + " bytes");
      return {};
    }
    return text;
  }

  void checkName(const char* key, const std::string& name, ErrorCode invalid) {
    if (!error_ && !isValidName(name))
      fail(invalid, std::string("field '") + key + "' must be 1-64 characters of [A-Za-z0-9_-]");
  }

  const Json& object_;
  std::optional<ParseError> error_;
};

template <typename Relay> Relay readRelay(FieldReader& fields) {
  Relay relay;
  relay.to = fields.requiredName("to", ErrorCode::badPeerId);
  relay.from = fields.optionalName("from", ErrorCode::badPeerId);
  relay.sdp = fields.requiredString("sdp", kMaxSdpBytes);
  return relay;
}

std::optional<Message> readMessage(std::string_view type, FieldReader& fields) {
  if (type == "join") {
    Join join;
    join.room = fields.requiredName("room", ErrorCode::badRoom);
    join.name = fields.optionalDisplayName("name");
    join.version = fields.optionalVersion("version");
    join.token = fields.optionalString("token", kMaxTokenBytes).value_or("");
    join.secret = fields.optionalSecret("secret");
    join.session = fields.optionalSession("session");
    join.capacity = fields.optionalIndex("capacity", kMaxCapacity).value_or(0);
    return join;
  }
  if (type == "joined") {
    Joined joined;
    joined.room = fields.requiredName("room", ErrorCode::badRoom);
    joined.peer = fields.requiredName("peer", ErrorCode::badPeerId);
    joined.name = fields.optionalDisplayName("name");
    joined.peers = fields.requiredPeerList("peers");
    joined.version = static_cast<int>(fields.optionalIndex("version", 1000000).value_or(kVersion));
    joined.iceServers = fields.optionalIceServers("iceServers");
    joined.iceServersExpireAt = fields.optionalUnixSeconds("iceServersExpireAt");
    return joined;
  }
  if (type == "peer-joined") {
    PeerJoined joined;
    joined.peer = fields.requiredName("peer", ErrorCode::badPeerId);
    joined.name = fields.optionalDisplayName("name");
    joined.session = fields.optionalSession("session");
    return joined;
  }
  if (type == "peer-left") {
    PeerLeft left{fields.requiredName("peer", ErrorCode::badPeerId), LeaveReason::left};
    auto reason = fields.requiredString("reason", kMaxNameLength);
    if (!fields.error()) {
      auto known = leaveReasonFromString(reason);
      if (!known)
        return std::nullopt; // reported by the caller as invalid-value
      left.reason = *known;
    }
    return left;
  }
  if (type == "leave")
    return Leave{};
  if (type == "ping")
    return Ping{fields.optionalIndex("id", UINT32_MAX)};
  if (type == "pong")
    return Pong{fields.optionalIndex("id", UINT32_MAX)};
  if (type == "offer")
    return readRelay<Offer>(fields);
  if (type == "answer")
    return readRelay<Answer>(fields);
  if (type == "candidate") {
    Candidate candidate;
    candidate.to = fields.requiredName("to", ErrorCode::badPeerId);
    candidate.from = fields.optionalName("from", ErrorCode::badPeerId);
    candidate.candidate = fields.requiredString("candidate", kMaxCandidateLength);
    candidate.sdpMid = fields.optionalString("sdpMid", kMaxSdpMidLength);
    candidate.sdpMLineIndex = fields.optionalIndex("sdpMLineIndex", kMaxSdpMLineIndex);
    candidate.usernameFragment =
        fields.optionalString("usernameFragment", kMaxUsernameFragmentBytes);
    return candidate;
  }
  if (type == "error") {
    Error error;
    auto code = fields.requiredString("code", kMaxNameLength);
    error.message = fields.requiredString("message", kMaxErrorTextLength);
    if (!fields.error()) {
      auto known = errorCodeFromString(code);
      if (!known)
        return std::nullopt;
      error.code = *known;
    }
    return error;
  }
  return std::nullopt;
}

bool isKnownType(std::string_view type) {
  for (std::string_view known : {"join", "joined", "peer-joined", "peer-left", "leave", "ping",
                                 "pong", "offer", "answer", "candidate", "error"}) {
    if (type == known)
      return true;
  }
  return false;
}

void putFrom(OutJson& json, const std::optional<std::string>& from) {
  if (from)
    json["from"] = *from;
}

OutJson toJson(const Message& message) {
  OutJson json;
  json["type"] = typeName(message);
  std::visit(Overloaded{
                 [&](const Join& m) {
                   json["room"] = m.room;
                   if (!m.name.empty())
                     json["name"] = m.name;
                   json["version"] = m.version;
                   if (!m.token.empty())
                     json["token"] = m.token;
                   if (!m.secret.empty())
                     json["secret"] = m.secret;
                   if (!m.session.empty())
                     json["session"] = m.session;
                   if (m.capacity != 0)
                     json["capacity"] = m.capacity;
                 },
                 [&](const Joined& m) {
                   json["room"] = m.room;
                   json["peer"] = m.peer;
                   json["name"] = m.name;
                   OutJson peers = OutJson::array();
                   for (const PeerInfo& peer : m.peers) {
                     OutJson item{{"id", peer.id}, {"name", peer.name}};
                     if (!peer.session.empty())
                       item["session"] = peer.session;
                     peers.push_back(std::move(item));
                   }
                   json["peers"] = std::move(peers);
                   json["version"] = m.version;
                   if (!m.iceServers.empty()) {
                     OutJson servers = OutJson::array();
                     for (const IceServer& server : m.iceServers) {
                       OutJson item{{"urls", server.urls}};
                       if (!server.username.empty())
                         item["username"] = server.username;
                       if (!server.credential.empty())
                         item["credential"] = server.credential;
                       servers.push_back(std::move(item));
                     }
                     json["iceServers"] = std::move(servers);
                   }
                   if (m.iceServersExpireAt)
                     json["iceServersExpireAt"] = *m.iceServersExpireAt;
                 },
                 [&](const PeerJoined& m) {
                   json["peer"] = m.peer;
                   json["name"] = m.name;
                   if (!m.session.empty())
                     json["session"] = m.session;
                 },
                 [&](const PeerLeft& m) {
                   json["peer"] = m.peer;
                   json["reason"] = toString(m.reason);
                 },
                 [&](const Leave&) {},
                 [&](const Ping& m) {
                   if (m.id)
                     json["id"] = *m.id;
                 },
                 [&](const Pong& m) {
                   if (m.id)
                     json["id"] = *m.id;
                 },
                 [&](const Offer& m) {
                   json["to"] = m.to;
                   putFrom(json, m.from);
                   json["sdp"] = m.sdp;
                 },
                 [&](const Answer& m) {
                   json["to"] = m.to;
                   putFrom(json, m.from);
                   json["sdp"] = m.sdp;
                 },
                 [&](const Candidate& m) {
                   json["to"] = m.to;
                   putFrom(json, m.from);
                   json["candidate"] = m.candidate;
                   if (m.sdpMid)
                     json["sdpMid"] = *m.sdpMid;
                   if (m.sdpMLineIndex)
                     json["sdpMLineIndex"] = *m.sdpMLineIndex;
                   if (m.usernameFragment)
                     json["usernameFragment"] = *m.usernameFragment;
                 },
                 [&](const Error& m) {
                   json["code"] = toString(m.code);
                   json["message"] = m.message;
                 },
             },
             message);
  return json;
}

} // namespace

ParseResult parse(std::string_view text) {
  // allow_exceptions=false: malformed text yields a "discarded" value instead of throwing.
  Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded())
    return ParseError{ErrorCode::notJson, "not valid JSON text"};
  if (!json.is_object())
    return ParseError{ErrorCode::notObject, "a message must be a JSON object"};
  auto typeField = json.find("type");
  if (typeField == json.end())
    return ParseError{ErrorCode::missingField, "missing field 'type'"};
  if (!typeField->is_string())
    return ParseError{ErrorCode::wrongType, "field 'type' must be a string"};
  const auto& type = typeField->get_ref<const std::string&>();
  if (!isKnownType(type)) {
    std::string shown =
        type.size() > kMaxNameLength ? type.substr(0, kMaxNameLength) + "..." : type;
    return ParseError{ErrorCode::unknownType, "unknown message type '" + shown + "'"};
  }

  FieldReader fields(json);
  std::optional<Message> message = readMessage(type, fields);
  if (fields.error())
    return *fields.error();
  if (!message)
    return ParseError{ErrorCode::invalidValue, "field 'reason' or 'code' has an unknown value"};
  return std::move(*message);
}

bool withFromAppends(std::string_view text) {
  // The fast path inserts the field before the object's closing '}', so that brace must be the
  // text's last character but whitespace: after it the parser may still accept bytes (a NUL ends
  // the input for it) that hold a '}' of their own. A NUL can only stand outside the object (JSON
  // strings hold it escaped), so a text with one, whatever follows it, is rebuilt instead. Text
  // containing `from` or a \u escape (which could spell it) may carry a "from" key already.
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  return last != std::string_view::npos && text[last] == '}' &&
         text.find('\0') == std::string_view::npos && text.find("from") == std::string_view::npos &&
         text.find("\\u") == std::string_view::npos;
}

std::optional<std::string> withFrom(std::string_view text, std::string_view from) {
  if (!isValidName(from))
    return std::nullopt;
  if (!withFromAppends(text)) {
    // The text may carry a "from" of its own (perhaps spelled with \u escapes): rebuild it as
    // an ordered JSON tree, which keeps every field, unknown ones included, in order.
    OutJson json = OutJson::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object())
      return std::nullopt;
    json["from"] = std::string(from);
    return json.dump(-1, ' ', false, OutJson::error_handler_t::replace);
  }
  return appendFrom(text, from);
}

std::string appendFrom(std::string_view object, std::string_view from) {
  // A JSON object ends with '}' and, having "type", is not empty: the new field goes before it.
  const std::size_t end = object.find_last_not_of(" \t\r\n");
  constexpr std::string_view kKey = R"(,"from":")";
  std::string out;
  out.reserve(object.size() + kKey.size() + from.size() + 1);
  out.append(object.substr(0, end));
  out.append(kKey);
  out.append(from);
  out.push_back('"');
  out.append(object.substr(end));
  return out;
}

std::string serialize(const Message& message) {
  // replace: a string that is not valid UTF-8 is sent with U+FFFD instead of throwing.
  return toJson(message).dump(-1, ' ', false, OutJson::error_handler_t::replace);
}

} // namespace rtclab::protocol
