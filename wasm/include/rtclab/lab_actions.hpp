// lab_actions.hpp: a lab's named actions, one per button (pure C++, tested natively).
// Module.labAction(name, arg) and the ImGui buttons both call LabActions::run, so tests exercise
// exactly what a learner's click does.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace rtclab {

// What an action returns: nothing on success, or why it could not run.
using ActionResult = std::optional<std::string>;
inline ActionResult actionDone() { return std::nullopt; }

// The argument of an on/off action (`mute-audio on`): sets `value` from "on" or "true", "off"
// or "false", or toggles it for "". Anything else leaves it and says what was expected.
ActionResult setSwitch(bool& value, std::string_view argument);

class LabActions {
public:
  using Action = std::function<ActionResult(const std::string& argument)>;

  // Registers a named action (a button's code path).
  void add(std::string name, Action action);
  // Runs it; unknown names are an error listing the known ones.
  ActionResult run(const std::string& name, const std::string& argument) const;

private:
  std::map<std::string, Action, std::less<>> actions_;
};

} // namespace rtclab
