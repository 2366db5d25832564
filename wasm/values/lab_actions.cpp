#include "rtclab/lab_actions.hpp"

namespace rtclab {

void LabActions::add(std::string name, Action action) {
  actions_.insert_or_assign(std::move(name), std::move(action));
}

ActionResult LabActions::run(const std::string& name, const std::string& argument) const {
  auto found = actions_.find(name);
  if (found == actions_.end()) {
    std::string known;
    for (const auto& [actionName, action] : actions_) {
      known += (known.empty() ? "" : ", ") + actionName;
    }
    return "unknown action '" + name + "' (known: " + known + ")";
  }
  return found->second(argument);
}

ActionResult setSwitch(bool& value, std::string_view argument) {
  if (argument == "on" || argument == "true") {
    value = true;
  } else if (argument == "off" || argument == "false") {
    value = false;
  } else if (argument.empty()) {
    value = !value;
  } else {
    return "expected on, off or nothing (toggle), not '" + std::string(argument) + "'";
  }
  return actionDone();
}

} // namespace rtclab
