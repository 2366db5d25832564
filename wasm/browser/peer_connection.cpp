// PeerConnection over the browser's RTCPeerConnection (emscripten::val, through the bridge).
//
// [SECTION] index, in the order of peer_connection.hpp:
//   helpers            JS values -> SessionDescription, IceCandidate, StatsReport, states, errors
//   Impl               the JS object, its listeners, callAsync() (promise -> callbacks), senders
//   Media              addTrack, removeTrack, replaceTrack, ontrack
//   Data channels      createDataChannel, ondatachannel
//   Offer / answer     createOffer/Answer, setLocal/RemoteDescription (with and without argument),
//                      the SCTP transport's maxMessageSize they settle on
//   ICE                onicecandidate, onicecandidateerror, addIceCandidate, restartIce
//   States             the four states and their change events
//   Stats              getStats, close
#include "rtclab/peer_connection.hpp"

#include "rtclab/media_stream.hpp"

#include "bridge.hpp"
#include "handle_access.hpp"

#include <map>

namespace rtclab {

using emscripten::val;

namespace {

std::optional<SessionDescription> toSessionDescription(const val& description) {
  if (description.isNull() || description.isUndefined()) {
    return std::nullopt;
  }
  auto type = parseSdpType(bridge::stringProperty(description, bridge::key<"type">()));
  if (!type) {
    return std::nullopt;
  }
  return SessionDescription{*type, bridge::stringProperty(description, bridge::key<"sdp">())};
}

IceCandidate toIceCandidate(const val& candidate) {
  IceCandidate result;
  result.candidate = bridge::stringProperty(candidate, bridge::key<"candidate">());
  if (val mid = candidate[bridge::key<"sdpMid">()]; mid.isString()) {
    result.sdpMid = mid.as<std::string>();
  }
  if (val index = candidate[bridge::key<"sdpMLineIndex">()]; index.isNumber()) {
    result.sdpMLineIndex = index.as<int>();
  }
  if (val ufrag = candidate[bridge::key<"usernameFragment">()]; ufrag.isString()) {
    result.usernameFragment = ufrag.as<std::string>();
  }
  return result;
}

// RTCStatsReport is a Map of id -> stats object; parseStats() reads an array of those objects.
StatsReport toStatsReport(const val& report) {
  val records = val::global("Array").call<val>("from", report.call<val>("values"));
  const auto text = val::global("JSON").call<std::string>("stringify", records);
  return parseStats(nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false));
}

// pc[attribute] as its enum; `fallback` only if a browser ever reports a string the spec lacks.
template <typename State>
State readState(const val& pc, const val& attribute,
                std::optional<State> (*parse)(std::string_view), State fallback) {
  return parse(bridge::stringProperty(pc, attribute)).value_or(fallback);
}

PeerConnectionError errorOf(const bridge::JsError& error, std::string operation,
                            SignalingState calledIn) {
  return {error.name, error.message, std::move(operation), calledIn};
}

// What a method of a moved-from PeerConnection reports (bridge::checkHandle logged it).
PeerConnectionError movedFromError(std::string operation) {
  return {"InvalidStateError", "this PeerConnection handle was moved from", std::move(operation),
          SignalingState::Closed};
}

} // namespace

struct PeerConnection::Impl {
  explicit Impl(val jsPeerConnection) : pc(std::move(jsPeerConnection)) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() { close(); }

  // Handlers and pending promises go first, so nothing pc.close() sets off reaches C++.
  void close() {
    listeners.clear();
    if (!closed) {
      closed = true;
      pc.call<void>("close");
    }
  }

  SignalingState signalingState() const {
    return readState(pc, bridge::key<"signalingState">(), parseSignalingState,
                     SignalingState::Closed);
  }

  // pc.on<event> = () => callback(pc[attribute]). The state is read in the handler, before the
  // callback runs; the callback may destroy this connection, and nothing touches it afterwards.
  template <typename State>
  void onStateChange(const char* handler, const val& attribute,
                     std::optional<State> (*parse)(std::string_view), State fallback,
                     std::function<void(State)> callback) {
    listeners.setHandler(pc, handler,
                         [pc = pc, attribute, parse, fallback, cb = std::move(callback)](val) {
                           cb(readState(pc, attribute, parse, fallback));
                         });
  }

