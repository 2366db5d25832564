// signaling_client.hpp: the guide's signaling channel (WebSocket to rtclab-server), typed.
//
// WebRTC defines no signaling: peers need some channel to exchange session control
// (join/leave), errors, media metadata (offer/answer SDP) and network data (ICE candidates)
// before they can talk directly. The guide's JavaScript
//
//   const ws = new WebSocket('ws://localhost:8080/ws');
//   ws.onopen = () => ws.send(JSON.stringify({type: 'join', room: 'demo', name: 'alice'}));
//   ws.onmessage = (e) => { const msg = JSON.parse(e.data); if (msg.type === 'offer') ... };
//   ws.send(JSON.stringify({type: 'offer', to: 'p2', sdp: offer.sdp}));
//
// becomes
//
//   rtclab::SignalingClient signaling;
//   signaling.onOffer([](const rtclab::protocol::Offer& offer) { ... offer.from, offer.sdp ... });
//   signaling.connect(rtclab::pageSignalingUrl());
//   signaling.join("demo", "alice");                 // sent now, or as soon as the socket opens
//   signaling.send(rtclab::protocol::Offer{.to = "p2", .sdp = sdp});
//
// plus what the guide's common problem 4 (시그널링 연결 끊김) asks for: when the socket closes
// or stops answering the heartbeat, the client reconnects with exponential backoff and jitter
// and joins the same room again under the same name (with a new peer id: ids belong to
// connections).
// The wire format is docs/signaling-protocol.md, via rtclab::protocol (parse/serialize).
//
// Lifetime: destroying the client closes the socket, cancels its timers and unregisters every
// handler: no callback runs afterwards. Callbacks may destroy the client.
// MDN: https://developer.mozilla.org/en-US/docs/Web/API/WebSocket
#pragma once

#include "rtclab/protocol/codec.hpp"
#include "rtclab/protocol/messages.hpp"
#include "rtclab/reconnect_policy.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rtclab {

enum class SignalingClientState {
  Connecting,   // connect() called, the first socket is not open yet
  Open,         // messages flow
  Reconnecting, // the socket was lost: waiting for the next attempt, or attempting
  Closed,       // close() was called (or connect() never was): no reconnects
};
std::string_view
toString(SignalingClientState state); // "connecting", "open", "reconnecting", "closed"

enum class MessageDirection { Sent, Received };
std::string_view toString(MessageDirection direction); // "out", "in"

struct SignalingOptions {
  ReconnectPolicy::Options reconnect;
  HeartbeatMonitor::Options heartbeat; // ping every 2 s, dead after 5 s without a pong
  // A socket that neither opens nor fails within this time is given up and retried.
  double connectTimeoutMs = 5000;
  // Each socket goes on window.rtclab under this name for DevTools (rtclab.ws), replaced by
  // the next after a reconnect; "" keeps it off.
  std::string consoleName = "ws";
};

// ws://<this page's host>/ws (wss:// on an https page): where rtclab-server listens.
std::string pageSignalingUrl();

class SignalingClient {
public:
  // Why a message was not sent (the socket is not open, or the browser refused it).
  using SendResult = std::optional<std::string>;

  explicit SignalingClient(SignalingOptions options = {});
  SignalingClient(SignalingClient&&) noexcept;
  SignalingClient& operator=(SignalingClient&&) noexcept;
  ~SignalingClient();

  // Opens the socket (state Connecting, then Open). An invalid URL is returned as the error and
  // leaves the state Closed. Calling it again reconnects, to `url`.
  SendResult connect(std::string url);
  // Closes the socket on purpose (state Closed): no reconnect. The room is remembered, so a
  // later connect() joins it again.
  void close();

  // Enters `room` as `name` (a display name the others see; may be empty) now if the socket is
  // open, else as soon as it opens; and again after every reconnect, until leave() or until the
  // server refuses the join (room-full, too-many-rooms, bad-token, replaced): then the room is
  // forgotten (room() is empty) and the error goes to onError.
  // `token`: a signed room token (docs/security.md) for a server started with --token-secret;
  // it is sent with every join, the rejoins included.
  void join(std::string room, std::string name = {}, std::string token = {});
  // The same with every field of the join: a participant secret and session (the call layer's
  // identity, docs/signaling-protocol.md) and the room capacity, all sent again on rejoin.
  void join(protocol::Join request);
  // Leaves the room (the socket stays open) and forgets it.
  void leave();

  // A typed message (offer, answer, candidate; join/leave go through join()/leave() so the
  // client knows which room to rejoin), serialized by rtclab::protocol.
  SendResult send(const protocol::Message& message);
  // Any text as one frame, even invalid JSON: the lab uses it to show the server's errors.
  SendResult sendText(std::string text);

  // --- events (one callback each; setting one replaces the previous) ---
  void onStateChange(std::function<void(SignalingClientState)> callback);
  void onJoined(std::function<void(const protocol::Joined&)> callback);
  void onPeerJoined(std::function<void(const protocol::PeerJoined&)> callback);
  void onPeerLeft(std::function<void(const protocol::PeerLeft&)> callback);
  void onOffer(std::function<void(const protocol::Offer&)> callback);
  void onAnswer(std::function<void(const protocol::Answer&)> callback);
  void onCandidate(std::function<void(const protocol::Candidate&)> callback);
  void onError(std::function<void(const protocol::Error&)> callback); // sent by the server
  // A frame from the server that is not a valid message for a client (bad JSON, a missing
  // field, a client-only type): dropped, and reported here instead of crashing anything.
  void onMalformedMessage(
      std::function<void(const std::string& text, const protocol::ParseError&)> callback);
  // Every frame in and out, as text, except the heartbeat's ping/pong (see onHeartbeat).
  void onRawMessage(std::function<void(MessageDirection, const std::string& text)> callback);
  // A pong arrived: the round-trip time of its ping.
  void onHeartbeat(std::function<void(double rttMs)> callback);

  // --- state, for display ---
  SignalingClientState state() const;
  const std::string& url() const;
  const std::string& room() const;  // the room joined or being joined; empty after leave()
  const std::string& name() const;  // the display name joined with
  const std::string& you() const;   // our peer id in the room; empty until `joined` arrives
  int reconnectAttempts() const;    // sockets opened after a loss, successful or not
  int successfulReconnects() const; // of those, the ones that opened
  std::optional<double> nextReconnectDelayMs() const; // while waiting to reconnect
  std::optional<double> lastRttMs() const;
  const std::string& lastDisconnectReason() const; // "closed by the server (code 1006)", ...

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace rtclab
