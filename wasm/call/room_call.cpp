// RoomCall: signaling events -> CallRoster decisions -> PeerSessions.
//
// [SECTION] index:
//   tabParticipantIdentity()   the secret in sessionStorage, a session per page load
//   listen()                   joined / peer-joined / peer-left / relayed messages / errors
//   apply()                    a RosterDecision carried out: open, keep, replace or close
//   open() / close()           one PeerSession per remote participant
#include "rtclab/room_call.hpp"

#include "rtclab/console_handles.hpp"
#include "rtclab/lab_page.hpp"

#include "timer.hpp"

#include <algorithm>

namespace rtclab {

namespace {

constexpr const char* kSecretKey = "rtclab.participant-secret";
constexpr std::size_t kSecretBytes = 16; // 128 bits, 32 hex characters

bool isUsableSecret(const std::string& secret) {
  return secret.size() >= protocol::kMinSecretLength &&
         secret.size() <= protocol::kMaxSecretLength &&
         std::all_of(secret.begin(), secret.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  c == '-' || c == '_';
         });
}

RemoteParticipant participantOf(const protocol::PeerInfo& peer) {
  return {peer.id, peer.name, peer.session};
}

} // namespace

ParticipantIdentity tabParticipantIdentity() {
  std::string secret = tabStorageItem(kSecretKey).value_or("");
  if (!isUsableSecret(secret)) { // first visit, or someone edited the storage
    secret = randomHex(kSecretBytes);
    setTabStorageItem(kSecretKey, secret); // without storage: a new identity per reload
  }
  return {std::move(secret), randomHex(8)};
}

std::string_view toString(CallPhase phase) {
  switch (phase) {
  case CallPhase::Idle:
    return "idle";
  case CallPhase::Joining:
    return "joining";
  case CallPhase::Waiting:
    return "waiting";
  case CallPhase::InCall:
    return "in-call";
  case CallPhase::Refused:
    return "refused";
  case CallPhase::Replaced:
    return "replaced";
  }
  return "idle";
}

struct RoomCall::Impl {
  Impl(SignalingClient& client, ParticipantIdentity id, Options opts, Events handlers)
      : signaling(client), identity(std::move(id)), options(std::move(opts)),
        events(std::move(handlers)), roster(options.roster) {}

  SignalingClient& signaling;
  ParticipantIdentity identity;
  Options options;
  Events events;
  CallRoster roster;
  std::map<std::string, std::unique_ptr<PeerSession>, std::less<>> sessions;
  MediaStream* localStream = nullptr;
  bool audioMuted = false;
  bool videoMuted = false;

  void applyMuteToLocalTracks() {
    if (!localStream) {
      return;
    }
    for (auto& track : localStream->getTracks()) {
      track.setEnabled(!(track.kind() == "audio" ? audioMuted : videoMuted));
    }
  }
  bool inRoom = false; // join() called and not hung up
  std::string you;
  std::string lastError;
  CallPhase refusal = CallPhase::Idle; // Refused or Replaced once the server said so
  int opened = 0;
  int closed = 0;
  browser::Timer graceTimer;
  ServerIceServers serverIceServers;

  Configuration nextConfiguration() const {
    Configuration configuration = options.session.configuration;
    if (options.iceServersFromServer && !serverIceServers.servers.empty()) {
      configuration.iceServers = serverIceServers.servers;
    }
    return configuration;
  }

