// Fakes of the browser objects rtclab's handles wrap, for the bridge tests under node (a
// --pre-js of the test programs only). Node 20 has EventTarget and Event; these add what a test
// needs to see: how many listeners a target holds (every add/remove goes through here), events
// fired on demand, a WebSocket driven by the test, and a clock the test advances by hand.
//
// C++ tests reach them through emscripten::val as globalThis.rtclabFakes. Written for the JS
// optimizer of Emscripten 3.1.6: no class fields, no ?. or ??, no
// destructuring in for-of.
(function () {
  class FakeTarget extends EventTarget {
    constructor() {
      super();
      this.listenersByType = new Map(); // type -> Set of functions
      this.foreignCalls = 0;
    }
    addEventListener(type, listener, options) {
      if (!this.listenersByType.has(type)) this.listenersByType.set(type, new Set());
      this.listenersByType.get(type).add(listener);
      super.addEventListener(type, listener, options);
    }
    removeEventListener(type, listener, options) {
      if (this.listenersByType.has(type)) this.listenersByType.get(type).delete(listener);
      super.removeEventListener(type, listener, options);
    }
    // Listeners on `type`, or on every type when it is omitted.
    listenerCount(type) {
      if (type !== undefined) {
        return this.listenersByType.has(type) ? this.listenersByType.get(type).size : 0;
      }
      let count = 0;
      for (const set of this.listenersByType.values()) count += set.size;
      return count;
    }
    // A listener someone else's JS code added: no handle may remove it.
    addForeignListener(type) {
      this.addEventListener(type, () => { this.foreignCalls++; });
    }
    // Dispatches an Event of `type` carrying `fields` (event.track, event.data, event.code ...)
    // to the listeners and, as a browser does, to the `on<type>` handler property if one is set
    // (node's EventTarget has none of its own).
    fire(type, fields) {
      const event = new Event(type);
      Object.assign(event, fields || {});
      this.dispatchEvent(event);
      const handler = this['on' + type];
      if (typeof handler === 'function') handler.call(this, event);
    }
  }

  let nextId = 1;
  class FakeTrack extends FakeTarget {
    constructor(kind) {
      super();
      this.id = `track-${nextId++}`;
      this.kind = kind;
      this.label = `fake ${kind}`;
      this.enabled = true;
      this.muted = false;
      this.readyState = 'live';
    }
    stop() { this.readyState = 'ended'; }
    getSettings() { return {}; }
  }

  class FakeStream extends FakeTarget {
    constructor(tracks) {
      super();
      this.id = `stream-${nextId++}`;
      this.tracks = tracks;
    }
    get active() { return this.tracks.some((t) => t.readyState === 'live'); }
    getTracks() { return this.tracks.slice(); }
  }

  class FakeDataChannel extends FakeTarget {
    constructor(label) {
      super();
      this.label = label;
      this.id = 1;
      this.readyState = 'open';
      this.bufferedAmount = 0;
      this.bufferedAmountLowThreshold = 0;
      this.binaryType = 'blob';
      this.sent = [];
    }
    send(data) { this.sent.push(data); }
    close() { this.readyState = 'closed'; }
  }

  class FakePeerConnection extends FakeTarget {
    constructor(configuration) {
      super();
      this.configuration = configuration;
      this.signalingState = 'stable';
      this.iceGatheringState = 'new';
      this.iceConnectionState = 'new';
      this.connectionState = 'new';
      this.closeCalls = 0;
      FakePeerConnection.last = this;
    }
    close() {
      this.closeCalls++;
      this.signalingState = 'closed';
      this.connectionState = 'closed';
      this.iceConnectionState = 'closed';
    }
    createDataChannel(label) { return new FakeDataChannel(label); }
    // What the browser was handed, as given (the test reads it back).
    setRemoteDescription(init) { this.remoteInit = init; return new Promise(() => {}); }
    addIceCandidate(init) { this.candidateInit = init; return new Promise(() => {}); }
  }

  // A WebSocket the test plays the server for: open(), receive(text), drop(code).
  class FakeWebSocket extends FakeTarget {
    static reset() { FakeWebSocket.instances = []; }
    static count() { return FakeWebSocket.instances.length; }
    static at(index) { return FakeWebSocket.instances[index]; }
    constructor(url) {
      super();
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      this.closedWith = null; // the code close() was called with
      FakeWebSocket.instances.push(this);
    }
    send(text) {
      if (this.readyState !== 1) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
      this.sent.push(text);
    }
    close(code) {
      this.closedWith = code === undefined ? 1005 : code;
      this.readyState = 3;
    }
    sentCount() { return this.sent.length; }
    sentAt(index) { return this.sent[index]; }
    lastSent() { return this.sent.length ? this.sent[this.sent.length - 1] : ''; }
    // The server side:
    open() {
      this.readyState = 1;
      this.fire('open');
    }
    receive(text) { this.fire('message', { data: text }); }
    drop(code) {
      this.readyState = 3;
      this.fire('close', { code, reason: '' });
    }
  }

  FakeWebSocket.instances = [];

  // setTimeout / clearTimeout / performance.now under the test's control: advance(ms) runs every
  // timer that falls due, in order, with now() at its due time.
  const clock = {
    now: 0,
    timers: new Map(), // id -> {at, fn}
    nextTimerId: 1,
    saved: null,
    install() {
      this.now = 0;
      this.timers.clear();
      this.saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
      globalThis.setTimeout = (fn, ms) => {
        const id = this.nextTimerId++;
        this.timers.set(id, { at: this.now + Math.max(0, Number(ms) || 0), fn });
        return id;
      };
      globalThis.clearTimeout = (id) => { this.timers.delete(id); };
      performance.now = () => this.now;
    },
    uninstall() {
      globalThis.setTimeout = this.saved.setTimeout;
      globalThis.clearTimeout = this.saved.clearTimeout;
      delete performance.now;
      this.timers.clear();
    },
    pending() { return this.timers.size; },
    // A frozen main thread: time passes and no timer runs; the ones due run late, at the next
    // advance().
    freeze(ms) { this.now += ms; },
    advance(ms) {
      const until = this.now + ms;
      for (;;) {
        let dueId = null;
        let due = null;
        this.timers.forEach((timer, id) => {
          if (timer.at <= until && (due === null || timer.at < due.at)) {
            dueId = id;
            due = timer;
          }
        });
        if (due === null) break;
        this.timers.delete(dueId);
        this.now = Math.max(this.now, due.at); // a timer due while frozen runs late
        due.fn();
      }
      this.now = until;
    },
  };

  // console.error, recorded: a moved-from handle must say so there.
  const consoleErrors = [];
  const originalError = console.error;
  console.error = (...args) => {
    consoleErrors.push(args.join(' '));
    originalError(...args);
  };

  globalThis.RTCPeerConnection = FakePeerConnection;
  globalThis.WebSocket = FakeWebSocket;
  if (globalThis.navigator === undefined) globalThis.navigator = {};
  globalThis.navigator.mediaDevices = new FakeTarget();
  // getUserMedia returns a thenable the test settles by hand, synchronously (a real promise
  // would settle only after the test has returned): rtclabFakes.userMedia.resolve(i) / reject.
  const userMedia = {
    requests: [],
    streams: [],
    count() { return this.requests.length; },
    resolve(i) {
      const stream = new FakeStream([new FakeTrack('audio'), new FakeTrack('video')]);
      this.streams.push(stream);
      this.requests[i].onValue(stream);
      return stream;
    },
    reject(i, name) {
      const error = new Error('fake ' + name);
      error.name = name;
      this.requests[i].onError(error);
    },
    reset() { this.requests = []; this.streams = []; },
  };
  globalThis.navigator.mediaDevices.getUserMedia = function () {
    const request = { then(onValue, onError) { request.onValue = onValue; request.onError = onError; } };
    userMedia.requests.push(request);
    return request;
  };
  // The Compute Pressure API, installed only by the tests that want it (absent, as in Firefox,
  // otherwise): observe() returns a thenable the test settles by hand; emit(state) delivers a
  // record to the observer's callback unless it disconnected.
  class FakePressureObserver {
    constructor(callback) {
      this.callback = callback;
      this.observed = [];
      this.disconnected = false;
      FakePressureObserver.instances.push(this);
    }
    observe(source, options) {
      const request = { source: source, options: options,
        then(onValue, onError) { request.onValue = onValue; request.onError = onError; } };
      this.observed.push(request);
      return request;
    }
    disconnect() { this.disconnected = true; }
    emit(state) {
      if (!this.disconnected) this.callback([{ source: 'cpu', state: state, time: 0 }]);
    }
  }
  FakePressureObserver.instances = [];

  globalThis.rtclabFakes = {
    userMedia,
    FakeTarget, FakeTrack, FakeStream, FakeDataChannel, FakePeerConnection, FakeWebSocket, clock,
    FakePressureObserver,
    consoleErrors,
    lastConsoleError: () => consoleErrors.length ? consoleErrors[consoleErrors.length - 1] : '',
  };
})();