  // pc[method](args...) returns a promise: settle it into onValue or a PeerConnectionError
  // naming `operation` and the signaling state at the time of the call.
  template <typename... Args>
  void callAsync(const char* method, std::string operation, std::function<void(val)> onValue,
                 ErrorCallback onError, Args&&... args) {
    callAsyncIn(signalingState(), method, std::move(operation), std::move(onValue),
                std::move(onError), std::forward<Args>(args)...);
  }
  // The same, for a caller that has just read the signaling state.
  template <typename... Args>
  void callAsyncIn(SignalingState calledIn, const char* method, std::string operation,
                   std::function<void(val)> onValue, ErrorCallback onError, Args&&... args) {
    auto call = bridge::callMethod(pc, method, std::forward<Args>(args)...);
    if (!call.ok()) {
      onError(errorOf(*call.error, std::move(operation), calledIn));
      return;
    }
    listeners.then(call.value, std::move(onValue),
                   [operation, calledIn, onError = std::move(onError)](bridge::JsError error) {
                     onError(errorOf(error, operation, calledIn));
                   });
  }

  val pc;
  bool closed = false;
  bridge::Listeners listeners;
  std::map<std::uint32_t, val> senders; // RtpSender::id -> RTCRtpSender
  std::uint32_t nextSenderId = 1;
};

OrPeerConnectionError<PeerConnection> PeerConnection::create(const Configuration& configuration) {
  auto created = bridge::construct("RTCPeerConnection", bridge::toJs(configuration.toJson()));
  if (!created.ok()) {
    return PeerConnectionError{created.error->name, created.error->message,
                               "new RTCPeerConnection(" + configuration.toJson().dump() + ")",
                               SignalingState::Stable};
  }
  return PeerConnection(std::make_unique<Impl>(std::move(created.value)));
}

PeerConnection::PeerConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PeerConnection::PeerConnection(PeerConnection&&) noexcept = default;
PeerConnection& PeerConnection::operator=(PeerConnection&&) noexcept = default;
PeerConnection::~PeerConnection() = default;

// --- Media --------------------------------------------------------------------------------

OrPeerConnectionError<RtpSender> PeerConnection::addTrack(const MediaStreamTrack& track,
                                                          const MediaStream& stream) {
  RTCLAB_CHECK_HANDLE("PeerConnection::addTrack", movedFromError("addTrack"));
  const auto calledIn = impl_->signalingState();
  auto call = bridge::callMethod(impl_->pc, "addTrack", browser::HandleAccess::js(track),
                                 browser::HandleAccess::js(stream));
  if (!call.ok()) {
    return errorOf(*call.error, "addTrack(" + track.kind() + ")", calledIn);
  }
  const auto id = impl_->nextSenderId++;
  impl_->senders.emplace(id, call.value);
  return RtpSender{id, track.id(), track.kind()};
}

std::optional<PeerConnectionError> PeerConnection::removeTrack(const RtpSender& sender) {
  RTCLAB_CHECK_HANDLE("PeerConnection::removeTrack", movedFromError("removeTrack"));
  const auto calledIn = impl_->signalingState();
  auto found = impl_->senders.find(sender.id);
  if (found == impl_->senders.end()) {
    return PeerConnectionError{"InvalidAccessError",
                               "this sender does not belong to this connection", "removeTrack",
                               calledIn};
  }
  auto call = bridge::callMethod(impl_->pc, "removeTrack", found->second);
  if (!call.ok()) {
    return errorOf(*call.error, "removeTrack(" + sender.kind + ")", calledIn);
  }
  impl_->senders.erase(found);
  return std::nullopt;
}

void PeerConnection::replaceTrack(const RtpSender& sender, const MediaStreamTrack* track,
                                  std::function<void()> onSuccess, ErrorCallback onError) {
  if (!bridge::checkHandle(impl_.get(), "PeerConnection::replaceTrack")) {
    onError(movedFromError("replaceTrack"));
    return;
  }
  auto found = impl_->senders.find(sender.id);
  if (found == impl_->senders.end()) {
    onError({"InvalidAccessError", "this sender does not belong to this connection", "replaceTrack",
             impl_->signalingState()});
    return;
  }
  const auto calledIn = impl_->signalingState();
  auto call = bridge::callMethod(found->second, "replaceTrack",
                                 track ? browser::HandleAccess::js(*track) : val::null());
  const std::string operation = "replaceTrack(" + (track ? track->kind() : "null") + ")";
  if (!call.ok()) {
    onError(errorOf(*call.error, operation, calledIn));
    return;
  }
  impl_->listeners.then(
      call.value, [cb = std::move(onSuccess)](val) { cb(); },
      [operation, calledIn, onError = std::move(onError)](bridge::JsError error) {
        onError(errorOf(error, operation, calledIn));
      });
}