  // --- listen() -----------------------------------------------------------------------------
  // After hangup() messages already on their way still arrive (a late joined, an offer sent
  // before the others heard we left): they must not open a connection nobody will close.
  void listen() {
    signaling.onJoined([this](const protocol::Joined& joined) {
      if (!inRoom) {
        return;
      }
      you = joined.peer;
      // Fresh TURN credentials on every join (and rejoin): sessions opened from now on use them.
      serverIceServers.servers.clear();
      for (const protocol::IceServer& server : joined.iceServers) {
        serverIceServers.servers.push_back({server.urls, server.username, server.credential});
      }
      serverIceServers.expiresAt = joined.iceServersExpireAt;
      std::vector<RemoteParticipant> present;
      for (const auto& peer : joined.peers) {
        present.push_back(participantOf(peer));
      }
      for (const RosterDecision& decision : roster.joined(present)) {
        apply(decision);
      }
    });
    signaling.onPeerJoined([this](const protocol::PeerJoined& joined) {
      if (!inRoom) {
        return;
      }
      apply(roster.peerJoined({joined.peer, joined.name, joined.session}));
    });
    signaling.onPeerLeft([this](const protocol::PeerLeft& left) {
      apply(roster.peerLeft(left.peer, left.reason == protocol::LeaveReason::left, nowMs()));
      scheduleGrace();
    });
    signaling.onOffer([this](const protocol::Offer& offer) {
      if (!inRoom) {
        return;
      }
      const std::string from = offer.from.value_or("");
      if (!sessions.contains(from) && roster.find(from) == nullptr) {
        // An offer from someone we never saw join (we rejoined after a server restart and they
        // got there first): they are in the room, so answer them.
        apply(roster.peerJoined({from, "", ""}));
      }
      if (auto* session = find(from)) {
        session->receive(offer);
      }
    });
    signaling.onAnswer([this](const protocol::Answer& answer) {
      if (auto* session = find(answer.from.value_or(""))) {
        session->receive(answer);
      }
    });
    signaling.onCandidate([this](const protocol::Candidate& candidate) {
      if (auto* session = find(candidate.from.value_or(""))) {
        session->receive(candidate);
      }
    });
    signaling.onError([this](const protocol::Error& error) {
      lastError = std::string(protocol::toString(error.code)) + ": " + error.message;
      if (error.code == protocol::ErrorCode::replaced) {
        refusal = CallPhase::Replaced;
        closeAll(); // the other tab is this participant now
      } else if (error.code == protocol::ErrorCode::roomFull ||
                 error.code == protocol::ErrorCode::tooManyRooms ||
                 error.code == protocol::ErrorCode::badToken) {
        refusal = CallPhase::Refused;
        inRoom = false;
      }
    });
  }

  PeerSession* find(std::string_view peer) {
    auto it = sessions.find(peer);
    return it == sessions.end() ? nullptr : it->second.get();
  }

  // --- apply() ------------------------------------------------------------------------------
  void apply(const RosterDecision& decision) {
    switch (decision.action) {
    case RosterAction::Connect:
      open(decision.peer, decision.weOffer);
      break;
    case RosterAction::Replace:
      close(decision.peer);
      open(decision.peer, decision.weOffer);
      break;
    case RosterAction::Close:
      close(decision.peer);
      break;
    case RosterAction::Keep:
    case RosterAction::None:
      break;
    }
  }

  void scheduleGrace() {
    const std::optional<double> due = roster.nextPollMs();
    if (!due) {
      graceTimer.cancel();
      return;
    }
    graceTimer.start(std::max(0.0, *due - nowMs()), [this] {
      for (const RosterDecision& decision : roster.poll(nowMs())) {
        apply(decision);
      }
      scheduleGrace();
    });
  }

  // --- open() / close() ---------------------------------------------------------------------
  void open(const std::string& peer, bool weOffer) {
    const CallRoster::Entry* entry = roster.find(peer);
    RemoteParticipant remote = entry ? entry->participant : RemoteParticipant{peer, "", ""};
    PeerSession::Options sessionOptions = options.session;
    sessionOptions.configuration = nextConfiguration();
    sessionOptions.offerFirst = weOffer;
    PeerSession::Events sessionEvents{
        .track =
            [this, peer](MediaStreamTrack track, std::vector<MediaStream> streams) {
              if (events.remoteTrack) {
                events.remoteTrack(peer, std::move(track), std::move(streams));
              }
            },
        .chatMessage =
            [this, peer](const std::string& text) {
              if (events.chat) {
                events.chat(peer, text);
              }
            },
        .gaveUp =
            [this, peer] {
              roster.forget(peer);
              close(peer); // destroys the session whose timer called us: nothing after this
            },
    };
    auto created = PeerSession::create(
        you, std::move(remote), std::move(sessionOptions),
        [this](protocol::Message message) { signaling.send(message); }, std::move(sessionEvents));
    if (auto* error = std::get_if<PeerConnectionError>(&created)) {
      lastError = error->describe();
      return;
    }
    auto session = std::move(std::get<std::unique_ptr<PeerSession>>(created));
    session->setVideoSending(!videoMuted);
    session->setLocalStream(localStream);
    sessions[peer] = std::move(session);
    ++opened;
  }

  // `peer` by value: closeAll() passes the map's own key, which erase() frees before the
  // sessionClosed event reads it (a use after free that crashed Lab 05's hang-up, at times).
  void close(std::string peer) {
    auto it = sessions.find(peer);
    if (it == sessions.end()) {
      return;
    }
    auto session = std::move(it->second);
    sessions.erase(it);
    session.reset(); // pc.close() before anyone hears of it
    ++closed;
    if (events.sessionClosed) {
      events.sessionClosed(peer);
    }
  }

