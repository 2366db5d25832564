// The plain-JavaScript half of the browser benchmark, and the page's side of the driver
// (client.mjs, bench-page.mjs): the same work as main.cpp on RTCPeerConnection and
// RTCDataChannel directly, as a learner would write it from the guide, and one promise-based
// entry point per measurement that runs either path:
//
//   await rtclabBench.ready                     the wasm module has started
//   await rtclabBench.dc(path, size, messages)  path 'cpp' or 'js': {messages, bytes, checksum, ms}
//   rtclabBench.expectedChecksum(size, messages)
//   await rtclabBench.copies(size, messages)    wasm heap copies per message, counted (below)
//   await rtclabBench.call(path, url, room)     join -> both connected: {ms, connected, sent};
//                                               path 'cpp' (the call layer), 'api' (the typed
//                                               API alone: main.cpp's participants.hpp) or 'js'
//   rtclabBench.sidePrepare / sideJoin / sideConnected / sideHangup
//                                               one side of a call between two pages (below)
'use strict';

(function () {
  const waiting = new Map(); // tag -> resolve, for the C++ half's rtclabBench.settle()
  let started;
  const bench = {
    ready: new Promise((resolve) => { started = resolve; }),
    settle(tag, json) {
      const resolve = waiting.get(tag);
      waiting.delete(tag);
      if (resolve) resolve(JSON.parse(json));
    },
  };
  bench.started = () => started(); // called by main.cpp's main()
  function settled(tag) {
    return new Promise((resolve) => waiting.set(tag, resolve));
  }
  function check(result) {
    if (result.error) throw new Error(result.error);
    return result;
  }

  // --- Every RTCPeerConnection of the page, whichever path made it -----------------------------
  // Each records when its connectionState became "connected" (performance.now()), the same
  // measurement for both paths.
  const connections = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      // The first time of each milestone, for the phases of a call's setup.
      const record = { created: performance.now(), connected: null, pc: this, needed: null,
        sld: null, offer: null, answered: null, checking: null };
      this.record = record;
      connections.push(record);
      const first = (key) => { if (record[key] === null) record[key] = performance.now(); };
      this.addEventListener('negotiationneeded', () => first('needed'));
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'connected') first('connected');
      });
      this.addEventListener('signalingstatechange', () => {
        if (this.signalingState === 'have-local-offer') first('offer');
        if (this.signalingState === 'stable' && record.offer !== null) first('answered');
      });
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'checking') first('checking');
      });
    }
    // When the page's code first asked for a local description (the offer, or the answer).
    setLocalDescription(...args) {
      if (this.record.sld === null) this.record.sld = performance.now();
      return super.setLocalDescription(...args);
    }
  };

  // --- Every signaling message of the page, whichever path sent it ----------------------------
  // The first time an offer or an answer went out on a WebSocket of the page, and the first time
  // one arrived (before the page's own listener sees it), from bench.call's start: the round trip
  // of the offer, split into the server's relay and each side's own handling.
  let signals = {};
  const NativeSocket = window.WebSocket;
  const typeOf = (data) => (typeof data === 'string' ? /"type":"([a-z-]+)"/.exec(data)?.[1] : null);
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const type = typeOf(event.data);
        if ((type === 'offer' || type === 'answer') && signals[`${type}In`] === null) {
          signals[`${type}In`] = performance.now();
        }
      });
    }
    send(data) {
      const type = typeOf(data);
      if ((type === 'offer' || type === 'answer') && signals[`${type}Out`] === null) {
        signals[`${type}Out`] = performance.now();
      }
      if (signals.sent) signals.sent[type] = (signals.sent[type] ?? 0) + 1;
      return super.send(data);
    }
  };

  // --- The payload and the checksum (mirrored in main.cpp) -------------------------------------
  function makePayload(size) {
    const words = new Uint32Array(size / 4);
    let x = 0x9E3779B9;
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13; x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5; x >>>= 0;
      words[i] = x;
    }
    return words;
  }
  function checksumStep(checksum, words) {
    let sum = 0;
    for (let i = 0; i < words.length; i++) sum = (sum + words[i]) >>> 0;
    return (Math.imul(checksum, 0x01000193) ^ sum) >>> 0;
  }
  bench.expectedChecksum = function (size, messages) {
    const words = makePayload(size);
    words[0] = 0;
    let base = 0;
    for (let i = 0; i < words.length; i++) base = (base + words[i]) >>> 0;
    let checksum = 0;
    for (let i = 0; i < messages; i++) {
      checksum = (Math.imul(checksum, 0x01000193) ^ ((base + i) >>> 0)) >>> 0;
    }
    return checksum;
  };

  // --- Data-channel throughput in JavaScript ---------------------------------------------------
  const kLowThreshold = 1 << 20; // the same pacing as main.cpp
  const kHighWater = 4 << 20;
  const js = { sender: null, receiver: null, run: null };

  async function jsSetup() {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.onicecandidate = (event) => event.candidate && b.addIceCandidate(event.candidate);
    b.onicecandidate = (event) => event.candidate && a.addIceCandidate(event.candidate);
    js.sender = a.createDataChannel('bench', { negotiated: true, id: 1 });
    js.receiver = b.createDataChannel('bench', { negotiated: true, id: 1 });
    js.receiver.binaryType = 'arraybuffer';
    const opened = Promise.all([js.sender, js.receiver].map((channel) =>
      new Promise((resolve) => channel.addEventListener('open', resolve, { once: true }))));
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription);
    await opened;
    js.sender.bufferedAmountLowThreshold = kLowThreshold;
    js.sender.onbufferedamountlow = pump;
    js.receiver.onmessage = arrived;
  }

  function pump() {
    const run = js.run;
    while (run && run.sent < run.count && js.sender.bufferedAmount <= kHighWater) {
      run.words[0] = run.sent;
      js.sender.send(run.words);
      run.sent++;
    }
  }

  function arrived(event) {
    const run = js.run;
    if (!run) return;
    run.bytes += event.data.byteLength;
    run.checksum = checksumStep(run.checksum, new Uint32Array(event.data));
    if (++run.received === run.count) {
      js.run = null;
      run.done({ path: 'js', messages: run.received, bytes: run.bytes, checksum: run.checksum,
        ms: performance.now() - run.start });
    }
  }

  function jsRun(size, count) {
    return new Promise((done) => {
      js.run = { words: makePayload(size), count, sent: 0, received: 0, bytes: 0, checksum: 0,
        start: performance.now(), done };
      pump();
    });
  }

  let cppSetUp = null;
  let jsSetUp = null;
  bench.dc = async function (path, size, messages) {
    if (path === 'cpp') {
      if (!cppSetUp) {
        cppSetUp = settled('dc-setup').then(check);
        Module.dcSetup();
      }
      await cppSetUp;
      const result = settled('dc-run');
      Module.dcRun(size, messages);
      return check(await result);
    }
    if (!jsSetUp) jsSetUp = jsSetup();
    await jsSetUp;
    return jsRun(size, messages);
  };

  // --- Copies at the wasm heap's edge, counted -------------------------------------------------
  // For one short run per path: every RTCDataChannel.send() of a view of the wasm heap (the
  // browser copies it out), every TypedArray set() into the heap (a copy in) and every slice()
  // of it (a copy out), with their bytes; and main.cpp's count of payload-sized operator new
  // calls (a copy inside the heap needs a buffer). The hooks are removed afterwards, so the timed
  // runs are not slowed by them.
  bench.copies = async function (path, size, messages) {
    await bench.dc(path, size, 1); // the channel is set up, before counting
    const counts = { sendFromHeap: 0, setIntoHeap: 0, sliceOfHeap: 0, bytesOut: 0, bytesIn: 0 };
    const heap = () => Module.HEAPU8.buffer;
    const typedArray = Object.getPrototypeOf(Uint8Array.prototype); // %TypedArray%.prototype
    const originals = { send: RTCDataChannel.prototype.send, set: typedArray.set,
      slice: typedArray.slice };
    RTCDataChannel.prototype.send = function (data) {
      if (ArrayBuffer.isView(data) && data.buffer === heap()) {
        counts.sendFromHeap++;
        counts.bytesOut += data.byteLength;
      }
      return originals.send.call(this, data);
    };
    typedArray.set = function (source, offset) {
      if (this.buffer === heap() && !(ArrayBuffer.isView(source) && source.buffer === heap())) {
        counts.setIntoHeap++;
        counts.bytesIn += (source.byteLength ?? source.length) | 0;
      }
      return originals.set.call(this, source, offset);
    };
    typedArray.slice = function (...args) {
      const copy = originals.slice.apply(this, args);
      if (this.buffer === heap()) {
        counts.sliceOfHeap++;
        counts.bytesOut += copy.byteLength;
      }
      return copy;
    };
    Module.countLargeAllocations(size / 2);
    let result;
    try {
      result = await bench.dc(path, size, messages);
    } finally {
      RTCDataChannel.prototype.send = originals.send;
      typedArray.set = originals.set;
      typedArray.slice = originals.slice;
    }
    const allocations = Module.largeAllocations();
    Module.countLargeAllocations(0xffffffff);
    const per = (n) => n / messages;
    return {
      path, messages, bytes: result.bytes,
      // sender side: copies out of the heap; receiver side: copies into it
      senderCopies: per(counts.sendFromHeap + counts.sliceOfHeap),
      receiverCopies: per(counts.setIntoHeap),
      heapBytesPerMessage: per(counts.bytesOut + counts.bytesIn),
      payloadAllocations: per(allocations),
    };
  };

  // --- Call setup: a minimal JavaScript client of rtclab-server ---------------------------------
  // The perfect negotiation pattern (webrtc/samples) over docs/signaling-protocol.md, written as
  // a learner would: the newcomer offers to those already there, the greater id is polite, a
  // negotiated "chat" channel (id 0) is the call's content, candidates trickle.
  class JsParticipant {
    // `capacity`: the room size asked for (2: a 1:1 call); `calls(name)`: whom to call or answer
    // (everyone by default).
    constructor(url, room, name, { capacity = 2, calls = () => true } = {}) {
      this.room = room;
      this.name = name;
      this.capacity = capacity;
      this.calls = calls;
      this.peers = new Map();
      this.socket = new WebSocket(url);
      this.opened = new Promise((resolve) => this.socket.addEventListener('open', resolve));
      this.socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    }
    join() {
      const secret = randomToken(24);
      this.send({ type: 'join', room: this.room, name: this.name, version: 1, secret,
        session: randomToken(8), capacity: this.capacity });
    }
    send(message) { this.socket.send(JSON.stringify(message)); }
    receive(message) {
      switch (message.type) {
        case 'joined':
          this.id = message.peer;
          this.iceServers = message.iceServers ?? [];
          for (const peer of message.peers) if (this.calls(peer.name)) this.open(peer.id, true);
          break;
        case 'peer-joined': if (this.calls(message.name)) this.open(message.peer, false); break;
        case 'peer-left': this.peers.get(message.peer)?.pc.close(); this.peers.delete(message.peer); break;
        case 'offer': case 'answer': this.peers.get(message.from)?.description(message); break;
        case 'candidate': this.peers.get(message.from)?.candidate(message); break;
        default: break;
      }
    }
    open(remote, offerFirst) {
      const pc = new RTCPeerConnection({ iceServers: this.iceServers });
      const peer = { pc, makingOffer: false, ignoreOffer: false, polite: this.id > remote,
        chat: null };
      const addChat = () => {
        if (!peer.chat) peer.chat = pc.createDataChannel('chat', { negotiated: true, id: 0 });
      };
      pc.onnegotiationneeded = async () => {
        try {
          peer.makingOffer = true;
          await pc.setLocalDescription();
          this.send({ type: 'offer', to: remote, sdp: pc.localDescription.sdp });
        } finally {
          peer.makingOffer = false;
        }
      };
      pc.onicecandidate = ({ candidate }) => this.send({ type: 'candidate', to: remote,
        candidate: candidate ? candidate.candidate : '', sdpMid: candidate?.sdpMid ?? null,
        sdpMLineIndex: candidate?.sdpMLineIndex ?? null,
        usernameFragment: candidate?.usernameFragment ?? null });
      peer.description = async ({ type, sdp }) => {
        const collision = type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable');
        peer.ignoreOffer = !peer.polite && collision;
        if (peer.ignoreOffer) return;
        await pc.setRemoteDescription({ type, sdp });
        if (type === 'offer') {
          addChat(); // the answer carries it, as the call layer's does
          await pc.setLocalDescription();
          this.send({ type: 'answer', to: remote, sdp: pc.localDescription.sdp });
        }
      };
      peer.candidate = async (message) => {
        try {
          await pc.addIceCandidate(message.candidate ? { candidate: message.candidate,
            sdpMid: message.sdpMid, sdpMLineIndex: message.sdpMLineIndex,
            usernameFragment: message.usernameFragment } : null);
        } catch (error) {
          if (!peer.ignoreOffer) throw error;
        }
      };
      this.peers.set(remote, peer);
      if (offerFirst) addChat(); // fires negotiationneeded: we offer
    }
    hangup() {
      for (const peer of this.peers.values()) peer.pc.close();
      this.peers.clear();
      if (this.socket.readyState === WebSocket.OPEN) this.send({ type: 'leave' });
      this.socket.close();
    }
  }

  function randomToken(length) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const bytes = crypto.getRandomValues(new Uint8Array(length));
    return Array.from(bytes, (b) => alphabet[b % 64]).join('');
  }

  function waitFor(predicate, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const deadline = performance.now() + timeoutMs;
      const poll = () => {
        if (predicate()) return resolve();
        if (performance.now() > deadline) return reject(new Error(`timed out: ${what}`));
        setTimeout(poll, 5);
      };
      poll();
    });
  }

  // Both participants' sockets open first (not timed), then both join at once; the time is from
  // the joins to the later of the two new RTCPeerConnections' "connected" (recorded above, the
  // same way for both paths).
  const callPath = (path) => {
    if (!['cpp', 'api', 'js'].includes(path)) {
      throw new Error(`no call path ${path}: cpp (the call layer), api (the typed API) or js`);
    }
    return path;
  };
  bench.call = async function (path, url, room, timeoutMs = 20000) {
    callPath(path);
    let participants = null;
    if (path !== 'js') {
      Module.callPrepare(path, url, room, `${path}-a`, `${path}-b`);
      await waitFor(() => Module.callSocketsOpen(), timeoutMs, 'C++ signaling sockets open');
    } else {
      participants = [new JsParticipant(url, room, 'js-a'), new JsParticipant(url, room, 'js-b')];
      await Promise.all(participants.map((p) => p.opened));
    }
    const first = connections.length;
    signals = { offerOut: null, offerIn: null, answerOut: null, answerIn: null, sent: {} };
    const start = performance.now();
    if (path !== 'js') Module.callJoin();
    else participants.forEach((p) => p.join());
    const mine = () => connections.slice(first);
    let error = null;
    try {
      await waitFor(() => mine().length >= 2 && mine().every((c) => c.connected !== null),
        timeoutMs, `${path}: both RTCPeerConnections connected`);
    } catch (e) {
      error = e.message;
    }
    const records = mine();
    const result = {
      path, error,
      connections: records.length,
      connected: records.filter((c) => c.connected !== null).length,
      ms: error ? null : Math.max(...records.map((c) => c.connected)) - start,
      // Milestones from the joins, ms: the first RTCPeerConnection created, negotiationneeded
      // fired, setLocalDescription() called (both: the offerer's, as it comes first), the offer applied
      // (offerer's have-local-offer), the answer applied (offerer stable again), ICE checking
      // (either side), and the later of the two connected.
      phases: error ? null : (() => {
        const earliest = (key) => Math.min(...records.map((c) => c[key] ?? Infinity)) - start;
        const signal = (key) => (signals[key] === null ? null : signals[key] - start);
        return { created: earliest('created'), needed: earliest('needed'), sld: earliest('sld'),
          offer: earliest('offer'), offerOut: signal('offerOut'), offerIn: signal('offerIn'),
          answerOut: signal('answerOut'), answerIn: signal('answerIn'),
          answered: earliest('answered'), checking: earliest('checking'),
          connected: Math.max(...records.map((c) => c.connected)) - start };
      })(),
      // the C++ participants' own view (RoomCall's sessions, or the typed API's connections)
      participantsConnected: path !== 'js' ? Module.callConnected() : null,
      // the signaling messages both participants sent from the joins to connected, by type
      sent: { ...signals.sent },
    };
    if (path !== 'js') Module.callHangup();
    else participants.forEach((p) => p.hangup());
    for (const c of records) c.pc = null;
    return result;
  };

  // --- One side of a call between two pages --------------------------------------------------
  // A 1:1 call's real shape: each participant in its own page, on its own main thread (bench.call
  // puts both in this page, where each side's work waits for the other's). The driver prepares
  // a side in each of two pages, joins one, then the other (the newcomer offers), and reads the
  // times on the wall clock the two pages share (performance.timeOrigin + performance.now()).
  const wallClock = () => performance.timeOrigin + performance.now();
  let side = null;
  bench.sidePrepare = async function (path, url, room, name, timeoutMs = 20000) {
    callPath(path);
    side = { path, participant: null, first: connections.length, joinedAt: null };
    if (path !== 'js') {
      Module.callPrepare(path, url, room, name, '');
      await waitFor(() => Module.callSocketsOpen(), timeoutMs, 'C++ signaling socket open');
    } else {
      side.participant = new JsParticipant(url, room, name);
      await side.participant.opened;
    }
  };
  // Joins; resolves with the wall-clock time of the join once the server has let us in.
  bench.sideJoin = async function (timeoutMs = 20000) {
    side.first = connections.length;
    side.joinedAt = wallClock();
    if (side.path !== 'js') Module.callJoin();
    else side.participant.join();
    await waitFor(() => (side.path !== 'js' ? Module.callJoined() === 1
      : side.participant.id !== undefined), timeoutMs, `${side.path}: joined`);
    return side.joinedAt;
  };
  // When this side's RTCPeerConnection became "connected", on the wall clock.
  bench.sideConnected = async function (timeoutMs = 20000) {
    const mine = () => connections.slice(side.first);
    let error = null;
    try {
      await waitFor(() => mine().length >= 1 && mine()[0].connected !== null, timeoutMs,
        `${side.path}: connected`);
    } catch (e) {
      error = e.message;
    }
    return { error, joinedAt: side.joinedAt,
      connectedAt: error ? null : performance.timeOrigin + mine()[0].connected,
      participantsConnected: side.path !== 'js' ? Module.callConnected() : null };
  };
  bench.sideHangup = function () {
    if (side.path !== 'js') Module.callHangup();
    else side.participant.hangup();
    for (const c of connections.slice(side.first)) c.pc = null;
    side = null;
  };

  // Remote participants for a lab's page (the panel bench): `count` JavaScript clients that call
  // only participants that are not one of them, so the lab's page is the only one they connect to.
  bench.remotes = async function (url, room, count, capacity) {
    const mine = (name) => name.startsWith('bench-remote-');
    for (let i = 0; i < count; i++) {
      const participant = new JsParticipant(url, room, `bench-remote-${i}`,
        { capacity, calls: (name) => !mine(name ?? '') });
      await participant.opened;
      participant.join();
    }
  };

  window.rtclabBench = bench;
})();
