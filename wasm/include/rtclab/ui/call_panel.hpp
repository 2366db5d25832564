// call_panel.hpp: the panel of a call with one remote participant, and its labState JSON.
//
//   rtclab::ui::drawPeerSession("Call with bob", session.view());   // everything below, in order
//   json["peer"] = rtclab::ui::toJson(session.view());
//
// The pieces, each usable alone:
//   drawSequenceDiagram   the guide's 연결 프로세스 chart, live: every offer, answer and candidate
//                         of this call as an arrow between us, the server and the other peer
//   drawTransportSecurity the guide's 보안 section, live: DTLS state and role, the ciphers, and
//                         the certificate fingerprints beside the a=fingerprint lines of the SDPs
//   drawMediaQuality      codec, frames, losses and jitter of what we receive and send
// Pure functions of PeerSessionView (natively drawn headless in the tests).
#pragma once

#include "rtclab/peer_session_view.hpp"

#include <nlohmann/json.hpp>

#include <deque>
#include <optional>
#include <string>

namespace rtclab::ui {

class StepGuide;

// The DTLS-SRTP facts of the selected transport, and where the fingerprints sit in the SDP.
struct TransportSecurity {
  std::string dtlsState; // "" before the first stats
  std::string dtlsRole;
  std::string tlsVersion;
  std::string dtlsCipher;
  std::string srtpCipher;
  // "sha-256 AB:CD:..." from the certificate stats; std::nullopt once DTLS is up when the browser
  // reports no certificate stats (Firefox), and before.
  std::optional<std::string> localFingerprint;
  std::optional<std::string> remoteFingerprint;
  std::string localSdpFingerprintLine; // "line 12: a=fingerprint:sha-256 AB:CD:..."
  std::string remoteSdpFingerprintLine;
  bool operator==(const TransportSecurity&) const = default;
};
TransportSecurity transportSecurityOf(const std::optional<StatsReport>& stats,
                                      const std::string& localSdp, const std::string& remoteSdp);

// The first a=fingerprint line of `sdp` as "line N: a=fingerprint:..." (1-based); "" if none.
std::string fingerprintLineOf(const std::string& sdp);

// What we receive and send, per kind, from the latest stats.
struct MediaStreamQuality {
  std::string kind;  // "audio" / "video"
  std::string codec; // "video/VP8"; "" before the codec record arrives
  std::uint64_t bytes = 0;
  std::uint64_t packets = 0;
  std::int64_t packetsLost = 0;        // inbound
  std::optional<double> jitterMs;      // inbound
  std::optional<std::uint64_t> frames; // framesDecoded (inbound) / framesEncoded
  std::optional<double> framesPerSecond;
  std::optional<std::uint32_t> width, height;
  bool operator==(const MediaStreamQuality&) const = default;
};
struct MediaQuality {
  std::vector<MediaStreamQuality> inbound;
  std::vector<MediaStreamQuality> outbound;
  bool operator==(const MediaQuality&) const = default;
};
MediaQuality mediaQualityOf(const std::optional<StatsReport>& stats);

void drawSequenceDiagram(const char* id, const std::deque<SignalArrow>& signals, const char* us,
                         const char* them);
void drawTransportSecurity(const TransportSecurity& security);
void drawMediaQuality(const MediaQuality& quality);
// Role and glare counters, the three widgets above, then drawPeerPanel (timelines, candidates,
// plots, SDP, log). `title` scopes the widget ids: one per remote participant. With a lab's
// step `guide`, the section its current step needs opens: "ui.session.sequence",
// "ui.session.transport", "ui.session.media" or drawPeerPanel's.
void drawPeerSession(const char* title, const PeerSessionView& view, StepGuide* guide = nullptr);

// The snapshot of one call for Module.labState() (documented in the Lab 04 README): the
// panel's toJson(PeerPanelState) plus the remote participant, role, transport, negotiation
// counters, ICE restarts, chat and the sequence chart's messages.
nlohmann::json toJson(const PeerSessionView& view);

} // namespace rtclab::ui
