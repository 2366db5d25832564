// The one place where JavaScript calls into C++ (linked with --pre-js; see bridge.hpp).
//
// rtclabMakeListener(id) returns a plain JS function that forwards its first argument to the C++
// callable registered under `id`. The C++ side unregisters the id when its owner is destroyed, so
// a late event or promise settlement finds no callable and is dropped: JS never reaches freed
// C++ memory. Ids are never reused.
Module['rtclabMakeListener'] = function (id) {
  return function (arg) {
    Module['rtclabInvoke'](id, arg === undefined ? null : arg);
  };
};

// Synchronous calls that may throw come back as {ok, value} or {ok: false, error}: C++ never
// has to catch a JS exception (bridge::callMethod, bridge::construct).
Module['rtclabCall'] = function (target, method, args) {
  try {
    return { ok: true, value: target[method].apply(target, args) };
  } catch (error) {
    return { ok: false, error: error };
  }
};
Module['rtclabConstruct'] = function (constructorName, args) {
  try {
    return { ok: true, value: new globalThis[constructorName](...args) };
  } catch (error) {
    return { ok: false, error: error };
  }
};

// The labs' automation interface (rtclab::exposeLabAutomation calls this from main(), so the
// public names appear only once the lab is ready): Module.labState() and
// Module.labAction(name, arg), where arg is optional.
Module['rtclabPublishAutomation'] = function () {
  Module['labState'] = function () {
    return Module['rtclabLabState']();
  };
  Module['labAction'] = function (name, arg) {
    return Module['rtclabLabAction'](String(name), arg === undefined || arg === null ? '' : String(arg));
  };
};
