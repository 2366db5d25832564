// The results table: the first server is the subject (targets apply to it), every other server
// is a baseline shown beside it with the ratio baseline/subject.
#pragma once

#include "figures.hpp"

#include <string>
#include <vector>

namespace rtclab::bench {

std::string formatReport(const Settings& settings, const std::vector<ServerFigures>& servers);

} // namespace rtclab::bench