void PeerConnection::onTrack(
    std::function<void(MediaStreamTrack, std::vector<MediaStream>)> callback) {
  RTCLAB_CHECK_HANDLE("PeerConnection::onTrack");
  impl_->listeners.setHandler(impl_->pc, "track", [cb = std::move(callback)](val event) {
    std::vector<MediaStream> streams;
    val jsStreams = event[bridge::key<"streams">()];
    const int count = jsStreams[bridge::key<"length">()].as<int>();
    for (int i = 0; i < count; ++i) {
      streams.push_back(browser::HandleAccess::wrapStream(jsStreams[i]));
    }
    cb(browser::HandleAccess::wrapTrack(event[bridge::key<"track">()]), std::move(streams));
  });
}

// --- Data channels ------------------------------------------------------------------------

OrPeerConnectionError<DataChannel> PeerConnection::createDataChannel(const std::string& label,
                                                                     const DataChannelInit& init) {
  RTCLAB_CHECK_HANDLE("PeerConnection::createDataChannel", movedFromError("createDataChannel"));
  const auto calledIn = impl_->signalingState();
  auto call =
      bridge::callMethod(impl_->pc, "createDataChannel", label, bridge::toJs(init.toJson()));
  if (!call.ok()) {
    return errorOf(*call.error, "createDataChannel(\"" + label + "\")", calledIn);
  }
  return browser::HandleAccess::wrapDataChannel(call.value);
}

void PeerConnection::onDataChannel(std::function<void(DataChannel)> callback) {
  RTCLAB_CHECK_HANDLE("PeerConnection::onDataChannel");
  impl_->listeners.setHandler(impl_->pc, "datachannel", [cb = std::move(callback)](val event) {
    cb(browser::HandleAccess::wrapDataChannel(event[bridge::key<"channel">()]));
  });
}

// --- Offer / answer -----------------------------------------------------------------------

void PeerConnection::createOffer(std::function<void(SessionDescription)> onSuccess,
                                 ErrorCallback onError) {
  if (!bridge::checkHandle(impl_.get(), "PeerConnection::createOffer")) {
    onError(movedFromError("createOffer"));
    return;
  }
  impl_->callAsync(
      "createOffer", "createOffer",
      [cb = std::move(onSuccess)](val offer) {
        cb(toSessionDescription(offer).value_or(SessionDescription{SdpType::Offer, {}}));
      },
      std::move(onError));
}

void PeerConnection::createAnswer(std::function<void(SessionDescription)> onSuccess,
                                  ErrorCallback onError) {
  if (!bridge::checkHandle(impl_.get(), "PeerConnection::createAnswer")) {
    onError(movedFromError("createAnswer"));
    return;
  }
  impl_->callAsync(
      "createAnswer", "createAnswer",
      [cb = std::move(onSuccess)](val answer) {
        cb(toSessionDescription(answer).value_or(SessionDescription{SdpType::Answer, {}}));
      },
      std::move(onError));
}

void PeerConnection::setLocalDescription(const SessionDescription& description,
                                         std::function<void()> onSuccess, ErrorCallback onError) {
  if (!bridge::checkHandle(impl_.get(), "PeerConnection::setLocalDescription")) {
    onError(movedFromError("setLocalDescription"));
    return;
  }
  impl_->callAsync(
      "setLocalDescription", "setLocalDescription(" + std::string(toString(description.type)) + ")",
      [cb = std::move(onSuccess)](val) { cb(); }, std::move(onError),
      bridge::toJs(description.toJson()));
}

