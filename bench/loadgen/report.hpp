// The results: one table of medians over the rounds, the first server (the subject) beside every
// other with the ratio other/subject, the spread of each figure over the rounds, the subject's
// targets (PASS/MISS), and the conditions each figure was measured under.
#pragma once

#include "figures.hpp"

#include <string>
#include <vector>

namespace rtclab::bench {

// One server's figures, one entry per round it ran in.
struct ServerRuns {
  std::string name;
  Dialect dialect = Dialect::rtclab;
  std::vector<ServerFigures> rounds;
};

std::string formatReport(const Settings& settings, const std::vector<ServerRuns>& servers);

} // namespace rtclab::bench
