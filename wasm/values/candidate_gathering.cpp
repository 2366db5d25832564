#include "rtclab/candidate_gathering.hpp"

#include <algorithm>
#include <cstdio>

namespace rtclab {

void CandidateGathering::begin(double nowMs, std::string configurationText) {
  *this = CandidateGathering{};
  startedMs_ = nowMs;
  log_ = "configuration " + configurationText + "\n";
}

void CandidateGathering::logLine(double nowMs, const std::string& text) {
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "+%.1f ms ", startedMs_ ? nowMs - *startedMs_ : 0.0);
  log_ += stamp + text + "\n";
}

void CandidateGathering::candidate(const std::string& line, double nowMs) {
  if (!begun()) {
    return;
  }
  const CandidateParseResult parsed = parseCandidate(line);
  if (!parsed.ok()) {
    logLine(nowMs, "unreadable candidate (" + *parsed.error + "): " + line);
    return;
  }
  candidates_.push_back({.afterMs = nowMs - *startedMs_,
                         .info = parsed.candidate,
                         .priority = decodePriority(parsed.candidate.priority),
                         .line = line});
  logLine(nowMs, line);
}

void CandidateGathering::error(const IceCandidateError& error, double nowMs) {
  if (!begun()) {
    return;
  }
  errors_.push_back({nowMs - *startedMs_, error});
  logLine(nowMs, "error " + std::to_string(error.errorCode) + " " + error.errorText + " from " +
                     error.url + ": " + std::string(meaningOf(error)));
}

void CandidateGathering::complete(double nowMs) {
  if (!running()) {
    return;
  }
  completedAfterMs_ = nowMs - *startedMs_;
  logLine(nowMs, "gathering complete: " + std::to_string(candidates_.size()) + " candidates, " +
                     std::to_string(errors_.size()) + " errors");
}

int CandidateGathering::count(CandidateType type) const {
  return static_cast<int>(std::count_if(candidates_.begin(), candidates_.end(),
                                        [type](const auto& c) { return c.info.type == type; }));
}

std::vector<std::pair<CandidateType, double>> CandidateGathering::firstOfEachType() const {
  std::vector<std::pair<CandidateType, double>> firsts;
  for (const GatheredCandidate& c : candidates_) { // in arrival order
    const bool seen = std::any_of(firsts.begin(), firsts.end(),
                                  [&c](const auto& first) { return first.first == c.info.type; });
    if (!seen) {
      firsts.emplace_back(c.info.type, c.afterMs);
    }
  }
  return firsts;
}

nlohmann::json CandidateGathering::toJson() const {
  using nlohmann::json;
  json out = json::object();
  out["running"] = running();
  out["completedAfterMs"] = completedAfterMs_ ? json(*completedAfterMs_) : json(nullptr);
  json& list = out["candidates"] = json::array();
  for (const GatheredCandidate& c : candidates_) {
    json& entry = list.emplace_back();
    entry["afterMs"] = c.afterMs;
    entry["type"] = toString(c.info.type);
    entry["protocol"] = c.info.protocol;
    entry["address"] = c.info.address;
    entry["port"] = c.info.port;
    entry["priority"] = c.info.priority;
    entry["typePreference"] = c.priority.typePreference;
    entry["localPreference"] = c.priority.localPreference;
    entry["component"] = c.priority.component;
    entry["relatedAddress"] = c.info.relatedAddress ? json(*c.info.relatedAddress) : json(nullptr);
    entry["relatedPort"] = c.info.relatedPort ? json(*c.info.relatedPort) : json(nullptr);
    entry["line"] = c.line;
  }
  json& errors = out["errors"] = json::array();
  for (const GatheringError& e : errors_) {
    json& entry = errors.emplace_back();
    entry["afterMs"] = e.afterMs;
    entry["url"] = e.error.url;
    entry["errorCode"] = e.error.errorCode;
    entry["errorText"] = e.error.errorText;
    entry["meaning"] = meaningOf(e.error);
  }
  json& firsts = out["firstOfEachType"] = json::array();
  for (const auto& [type, afterMs] : firstOfEachType()) {
    firsts.push_back({{"type", toString(type)}, {"afterMs", afterMs}});
  }
  out["log"] = log_;
  return out;
}

} // namespace rtclab
