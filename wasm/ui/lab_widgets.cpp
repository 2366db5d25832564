#include "rtclab/ui/lab_widgets.hpp"

namespace rtclab::ui {

bool runAction(const LabActions& actions, const std::string& name, const std::string& argument,
               EventLog& log) {
  auto error = actions.run(name, argument);
  if (!error) {
    return true;
  }
  log.add(log.empty() ? 0 : log.entries().back().timeMs, LogLevel::Error, name + ": " + *error);
  return false;
}

} // namespace rtclab::ui