  void closeAll() {
    while (!sessions.empty()) {
      close(sessions.begin()->first);
    }
    roster.clear();
    graceTimer.cancel();
  }
};

RoomCall::RoomCall(SignalingClient& signaling, ParticipantIdentity identity, Options options,
                   Events events)
    : impl_(std::make_unique<Impl>(signaling, std::move(identity), std::move(options),
                                   std::move(events))) {
  impl_->listen();
}

RoomCall::~RoomCall() {
  impl_->graceTimer.cancel();
  impl_->sessions.clear();
}

void RoomCall::join() {
  impl_->inRoom = true;
  impl_->refusal = CallPhase::Idle;
  impl_->lastError.clear();
  impl_->signaling.join(protocol::Join{.room = impl_->options.room,
                                       .name = impl_->options.name,
                                       .token = impl_->options.token,
                                       .secret = impl_->identity.secret,
                                       .session = impl_->identity.session,
                                       .capacity = impl_->options.capacity});
}

void RoomCall::hangup() {
  impl_->inRoom = false;
  impl_->closeAll();
  impl_->signaling.leave();
  impl_->you.clear();
}

void RoomCall::setLocalStream(MediaStream* stream) {
  impl_->localStream = stream;
  if (stream) // DevTools: rtclab.localStream, what every session sends
    console::publish("localStream", *stream);
  else
    console::withdraw("localStream");
  impl_->applyMuteToLocalTracks();
  for (auto& [peer, session] : impl_->sessions) {
    session->setLocalStream(stream);
  }
}

void RoomCall::setMuted(bool audioMuted, bool videoMuted) {
  impl_->audioMuted = audioMuted;
  impl_->videoMuted = videoMuted;
  impl_->applyMuteToLocalTracks();
  for (auto& [peer, session] : impl_->sessions) {
    session->setVideoSending(!videoMuted);
  }
}

void RoomCall::setConfiguration(Configuration configuration, bool iceServersFromServer) {
  impl_->options.session.configuration = std::move(configuration);
  impl_->options.iceServersFromServer = iceServersFromServer;
}

void RoomCall::setTrickle(bool trickle) { impl_->options.session.trickle = trickle; }

Configuration RoomCall::nextConfiguration() const { return impl_->nextConfiguration(); }

const RoomCall::ServerIceServers& RoomCall::serverIceServers() const {
  return impl_->serverIceServers;
}

void RoomCall::describe(RoomCallView& view) const {
  view.you = impl_->you;
  view.phase = toString(phase());
  view.serverError = impl_->lastError;
  view.signalingState = toString(impl_->signaling.state());
  view.signalingReconnects = impl_->signaling.successfulReconnects();
  view.sessionsOpened = impl_->opened;
  view.sessionsClosed = impl_->closed;
}

ActionResult RoomCall::restartIce() {
  if (impl_->sessions.empty()) {
    return "no call to restart: nobody else is in the room";
  }
  for (auto& [peer, session] : impl_->sessions) {
    session->restartIce();
  }
  return actionDone();
}

ActionResult RoomCall::sendChat(const std::string& text) {
  if (impl_->sessions.empty()) {
    return "nobody to chat with yet";
  }
  ActionResult result = actionDone();
  for (auto& [peer, session] : impl_->sessions) {
    if (auto error = session->sendChat(text)) {
      result = error;
    }
  }
  return result;
}

CallPhase RoomCall::phase() const {
  if (impl_->refusal != CallPhase::Idle) {
    return impl_->refusal;
  }
  if (!impl_->inRoom) {
    return CallPhase::Idle;
  }
  if (impl_->you.empty()) {
    return CallPhase::Joining;
  }
  return impl_->sessions.empty() ? CallPhase::Waiting : CallPhase::InCall;
}

const std::string& RoomCall::you() const { return impl_->you; }
const std::string& RoomCall::lastError() const { return impl_->lastError; }
const std::map<std::string, std::unique_ptr<PeerSession>, std::less<>>& RoomCall::sessions() const {
  return impl_->sessions;
}
const CallRoster& RoomCall::roster() const { return impl_->roster; }
int RoomCall::sessionsOpened() const { return impl_->opened; }
int RoomCall::sessionsClosed() const { return impl_->closed; }

} // namespace rtclab