void PeerConnection::setLocalDescription(std::function<void(SessionDescription)> onSuccess,
                                         ErrorCallback onError) {
  if (!bridge::checkHandle(impl_.get(), "PeerConnection::setLocalDescription")) {
    onError(movedFromError("setLocalDescription"));
    return;
  }
  const SignalingState state = impl_->signalingState();
  const bool answering =
      state == SignalingState::HaveRemoteOffer || state == SignalingState::HaveLocalPranswer;
  impl_->callAsyncIn(
      state, "setLocalDescription",
      answering ? "setLocalDescription(answer)" : "setLocalDescription(offer)",
      [pc = impl_->pc, answering, cb = std::move(onSuccess)](val) {
        cb(toSessionDescription(pc[bridge::key<"localDescription">()])
               .value_or(SessionDescription{answering ? SdpType::Answer : SdpType::Offer, {}}));
      },
      std::move(onError));
}

void PeerConnection::setRemoteDescription(const SessionDescription& description,
                                          std::function<void()> onSuccess, ErrorCallback onError) {
  if (!bridge::checkHandle(impl_.get(), "PeerConnection::setRemoteDescription")) {
    onError(movedFromError("setRemoteDescription"));
    return;
  }
  impl_->callAsync(
      "setRemoteDescription",
      "setRemoteDescription(" + std::string(toString(description.type)) + ")",
      [cb = std::move(onSuccess)](val) { cb(); }, std::move(onError),
      bridge::toJs(description.toJson()));
}

std::optional<SessionDescription> PeerConnection::localDescription() const {
  RTCLAB_CHECK_HANDLE("PeerConnection::localDescription", std::nullopt);
  return toSessionDescription(impl_->pc[bridge::key<"localDescription">()]);
}

std::optional<SessionDescription> PeerConnection::remoteDescription() const {
  RTCLAB_CHECK_HANDLE("PeerConnection::remoteDescription", std::nullopt);
  return toSessionDescription(impl_->pc[bridge::key<"remoteDescription">()]);
}

std::optional<double> PeerConnection::sctpMaxMessageSize() const {
  RTCLAB_CHECK_HANDLE("PeerConnection::sctpMaxMessageSize", std::nullopt);
  const val sctp = impl_->pc[bridge::key<"sctp">()];
  if (sctp.isNull() || sctp.isUndefined()) {
    return std::nullopt;
  }
  const val size = sctp[bridge::key<"maxMessageSize">()];
  return size.isNumber() ? std::optional(size.as<double>()) : std::nullopt;
}

void PeerConnection::onNegotiationNeeded(std::function<void()> callback) {
  RTCLAB_CHECK_HANDLE("PeerConnection::onNegotiationNeeded");
  impl_->listeners.setHandler(impl_->pc, "negotiationneeded",
                              [cb = std::move(callback)](val) { cb(); });
}

// --- ICE ----------------------------------------------------------------------------------

void PeerConnection::onIceCandidate(std::function<void(std::optional<IceCandidate>)> callback) {
  RTCLAB_CHECK_HANDLE("PeerConnection::onIceCandidate");
  impl_->listeners.setHandler(impl_->pc, "icecandidate", [cb = std::move(callback)](val event) {
    val candidate = event[bridge::key<"candidate">()];
    if (candidate.isNull() || candidate.isUndefined()) {
      cb(std::nullopt); // gathering is complete
      return;
    }
    cb(toIceCandidate(candidate));
  });
}

void PeerConnection::onIceCandidateError(std::function<void(IceCandidateError)> callback) {
  RTCLAB_CHECK_HANDLE("PeerConnection::onIceCandidateError");
  impl_->listeners.setHandler(
      impl_->pc, "icecandidateerror", [cb = std::move(callback)](val event) {
        IceCandidateError error;
        error.address = bridge::stringProperty(event, bridge::key<"address">());
        if (event[bridge::key<"port">()].isNumber()) {
          error.port = event[bridge::key<"port">()].as<int>();
        }
        error.url = bridge::stringProperty(event, bridge::key<"url">());
        error.errorCode = event[bridge::key<"errorCode">()].isNumber()
                              ? event[bridge::key<"errorCode">()].as<int>()
                              : 0;
        error.errorText = bridge::stringProperty(event, bridge::key<"errorText">());
        cb(std::move(error));
      });
}

