// The bridge and the handles over fake browser objects, in node's JS engine: who owns which JS
// listener, what destroying, replacing and moving a handle does, and labState's JSON text.
#include "fakes.hpp"

#include "bridge.hpp"
#include "handle_access.hpp"

#include "rtclab/data_channel.hpp"
#include "rtclab/lab_page.hpp"
#include "rtclab/media_devices.hpp"
#include "rtclab/media_stream.hpp"
#include "rtclab/peer_connection.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <optional>

using namespace rtclab;
using namespace rtclab::testing;
using browser::HandleAccess;
using emscripten::val;

namespace {

val fakeStreamOf(const val& track) {
  val tracks = val::array();
  tracks.call<void>("push", track);
  return makeFake("FakeStream", tracks);
}

} // namespace

TEST_CASE("two handles over one JS track do not undo each other's listeners") {
  const auto baseline = bridge::registeredCallbackCount();
  val jsTrack = makeFake("FakeTrack", std::string("video"));
  int firstMuted = 0;
  int secondMuted = 0;
  auto second = HandleAccess::wrapStream(fakeStreamOf(jsTrack)); // the stream wraps it again
  {
    auto first = HandleAccess::wrapTrack(jsTrack);
    first.onMute([&] { ++firstMuted; });
    second.getTracks()[0].onMute([&] { ++secondMuted; });
    CHECK(listenerCount(jsTrack, "mute") == 2);
    fire(jsTrack, "mute");
    CHECK(firstMuted == 1);
    CHECK(secondMuted == 1);
  } // the first handle goes away
  CHECK(listenerCount(jsTrack, "mute") == 1);
  fire(jsTrack, "mute");
  CHECK(firstMuted == 1);
  CHECK(secondMuted == 2); // still heard: the first handle removed only its own listener
  CHECK(bridge::registeredCallbackCount() == baseline + 1);
}

TEST_CASE("ontrack's track handle and the stream's handle of the same track keep their onended") {
  auto created = PeerConnection::create({});
  REQUIRE(std::holds_alternative<PeerConnection>(created));
  auto& pc = std::get<PeerConnection>(created);
  val jsPc = fakes()["FakePeerConnection"]["last"];
  std::optional<MediaStreamTrack> trackHandle;
  std::optional<MediaStream> streamHandle;
  pc.onTrack([&](MediaStreamTrack track, std::vector<MediaStream> streams) {
    trackHandle = std::move(track);
    streamHandle = std::move(streams.at(0));
  });
  val jsTrack = makeFake("FakeTrack", std::string("audio"));
  val streams = val::array();
  streams.call<void>("push", fakeStreamOf(jsTrack));
  val event = val::object();
  event.set("track", jsTrack);
  event.set("streams", streams);
  fire(jsPc, "track", event);
  REQUIRE(trackHandle);
  REQUIRE(streamHandle);
  int endedOnTrack = 0;
  int endedOnStream = 0;
  trackHandle->onEnded([&] { ++endedOnTrack; });
  streamHandle->getTracks().at(0).onEnded([&] { ++endedOnStream; });
  trackHandle.reset();
  fire(jsTrack, "ended");
  CHECK(endedOnTrack == 0);
  CHECK(endedOnStream == 1);
  CHECK(listenerCount(jsTrack, "ended") == 1);
}

TEST_CASE("a second MediaDevices does not silence the first one's devicechange") {
  val jsDevices = val::global("navigator")["mediaDevices"];
  int first = 0;
  int second = 0;
  MediaDevices devices;
  devices.onDeviceChange([&] { ++first; });
  {
    MediaDevices other;
    other.onDeviceChange([&] { ++second; });
    fire(jsDevices, "devicechange");
    CHECK(first == 1);
    CHECK(second == 1);
  }
  fire(jsDevices, "devicechange");
  CHECK(first == 2);
  CHECK(second == 1);
  CHECK(listenerCount(jsDevices, "devicechange") == 1);
}

TEST_CASE("destroying a handle removes exactly its listeners and frees its callables") {
  const auto baseline = bridge::registeredCallbackCount();
  val jsChannel = makeFake("FakeDataChannel", std::string("chat"));
  jsChannel.call<void>("addForeignListener", std::string("message")); // someone else's JS
  int calls = 0;
  {
    auto channel = HandleAccess::wrapDataChannel(jsChannel);
    CHECK(jsChannel["binaryType"].as<std::string>() == "arraybuffer");
    channel.onOpen([&] { ++calls; });
    channel.onClose([&] { ++calls; });
    channel.onError([&](DataChannelError) { ++calls; });
    channel.onMessage([&](DataChannelMessage) { ++calls; });
    channel.onBufferedAmountLow([&] { ++calls; });
    CHECK(listenerCount(jsChannel) == 6);
    CHECK(bridge::registeredCallbackCount() == baseline + 5);
  }
  CHECK(listenerCount(jsChannel) == 1); // only the foreign one is left
  CHECK(bridge::registeredCallbackCount() == baseline);
  for (const char* type : {"open", "close", "error", "message", "bufferedamountlow"}) {
    fire(jsChannel, type);
  }
  CHECK(calls == 0);
  CHECK(jsChannel["foreignCalls"].as<int>() == 1);
}

