#include "rtclab/data_channel.hpp"

#include "bridge.hpp"
#include "handle_access.hpp"

namespace rtclab {

using emscripten::val;

struct DataChannel::Impl {
  explicit Impl(val jsChannel) : channel(std::move(jsChannel)) {}
  val channel;
  bridge::Listeners listeners;
};

namespace {

DataChannelError toDataChannelError(const bridge::JsError& error, std::string operation,
                                    DataChannelState readyState) {
  return {error.name, error.message, std::move(operation), readyState, "", std::nullopt};
}

// An error event's RTCError, with its errorDetail and sctpCauseCode (null unless SCTP failed).
DataChannelError errorEventOf(const val& rtcError, DataChannelState readyState) {
  DataChannelError error =
      toDataChannelError(bridge::toJsError(rtcError), "error event", readyState);
  if (rtcError.isUndefined() || rtcError.isNull())
    return error;
  error.errorDetail = bridge::stringProperty(rtcError, bridge::key<"errorDetail">());
  const val cause = rtcError[bridge::key<"sctpCauseCode">()];
  if (cause.isNumber()) {
    const double code = cause.as<double>();
    if (code >= 0 && code <= 65535)
      error.sctpCauseCode = static_cast<std::uint16_t>(code);
  }
  return error;
}

// One copy, by the browser: send() is handed a view of the wasm heap. The view is made last,
// and bridge::callMethod allocates nothing on the heap, so the heap cannot grow (which would
// detach the view) before the browser has copied the bytes.
std::optional<bridge::JsError> sendBytes(const val& channel, std::span<const std::byte> bytes) {
  const auto* first = reinterpret_cast<const unsigned char*>(bytes.data());
  return bridge::callMethod(channel, "send",
                            val(emscripten::typed_memory_view(bytes.size(), first)))
      .error;
}

// One copy of an ArrayBuffer into C++: Uint8Array.set onto a view of the vector's bytes.
std::vector<std::byte> copyArrayBuffer(const val& buffer) {
  std::vector<std::byte> bytes(buffer[bridge::key<"byteLength">()].as<std::size_t>());
  if (!bytes.empty()) {
    val target(emscripten::typed_memory_view(bytes.size(),
                                             reinterpret_cast<unsigned char*>(bytes.data())));
    target.call<void>("set", val::global("Uint8Array").new_(buffer));
  }
  return bytes;
}

// Chromium throws InvalidStateError for send() on a closing or closed channel; Firefox drops the
// message without a word, as the spec's older text said. The typed API refuses it on both, so a
// lost message is never silent.
std::optional<DataChannelError> refusedUnlessOpenOrConnecting(DataChannelState state) {
  if (state != DataChannelState::Closing && state != DataChannelState::Closed) {
    return std::nullopt;
  }
  return DataChannelError{"InvalidStateError",
                          "the channel is " + std::string(toString(state)) +
                              ": the message was not sent",
                          "send",
                          state,
                          "",
                          std::nullopt};
}

DataChannelError movedFromError() {
  return {"InvalidStateError",
          "this DataChannel handle was moved from",
          "send",
          DataChannelState::Closed,
          "",
          std::nullopt};
}

} // namespace

DataChannel::DataChannel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DataChannel::DataChannel(DataChannel&&) noexcept = default;
DataChannel& DataChannel::operator=(DataChannel&&) noexcept = default;
DataChannel::~DataChannel() = default;

std::string DataChannel::label() const {
  RTCLAB_CHECK_HANDLE("DataChannel::label", {});
  return bridge::stringProperty(impl_->channel, bridge::key<"label">());
}

std::optional<std::uint16_t> DataChannel::id() const {
  RTCLAB_CHECK_HANDLE("DataChannel::id", std::nullopt);
  val id = impl_->channel[bridge::key<"id">()];
  return id.isNumber() ? std::optional<std::uint16_t>(id.as<std::uint16_t>()) : std::nullopt;
}

DataChannelState DataChannel::readyState() const {
  RTCLAB_CHECK_HANDLE("DataChannel::readyState", DataChannelState::Closed);
  return parseDataChannelState(impl_->channel[bridge::key<"readyState">()].as<std::string>())
      .value_or(DataChannelState::Closed);
}

std::size_t DataChannel::bufferedAmount() const {
  RTCLAB_CHECK_HANDLE("DataChannel::bufferedAmount", 0);
  return static_cast<std::size_t>(impl_->channel[bridge::key<"bufferedAmount">()].as<double>());
}

std::size_t DataChannel::bufferedAmountLowThreshold() const {
  RTCLAB_CHECK_HANDLE("DataChannel::bufferedAmountLowThreshold", 0);
  return static_cast<std::size_t>(
      impl_->channel[bridge::key<"bufferedAmountLowThreshold">()].as<double>());
}

void DataChannel::setBufferedAmountLowThreshold(std::size_t bytes) {
  RTCLAB_CHECK_HANDLE("DataChannel::setBufferedAmountLowThreshold");
  impl_->channel.set("bufferedAmountLowThreshold", static_cast<double>(bytes));
}

std::optional<DataChannelError> DataChannel::send(std::string_view text) {
  RTCLAB_CHECK_HANDLE("DataChannel::send", movedFromError());
  const auto state = readyState();
  if (auto refused = refusedUnlessOpenOrConnecting(state)) {
    return refused;
  }
  auto call = bridge::callMethod(impl_->channel, "send", std::string(text));
  if (!call.ok()) {
    return toDataChannelError(*call.error, "send", state);
  }
  return std::nullopt;
}

std::optional<DataChannelError> DataChannel::send(std::span<const std::byte> bytes) {
  RTCLAB_CHECK_HANDLE("DataChannel::send", movedFromError());
  const auto state = readyState();
  if (auto refused = refusedUnlessOpenOrConnecting(state)) {
    return refused;
  }
  if (auto error = sendBytes(impl_->channel, bytes)) {
    return toDataChannelError(*error, "send", state);
  }
  return std::nullopt;
}

void DataChannel::close() {
  RTCLAB_CHECK_HANDLE("DataChannel::close");
  impl_->channel.call<void>("close");
}

void DataChannel::onOpen(std::function<void()> callback) {
  RTCLAB_CHECK_HANDLE("DataChannel::onOpen");
  impl_->listeners.setHandler(impl_->channel, "open", [cb = std::move(callback)](val) { cb(); });
}

void DataChannel::onClose(std::function<void()> callback) {
  RTCLAB_CHECK_HANDLE("DataChannel::onClose");
  impl_->listeners.setHandler(impl_->channel, "close", [cb = std::move(callback)](val) { cb(); });
}

void DataChannel::onError(std::function<void(DataChannelError)> callback) {
  RTCLAB_CHECK_HANDLE("DataChannel::onError");
  // event.error is an RTCError (an OperationError with errorDetail "sctp-failure", ...).
  impl_->listeners.setHandler(
      impl_->channel, "error", [channel = impl_->channel, cb = std::move(callback)](val event) {
        const auto state =
            parseDataChannelState(channel[bridge::key<"readyState">()].as<std::string>())
                .value_or(DataChannelState::Closed);
        cb(errorEventOf(event[bridge::key<"error">()], state));
      });
}

void DataChannel::onMessage(std::function<void(DataChannelMessage)> callback) {
  RTCLAB_CHECK_HANDLE("DataChannel::onMessage");
  impl_->listeners.setHandler(impl_->channel, "message", [cb = std::move(callback)](val event) {
    val data = event[bridge::key<"data">()];
    DataChannelMessage message;
    if (data.isString()) {
      message.text = data.as<std::string>();
    } else {
      message.isBinary = true;
      message.data = copyArrayBuffer(data);
    }
    cb(std::move(message));
  });
}

void DataChannel::onBufferedAmountLow(std::function<void()> callback) {
  RTCLAB_CHECK_HANDLE("DataChannel::onBufferedAmountLow");
  impl_->listeners.setHandler(impl_->channel, "bufferedamountlow",
                              [cb = std::move(callback)](val) { cb(); });
}

namespace browser {

DataChannel HandleAccess::wrapDataChannel(val channel) {
  // ArrayBuffer, not the default Blob: a Blob can only be read asynchronously.
  channel.set("binaryType", std::string("arraybuffer"));
  return DataChannel(std::make_unique<DataChannel::Impl>(std::move(channel)));
}

const val& HandleAccess::js(const DataChannel& channel) {
  static const val undefined = val::undefined();
  return bridge::checkHandle(channel.impl_.get(), "DataChannel (passed as an argument)")
             ? channel.impl_->channel
             : undefined;
}

} // namespace browser
} // namespace rtclab