void PeerConnection::addIceCandidate(const IceCandidate& candidate, std::function<void()> onSuccess,
                                     ErrorCallback onError) {
  if (!bridge::checkHandle(impl_.get(), "PeerConnection::addIceCandidate")) {
    onError(movedFromError("addIceCandidate"));
    return;
  }
  impl_->callAsync(
      "addIceCandidate",
      candidate.candidate.empty() ? "addIceCandidate(end of candidates)" : "addIceCandidate",
      [cb = std::move(onSuccess)](val) { cb(); }, std::move(onError),
      bridge::toJs(candidate.toJson()));
}

void PeerConnection::restartIce() {
  RTCLAB_CHECK_HANDLE("PeerConnection::restartIce");
  impl_->pc.call<void>("restartIce");
}

// --- States -------------------------------------------------------------------------------

SignalingState PeerConnection::signalingState() const {
  RTCLAB_CHECK_HANDLE("PeerConnection::signalingState", SignalingState::Closed);
  return impl_->signalingState();
}

IceGatheringState PeerConnection::iceGatheringState() const {
  RTCLAB_CHECK_HANDLE("PeerConnection::iceGatheringState", IceGatheringState::Complete);
  return readState(impl_->pc, bridge::key<"iceGatheringState">(), parseIceGatheringState,
                   IceGatheringState::New);
}

IceConnectionState PeerConnection::iceConnectionState() const {
  RTCLAB_CHECK_HANDLE("PeerConnection::iceConnectionState", IceConnectionState::Closed);
  return readState(impl_->pc, bridge::key<"iceConnectionState">(), parseIceConnectionState,
                   IceConnectionState::Closed);
}

PeerConnectionState PeerConnection::connectionState() const {
  RTCLAB_CHECK_HANDLE("PeerConnection::connectionState", PeerConnectionState::Closed);
  return readState(impl_->pc, bridge::key<"connectionState">(), parsePeerConnectionState,
                   PeerConnectionState::Closed);
}

void PeerConnection::onSignalingStateChange(std::function<void(SignalingState)> callback) {
  RTCLAB_CHECK_HANDLE("PeerConnection::onSignalingStateChange");
  impl_->onStateChange("signalingstatechange", bridge::key<"signalingState">(), parseSignalingState,
                       SignalingState::Closed, std::move(callback));
}

void PeerConnection::onIceGatheringStateChange(std::function<void(IceGatheringState)> callback) {
  RTCLAB_CHECK_HANDLE("PeerConnection::onIceGatheringStateChange");
  impl_->onStateChange("icegatheringstatechange", bridge::key<"iceGatheringState">(),
                       parseIceGatheringState, IceGatheringState::New, std::move(callback));
}

void PeerConnection::onIceConnectionStateChange(std::function<void(IceConnectionState)> callback) {
  RTCLAB_CHECK_HANDLE("PeerConnection::onIceConnectionStateChange");
  impl_->onStateChange("iceconnectionstatechange", bridge::key<"iceConnectionState">(),
                       parseIceConnectionState, IceConnectionState::Closed, std::move(callback));
}

void PeerConnection::onConnectionStateChange(std::function<void(PeerConnectionState)> callback) {
  RTCLAB_CHECK_HANDLE("PeerConnection::onConnectionStateChange");
  impl_->onStateChange("connectionstatechange", bridge::key<"connectionState">(),
                       parsePeerConnectionState, PeerConnectionState::Closed, std::move(callback));
}

// --- Stats --------------------------------------------------------------------------------

void PeerConnection::getStats(std::function<void(StatsReport)> onSuccess, ErrorCallback onError) {
  if (!bridge::checkHandle(impl_.get(), "PeerConnection::getStats")) {
    onError(movedFromError("getStats"));
    return;
  }
  impl_->callAsync(
      "getStats", "getStats",
      [cb = std::move(onSuccess)](val report) { cb(toStatsReport(report)); }, std::move(onError));
}

void PeerConnection::close() {
  RTCLAB_CHECK_HANDLE("PeerConnection::close");
  impl_->close();
}

namespace browser {

const val& HandleAccess::js(const PeerConnection& connection) {
  static const val undefined = val::undefined();
  return bridge::checkHandle(connection.impl_.get(), "PeerConnection (passed as an argument)")
             ? connection.impl_->pc
             : undefined;
}

} // namespace browser
} // namespace rtclab