TEST_CASE("replacing a handler removes the old listener and frees the old callable") {
  const auto baseline = bridge::registeredCallbackCount();
  val jsChannel = makeFake("FakeDataChannel", std::string("chat"));
  auto channel = HandleAccess::wrapDataChannel(jsChannel);
  auto firstToken = std::make_shared<int>(0);
  std::weak_ptr<int> firstAlive = firstToken;
  std::vector<std::string> heard;
  channel.onMessage([&heard, token = std::move(firstToken)](DataChannelMessage message) {
    heard.push_back("first: " + message.text);
  });
  for (int i = 0; i < 3; ++i) {
    channel.onMessage([&heard](DataChannelMessage message) { heard.push_back(message.text); });
  }
  CHECK(firstAlive.expired()); // the replaced callable is gone now, not when the handle dies
  CHECK(bridge::registeredCallbackCount() == baseline + 1);
  CHECK(listenerCount(jsChannel, "message") == 1);
  val data = val::object();
  data.set("data", std::string("hi"));
  fire(jsChannel, "message", data);
  CHECK(heard == std::vector<std::string>{"hi"});
}

TEST_CASE("a callback that destroys its own handle is safe, and nothing is called afterwards") {
  const auto baseline = bridge::registeredCallbackCount();
  val jsChannel = makeFake("FakeDataChannel", std::string("chat"));
  std::optional<DataChannel> channel = HandleAccess::wrapDataChannel(jsChannel);
  std::string captured = "a string the callback reads after the reset";
  int calls = 0;
  channel->onMessage([&, copy = captured](DataChannelMessage) {
    ++calls;
    channel.reset();         // destroys the handle whose callable is running
    CHECK(copy == captured); // the running callable is still alive
  });
  val text = val::object();
  text.set("data", std::string("hello"));
  fire(jsChannel, "message", text);
  fire(jsChannel, "message", text);
  CHECK(calls == 1);
  CHECK(listenerCount(jsChannel) == 0);
  CHECK(bridge::registeredCallbackCount() == baseline);

  auto created = PeerConnection::create({});
  REQUIRE(std::holds_alternative<PeerConnection>(created));
  std::optional<PeerConnection> pc = std::move(std::get<PeerConnection>(created));
  val jsPc = fakes()["FakePeerConnection"]["last"];
  int stateCalls = 0;
  pc->onConnectionStateChange([&](PeerConnectionState) {
    ++stateCalls;
    pc.reset(); // closes the connection from inside its own event
  });
  fire(jsPc, "connectionstatechange");
  fire(jsPc, "connectionstatechange");
  CHECK(stateCalls == 1);
  CHECK(jsPc["closeCalls"].as<int>() == 1);
  CHECK(listenerCount(jsPc) == 0);
  CHECK(bridge::registeredCallbackCount() == baseline);
}

TEST_CASE("a moved-from handle fails clearly: an error value or a logged no-op, never address 0") {
  const auto before = bridge::movedFromUseCount();
  auto channel = HandleAccess::wrapDataChannel(makeFake("FakeDataChannel", std::string("chat")));
  DataChannel moved = std::move(channel);
  auto error = channel.send("x"); // NOLINT(bugprone-use-after-move): the point of the test
  REQUIRE(error);
  CHECK(error->name == "InvalidStateError");
  CHECK(lastConsoleError().find("DataChannel::send called on a moved-from handle") !=
        std::string::npos);
  CHECK(channel.label().empty());
  CHECK(channel.readyState() == DataChannelState::Closed);
  channel.onMessage([](DataChannelMessage) {});
  CHECK(moved.label() == "chat"); // the new owner works
  CHECK(bridge::movedFromUseCount() == before + 4);

  auto created = PeerConnection::create({});
  REQUIRE(std::holds_alternative<PeerConnection>(created));
  auto& pc = std::get<PeerConnection>(created);
  PeerConnection owner = std::move(pc);
  std::optional<PeerConnectionError> offerError;
  pc.createOffer([](SessionDescription) { FAIL("no offer from a moved-from handle"); },
                 [&](PeerConnectionError e) { offerError = e; });
  REQUIRE(offerError);
  CHECK(offerError->name == "InvalidStateError");
  CHECK(offerError->operation == "createOffer");
  CHECK(lastConsoleError().find("PeerConnection::createOffer") != std::string::npos);
  CHECK(pc.connectionState() == PeerConnectionState::Closed);
  CHECK(owner.connectionState() == PeerConnectionState::New);

  auto track = HandleAccess::wrapTrack(makeFake("FakeTrack", std::string("video")));
  auto trackOwner = std::move(track);
  CHECK(track.id().empty());
  CHECK(track.readyState() == MediaStreamTrackState::Ended);
  track.stop();
  CHECK(trackOwner.readyState() == MediaStreamTrackState::Live);
}

