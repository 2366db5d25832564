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

} // namespace rtclab
