// candidate_gathering.hpp: one round of ICE candidate gathering, as it happened.
//
//   const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy });
//   pc.createDataChannel('gather');                  // something to gather candidates for
//   pc.onicecandidate = (e) => log(e.candidate);     // each one as it trickles in; null: done
//   pc.onicecandidateerror = (e) => log(e.errorCode, e.url);
//   await pc.setLocalDescription();
//
// The model keeps each candidate with the time since gathering began and its priority split
// into its three parts, each server error with what it means, and the ICE candidate log (the
// guide's tip) as text to copy out. The lab feeds it from a throwaway PeerConnection.
//
// Pure values: tested natively and under node (tests/unit/values/candidate_gathering_test.cpp).
#pragma once

#include "rtclab/ice_candidate.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rtclab {

struct GatheredCandidate {
  double afterMs = 0; // since gathering began
  CandidateInfo info;
  CandidatePriority priority;
  std::string line; // as the browser gave it
  bool operator==(const GatheredCandidate&) const = default;
};

struct GatheringError {
  double afterMs = 0;
  IceCandidateError error;
  bool operator==(const GatheringError&) const = default;
};

class CandidateGathering {
public:
  // A new round: everything of the previous one is forgotten.
  void begin(double nowMs, std::string configurationText);
  // One candidate line; a line that cannot be read goes into the log with the reason.
  void candidate(const std::string& line, double nowMs);
  void error(const IceCandidateError& error, double nowMs);
  // event.candidate === null: this round has every candidate it will get.
  void complete(double nowMs);

  bool begun() const { return startedMs_.has_value(); }
  bool running() const { return begun() && !completedAfterMs_; }
  std::optional<double> completedAfterMs() const { return completedAfterMs_; }
  const std::vector<GatheredCandidate>& candidates() const { return candidates_; }
  const std::vector<GatheringError>& errors() const { return errors_; }
  int count(CandidateType type) const;
  // When the first candidate of each type arrived, fastest first: the guide's speed ranking
  // (host, then server reflexive, then relay) as measured here.
  std::vector<std::pair<CandidateType, double>> firstOfEachType() const;
  // The ICE candidate log: the configuration, then one line per event, "+12.3 ms candidate ...".
  const std::string& log() const { return log_; }

  nlohmann::json toJson() const;

private:
  void logLine(double nowMs, const std::string& text);
  std::optional<double> startedMs_;
  std::optional<double> completedAfterMs_;
  std::vector<GatheredCandidate> candidates_;
  std::vector<GatheringError> errors_;
  std::string log_;
};

} // namespace rtclab
