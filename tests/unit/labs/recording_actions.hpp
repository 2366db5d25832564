// recording_actions.hpp: LabActions for panel tests that only record which buttons ran, so a
// test can draw a panel and check that drawing alone runs nothing (or that a click ran one).
#pragma once

#include "rtclab/lab_actions.hpp"

#include <initializer_list>
#include <string>
#include <vector>

namespace rtclab::testing {

inline LabActions recordingActions(std::vector<std::string>& ran,
                                   std::initializer_list<const char*> names) {
  LabActions actions;
  for (const char* name : names) {
    actions.add(name, [&ran, name](const std::string&) {
      ran.push_back(name);
      return actionDone();
    });
  }
  return actions;
}

} // namespace rtclab::testing
