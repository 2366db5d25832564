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

// The bridge's own calls, one step each with no method name to pass: emscripten::val hands a
// name over as a C string that Embind 3.1.6 rebuilds in JavaScript one character at a time (a
// new string per character), and these run for every listener and every promise.
Module['rtclabListen'] = function (target, type, id) {
  var listener = Module['rtclabMakeListener'](id);
  target.addEventListener(type, listener);
  return listener;
};
Module['rtclabUnlisten'] = function (target, type, listener) {
  target.removeEventListener(type, listener);
};
Module['rtclabThen'] = function (promise, valueId, errorId) {
  promise.then(Module['rtclabMakeListener'](valueId), Module['rtclabMakeListener'](errorId));
};

// Timers, looked up on globalThis at every call (the wasm unit tests replace them with a fake
// clock): the same calls without a name to pass.
Module['rtclabSetTimeout'] = function (listener, delayMs) {
  return setTimeout(listener, delayMs);
};
Module['rtclabClearTimeout'] = function (handle) {
  clearTimeout(handle);
};

// DevTools handles (console_handles.hpp): window.rtclab.<dotted name>, the objects on the way
// made as needed, in one step instead of one crossing per segment.
function rtclabConsolePlace(name, make) {
  var segments = ('rtclab.' + name).split('.');
  var parent = globalThis;
  for (var i = 0; i < segments.length - 1; i++) {
    var next = parent[segments[i]];
    if (next === null || typeof next !== 'object') {
      if (!make) return null;
      next = parent[segments[i]] = {};
    }
    parent = next;
  }
  return { parent: parent, key: segments[segments.length - 1] };
}
Module['rtclabPublish'] = function (name, object) {
  var place = rtclabConsolePlace(name, true);
  place.parent[place.key] = object;
};
// Removes the name; with onlyIfHolding, only while it still holds `object`.
Module['rtclabWithdraw'] = function (name, object, onlyIfHolding) {
  var place = rtclabConsolePlace(name, false);
  if (place && (!onlyIfHolding || place.parent[place.key] === object)) {
    delete place.parent[place.key];
  }
};

// Synchronous calls that may throw come back as {ok, value} or {ok: false, error}: C++ never
// has to catch a JS exception (bridge::callMethod, bridge::construct).
// The arguments follow the name, as C++ passed them (no array to build first).
Module['rtclabCall'] = function (target, method, ...args) {
  try {
    return { ok: true, value: target[method](...args) };
  } catch (error) {
    return { ok: false, error: error };
  }
};
Module['rtclabConstruct'] = function (constructorName, ...args) {
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