TEST_CASE("labState survives a string that is not valid UTF-8") {
  static LabActions actions;
  exposeLabAutomation(
      [] {
        return nlohmann::json{{"label", std::string("cam\xff\xfe"
                                                    "era")},
                              {"ok", true}};
      },
      actions);
  const auto text = val::module_property("labState")().as<std::string>();
  CHECK(text.find("\"label\":\"cam\xEF\xBF\xBD\xEF\xBF\xBD"
                  "era\"") != std::string::npos);
  val parsed = val::global("JSON").call<val>("parse", text);
  CHECK(parsed["ok"].as<bool>());
  // Every lab's snapshot also names the panel's language and the browser (no adapter.js here).
  CHECK(parsed["language"].as<std::string>() == "en");
  CHECK(parsed["browser"]["name"].as<std::string>() == "unknown");
}

TEST_CASE("a data channel's error event carries the RTCError's detail and SCTP cause code") {
  val jsChannel = makeFake("FakeDataChannel", std::string("chat"));
  auto channel = HandleAccess::wrapDataChannel(jsChannel);
  std::vector<DataChannelError> errors;
  channel.onError([&](DataChannelError error) { errors.push_back(std::move(error)); });

  // What Chromium fires on one end when the other closes its RTCPeerConnection.
  val abort = val::object();
  abort.set("name", std::string("OperationError"));
  abort.set("message", std::string("User-Initiated Abort, reason=Close called"));
  abort.set("errorDetail", std::string("sctp-failure"));
  abort.set("sctpCauseCode", 12);
  val event = val::object();
  event.set("error", abort);
  fire(jsChannel, "error", event);
  // An RTCError without SCTP: sctpCauseCode is null.
  val other = val::object();
  other.set("name", std::string("OperationError"));
  other.set("message", std::string("Failure to send data"));
  other.set("errorDetail", std::string("data-channel-failure"));
  other.set("sctpCauseCode", val::null());
  event.set("error", other);
  fire(jsChannel, "error", event);

  REQUIRE(errors.size() == 2);
  CHECK(errors[0].errorDetail == "sctp-failure");
  CHECK(errors[0].sctpCauseCode == std::optional<std::uint16_t>(12));
  CHECK(errors[0].closedByPeer());
  CHECK(errors[1].errorDetail == "data-channel-failure");
  CHECK_FALSE(errors[1].sctpCauseCode.has_value());
  CHECK_FALSE(errors[1].closedByPeer());
  CHECK(errors[1].describe() ==
        "error event failed in state open: OperationError: Failure to send data");
}

namespace {
// What the browser was handed, read back as JSON.
nlohmann::json asJson(const val& object) {
  return nlohmann::json::parse(val::global("JSON").call<std::string>("stringify", object));
}
} // namespace

TEST_CASE("the browser gets a value type's JSON as the object JSON.parse would make of it") {
  Configuration configuration;
  configuration.iceServers.push_back(
      {{"stun:127.0.0.1:3478", "turn:127.0.0.1:3478?transport=tcp"}, "user", "secret"});
  configuration.iceTransportPolicy = IceTransportPolicy::Relay;
  auto created = PeerConnection::create(configuration);
  REQUIRE(std::holds_alternative<PeerConnection>(created));
  auto& pc = std::get<PeerConnection>(created);
  val jsPc = fakes()["FakePeerConnection"]["last"];
  // Nested objects, arrays, strings: the whole configuration, field for field.
  CHECK(asJson(jsPc["configuration"]) == configuration.toJson());

  const SessionDescription offer{SdpType::Offer, "v=0\r\na=ice-ufrag:Ab12\r\n"};
  pc.setRemoteDescription(
      offer, [] {}, [](PeerConnectionError) {});
  CHECK(asJson(jsPc["remoteInit"]) == offer.toJson());

  // Numbers and nulls; a usernameFragment that is not given is absent, not null.
  const IceCandidate candidate{"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "0", 0,
                               std::nullopt};
  pc.addIceCandidate(
      candidate, [] {}, [](PeerConnectionError) {});
  CHECK(asJson(jsPc["candidateInit"]) == candidate.toJson());
  CHECK(jsPc["candidateInit"]["sdpMLineIndex"].isNumber());
  CHECK_FALSE(jsPc["candidateInit"].call<bool>("hasOwnProperty", std::string("usernameFragment")));
  const IceCandidate endOfCandidates{"", std::nullopt, std::nullopt, std::nullopt};
  pc.addIceCandidate(
      endOfCandidates, [] {}, [](PeerConnectionError) {});
  CHECK(jsPc["candidateInit"]["sdpMid"].isNull());
  CHECK(asJson(jsPc["candidateInit"]) == endOfCandidates.toJson());
}
