// Lab 04 in headless Chromium: two browser contexts (two people) in a real call through the real
// rtclab-server, and everything a call meets: mute, hang up and call again, glare, a reload, the
// server killed mid-call, a third person, an ICE restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { browserEngine, labAction, labReady, labState, launchBrowser, openLab, screenshotCanvas,
  startServer, tones, waitForState } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const labUrl = (room, name, base = server.url) =>
  `${base}/labs/04-one-to-one/?room=${room}&name=${name}`;

const connected = (s) => s.call?.connectionState === 'connected';
const inboundBytes = (s, kind) => s.call?.stats?.inbound?.[kind]?.bytes ?? 0;
const framesDecoded = (s) => s.call?.stats?.inbound?.video?.framesDecoded ?? 0;

// Opens one side (a new browser context: its own sessionStorage, its own person), starts its
// camera and joins `room`.
async function joinCall(room, name, { base, errors = [], using = browser } = {}) {
  const page = await openLab(using, labUrl(room, name, base), { consoleErrors: errors });
  await labAction(page, 'start');
  await waitForState(page, (s) => s.local.capturing, { what: `${name}'s camera` });
  await labAction(page, 'join');
  return page;
}

// Alice and bob in a call: both connected, media arriving at both.
async function callBetween(room, options = {}) { // options: base URL, errors, using (browser)
  const alice = await joinCall(room, 'alice', options);
  await waitForState(alice, (s) => s.phase === 'waiting', { what: 'alice waiting' });
  const bob = await joinCall(room, 'bob', options);
  for (const [page, who] of [[alice, 'alice'], [bob, 'bob']]) {
    await waitForState(page, (s) => connected(s) && inboundBytes(s, 'video') > 0 &&
      inboundBytes(s, 'audio') > 0, { timeout: 20000, what: `${who} connected with media` });
  }
  return { alice, bob };
}

// Waits until `measure(state)` has grown by more than `by` from now.
async function grows(page, measure, what, { by = 0, timeout = 10000 } = {}) {
  const start = measure(await labState(page));
  return waitForState(page, (s) => measure(s) > start + by, { timeout, what });
}

test('two contexts call each other: connected, media and chat both ways, DTLS-SRTP on show',
  async () => {
    const errors = [];
    const { alice, bob } = await callBetween('call', { errors });
    try {
      for (const [page, who] of [[alice, 'alice'], [bob, 'bob']]) {
        await grows(page, (s) => inboundBytes(s, 'video'), `${who}: inbound video bytes grow`);
        await grows(page, (s) => inboundBytes(s, 'audio'), `${who}: inbound audio bytes grow`);
      }
      const a = await labState(alice);
      const b = await labState(bob);
      assert.equal(a.phase, 'in-call');
      assert.equal(b.phase, 'in-call');
      assert.equal(a.call.peer, b.you, 'alice is in a call with bob');
      assert.equal(b.call.peer, a.you);
      // DevTools: the call's RTCPeerConnection under the other participant's id, and the camera.
      assert.deepEqual(await alice.evaluate((bobId) => ({
        state: rtclab.peers[bobId].connectionState,
        ids: Object.keys(rtclab.peers),
        tracks: rtclab.localStream.getTracks().length,
      }), b.you), { state: 'connected', ids: [b.you], tracks: 2 });
      assert.notEqual(a.call.role, b.call.role, 'one polite, one impolite');
      assert.match(a.you, /^u-[0-9a-f]{20}$/, 'an id derived from the tab secret');
      // Exactly one offer and one answer: bob (the newcomer) offered, alice answered.
      assert.equal(b.call.negotiation.offersMade, 1);
      assert.equal(a.call.negotiation.answersMade, 1);
      assert.ok(a.call.signals.some((m) => m.direction === 'in' && m.type === 'offer'));
      assert.ok(a.call.signals.some((m) => m.direction === 'out' && m.type === 'answer'));
      assert.ok(a.call.signals.some((m) => m.type === 'candidate'));
      // The arrows name each candidate as the panel's candidate table does: sent ones as parsed,
      // received ones with what the call layer did with them.
      assert.ok(a.call.signals.some((m) => m.direction === 'out' && m.type === 'candidate' &&
        /^host (udp|tcp) \S+:\d+$/.test(m.detail)), JSON.stringify(a.call.signals));
      assert.ok(a.call.signals.some((m) => m.direction === 'in' && m.type === 'candidate' &&
        /^host (udp|tcp) \S+:\d+ \((add-now|queued)\)$/.test(m.detail)),
      JSON.stringify(a.call.signals));
      // Remote video renders at the other side.
      const withVideo = await waitForState(alice, (s) => s.remote.videoWidth > 0,
        { what: 'bob\'s video rendering at alice' });
      assert.ok(withVideo.remote.video && withVideo.remote.audio);

      // Chat over the negotiated data channel, both ways.
      await waitForState(alice, (s) => s.call.chat.state === 'open', { what: 'chat open' });
      await waitForState(bob, (s) => s.call.chat.state === 'open', { what: 'chat open at bob' });
      await labAction(alice, 'send-chat', '안녕 bob');
      await labAction(bob, 'send-chat', 'hi alice');
      await waitForState(bob, (s) => s.call.chat.received.includes('안녕 bob'),
        { what: 'alice\'s message at bob' });
      await waitForState(alice, (s) => s.call.chat.received.includes('hi alice'),
        { what: 'bob\'s message at alice' });

      // The transport row: DTLS connected and the ciphers, fingerprints found in the SDPs.
      // The certificates' stats may arrive a poll after the transport's: wait for all three.
      // Firefox reports no certificate stats: its fingerprints read null ("not reported by this
      // browser" in the panel), never an empty or made-up value.
      const reportsCertificates = browserEngine === 'chromium';
      const t = (await waitForState(alice, (s) => s.call.transport.srtpCipher !== '' &&
        (!reportsCertificates || (s.call.transport.localFingerprint &&
          s.call.transport.remoteFingerprint)),
        { what: 'transport and certificate stats' }).catch(async (error) => {
        // The state dump is cut at 4000 characters: say what the transport row held.
        const s = await labState(alice);
        throw new Error(`${error.message.split('\n')[0]}; transport: ` +
          JSON.stringify(s.call.transport));
      })).call.transport;
      assert.equal(t.dtlsState, 'connected');
      assert.match(t.dtlsRole, /^(client|server)$/);
      assert.ok(t.srtpCipher.length > 0 && t.dtlsCipher.length > 0);
      assert.match(t.localSdpFingerprintLine, /^line \d+: a=fingerprint:sha-256 /);
      if (reportsCertificates) {
        assert.ok(t.localSdpFingerprintLine.endsWith(t.localFingerprint.split(' ')[1]),
          'the certificate\'s fingerprint is the one our SDP announced');
        assert.ok(t.remoteSdpFingerprintLine.endsWith(t.remoteFingerprint.split(' ')[1]),
          `their certificate (${t.remoteFingerprint}) is the one their SDP announced ` +
          `(${t.remoteSdpFingerprintLine})`);
      } else {
        assert.equal(t.localFingerprint, null, 'no certificate stats: not reported');
        assert.equal(t.remoteFingerprint, null);
      }
      const shot = await screenshotCanvas(alice, 'lab04-call');
      assert.ok(shot.pixelsOf(tones.good) > 50, `connected states in green (${shot.path})`);

      // Mute video at alice: bob's decoder gets no more frames; unmute: they come back.
      await labAction(alice, 'mute-video', 'on');
      await waitForState(alice, (s) => s.local.videoMuted && s.call.sendingVideo === false,
        { what: 'alice muted' });
      await bob.waitForTimeout(1500); // frames already in flight drain
      const frozen = framesDecoded(await labState(bob));
      await bob.waitForTimeout(2000);
      // A flowing video decodes about 60 frames in 2 s; a stats reading can lag one poll (1 s)
      // behind, so a frame or two in flight at the first reading may still show up.
      const whileMuted = framesDecoded(await labState(bob)) - frozen;
      assert.ok(whileMuted <= 4,
        `no frames decoded at bob while alice's video is muted (${whileMuted} in 2 s)`);
      await labAction(alice, 'mute-video', 'off');
      await grows(bob, framesDecoded, 'bob decodes frames again after unmute', { by: 10 });
      // Mute audio: the track is disabled (silence), the call goes on.
      await labAction(bob, 'mute-audio', 'on');
      assert.equal((await labState(bob)).local.audioMuted, true);
      await grows(alice, (s) => inboundBytes(s, 'video'), 'alice still receives bob\'s video');
      await labAction(bob, 'mute-audio', 'off');

      // ICE restart: new credentials in alice's next offer, and connected again.
      const before = (await labState(alice)).call.localUfrags;
      await labAction(alice, 'restart-ice');
      const restarted = await waitForState(alice, (s) => s.call.localUfrags.length > before.length
        && connected(s) && s.call.signalingState === 'stable', { what: 'alice restarted ICE' });
      assert.notEqual(restarted.call.localUfrags.at(-1), before.at(-1), 'a new ice-ufrag');
      assert.equal(restarted.call.iceRestarts, 1);
      await grows(bob, (s) => inboundBytes(s, 'video'), 'media flows after the restart');
      await grows(alice, (s) => inboundBytes(s, 'video'), 'both ways');

      // A third person: the server refuses, and says why.
      const carol = await joinCall('call', 'carol');
      const refused = await waitForState(carol, (s) => s.phase === 'refused',
        { what: 'carol refused' });
      assert.match(refused.serverError, /^room-full: /);
      assert.equal(refused.call, null);
      await carol.context().close();
      assert.equal((await labState(alice)).sessionsOpened, 1, 'alice never saw carol');
      assert.deepEqual(errors, []);
    } finally {
      await alice.context().close();
      await bob.context().close();
    }
  });

// labState().steps: the README's call as a checklist, each step's done in order.
const doneSteps = (s) => s.steps.list.map((step) => step.done);
const firstDone = (count) => Array.from({ length: 7 }, (_, i) => i < count);
const hangul = /[\uac00-\ud7a3]/;

// Waits until the first `count` steps are done at `page`, failing if a step was ever seen done
// while one before it was not.
async function stepsDone(page, count, what) {
  const outOfOrder = [];
  const state = await waitForState(page, (s) => {
    const done = doneSteps(s);
    const firstNotDone = done.includes(false) ? done.indexOf(false) : done.length;
    if (done.slice(firstNotDone).some(Boolean)) outOfOrder.push(done);
    return firstNotDone >= count;
  }, { timeout: 20000, what });
  assert.deepEqual(outOfOrder, [], `${what}: steps ticked out of order`);
  return state;
}

test('hang up: both return to waiting; calling again connects; the checklist ticks in order',
  async () => {
    const alice = await openLab(browser, labUrl('hangup', 'alice'));
    let bob;
    try {
      assert.deepEqual(doneSteps(await labState(alice)), firstDone(0));
      await labAction(alice, 'start');
      await stepsDone(alice, 1, 'alice: camera step');
      await labAction(alice, 'join');
      await waitForState(alice, (s) => s.phase === 'waiting', { what: 'alice waiting' });
      assert.deepEqual(doneSteps(await stepsDone(alice, 2, 'alice: join step')), firstDone(2));
      bob = await joinCall('hangup', 'bob');
      for (const [page, who] of [[alice, 'alice'], [bob, 'bob']]) {
        // The offer and answer, connected, media both ways.
        await stepsDone(page, 5, `${who}: connected with media`);
        await waitForState(page, (s) => s.call.chat.state === 'open', { what: `${who}: chat` });
      }
      await labAction(alice, 'send-chat', 'hi bob');
      await labAction(bob, 'send-chat', 'hi alice');
      for (const [page, who] of [[alice, 'alice'], [bob, 'bob']]) {
        assert.deepEqual(doneSteps(await stepsDone(page, 6, `${who}: chat step`)), firstDone(6));
      }

      await labAction(bob, 'hangup');
      await waitForState(alice, (s) => s.phase === 'waiting' && s.call === null &&
        !s.remote.video, { what: 'alice back to waiting' });
      const bobAfter = await labState(bob);
      assert.equal(bobAfter.phase, 'idle');
      assert.equal(bobAfter.call, null);
      // Both hung up, one by pressing, one by seeing it: every step ticked, and stays ticked.
      assert.deepEqual(doneSteps(bobAfter), firstDone(7));
      assert.deepEqual(doneSteps(await stepsDone(alice, 7, 'alice: hang-up step')), firstDone(7));

      // The language switch turns the step texts Korean; the keys and ticks stay.
      const english = (await labState(alice)).steps.list;
      assert.ok(english.every((step) => !hangul.test(step.text)), 'English first');
      assert.deepEqual(await labAction(alice, 'language', 'ko'), { ok: true });
      const korean = (await labState(alice)).steps;
      assert.equal(korean.list.length, 7);
      korean.list.forEach((step, i) => {
        assert.match(step.text, hangul, `step ${i} in Korean: ${step.text}`);
        assert.equal(step.step, english[i].step);
        assert.equal(step.done, true);
      });
      await labAction(alice, 'language', 'en');
      assert.deepEqual((await labState(alice)).steps.list, english);

      await labAction(bob, 'join');
      for (const page of [alice, bob]) {
        await waitForState(page, (s) => connected(s) && inboundBytes(s, 'video') > 0,
          { timeout: 20000, what: 'the second call' });
      }
      const a = await labState(alice);
      assert.equal(a.sessionsOpened, 2);
      assert.equal(a.sessionsClosed, 1);
    } finally {
      await alice.context().close();
      await bob?.context().close();
    }
  });

// An init script: every message the page's WebSocket receives is handed over
// window.rtclabSignalingDelayMs late (in order). Raised before both sides restart ICE, it makes
// their two offers cross on the wire however slowly the test drives the pages: glare, every time.
function slowSignaling() {
  window.rtclabSignalingDelayMs = 0;
  const add = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, listener, options) {
    if (type !== 'message') return add.call(this, type, listener, options);
    const late = (event) => setTimeout(() => listener(event), window.rtclabSignalingDelayMs);
    listener.rtclabLate = late;
    return add.call(this, type, late, options);
  };
  const remove = WebSocket.prototype.removeEventListener;
  WebSocket.prototype.removeEventListener = function (type, listener, options) {
    return remove.call(this, type, listener.rtclabLate ?? listener, options);
  };
}

test('glare: both offer at once; the polite side rolls back, the call still connects',
  async () => {
    const open = async (name) => {
      const page = await openLab(browser, labUrl('glare', name), { initScript: slowSignaling });
      await labAction(page, 'start');
      await waitForState(page, (s) => s.local.capturing, { what: `${name}'s camera` });
      await labAction(page, 'join');
      return page;
    };
    const alice = await open('alice');
    await waitForState(alice, (s) => s.phase === 'waiting', { what: 'alice waiting' });
    const bob = await open('bob');
    try {
      for (const page of [alice, bob]) {
        await waitForState(page, (s) => connected(s) && s.call.signalingState === 'stable',
          { timeout: 30000, what: 'connected' });
      }
      // Both restart ICE while neither can hear the other for 2 s: two offers cross.
      await Promise.all([alice, bob].map((page) =>
        page.evaluate(() => { window.rtclabSignalingDelayMs = 2000; })));
      await Promise.all([labAction(alice, 'restart-ice'), labAction(bob, 'restart-ice')]);
      for (const page of [alice, bob]) {
        // (remoteAnswersSet is no test here: a polite side that answered the first offer and
        // had its restart rolled back has never had an answer of its own.)
        await waitForState(page, (s) => s.call.iceRestarts === 1 && connected(s) &&
          s.call.signalingState === 'stable' &&
          (s.call.negotiation.offersIgnored + s.call.negotiation.rollbacks) >= 1,
        { timeout: 30000, what: 'glare resolved' }).catch(async (error) => {
          const summary = async (p) => { const s = await labState(p); return { role: s.call.role,
            negotiation: s.call.negotiation, restarts: s.call.iceRestarts,
            states: [s.call.signalingState, s.call.connectionState],
            signals: s.call.signals.filter((m) => !m.type.includes('candidate')) }; };
          throw new Error(`${error.message.split('\n')[0]}\n` +
            JSON.stringify({ alice: await summary(alice), bob: await summary(bob) }, null, 1));
        });
      }
      const a = await labState(alice);
      const b = await labState(bob);
      const [polite, impolite] = a.call.role === 'polite' ? [a, b] : [b, a];
      assert.equal(polite.call.negotiation.rollbacks, 1, 'the polite side rolled its offer back');
      assert.equal(polite.call.negotiation.offersIgnored, 0);
      assert.equal(impolite.call.negotiation.offersIgnored, 1, 'the impolite side ignored one');
      assert.equal(impolite.call.negotiation.rollbacks, 0);
      assert.ok(polite.call.signals.some((m) => m.detail.includes('rolled back')));
      assert.deepEqual([...a.call.errors, ...b.call.errors], []);
      await grows(alice, (s) => inboundBytes(s, 'video'), 'media after the glare');
    } finally {
      await alice.context().close();
      await bob.context().close();
    }
  });

test('reload mid-call: the call comes back by itself, and the other side holds one connection',
  async () => {
    const { alice, bob } = await callBetween('reload');
    try {
      const bobId = (await labState(bob)).you;
      await bob.reload();
      await labReady(bob);
      // Nobody presses anything: bob's tab rejoins under the same id, alice replaces the call.
      const back = await waitForState(bob, (s) => connected(s) && inboundBytes(s, 'video') > 0,
        { timeout: 30000, what: 'bob back in the call' });
      assert.equal(back.you, bobId, 'the same participant id after the reload');
      const a = await waitForState(alice, (s) => connected(s) && s.sessionsOpened === 2,
        { timeout: 30000, what: 'alice in the new call' });
      assert.equal(a.sessionsClosed, 1, 'the old connection was closed');
      assert.equal(a.sessionsOpened - a.sessionsClosed, 1, 'exactly one connection');
      assert.equal(a.call.peer, bobId);
      await grows(alice, (s) => inboundBytes(s, 'video'), 'alice receives the reloaded bob');
    } finally {
      await alice.context().close();
      await bob.context().close();
    }
  });

test('the server is killed mid-call: media keeps flowing, both rejoin, no renegotiation',
  async () => {
    const own = await startServer();
    const port = new URL(own.url).port;
    let restarted;
    const { alice, bob } = await callBetween('restart', { base: own.url });
    try {
      const before = { alice: await labState(alice), bob: await labState(bob) };
      own.process.kill('SIGKILL');
      for (const [page, who] of [[alice, 'alice'], [bob, 'bob']]) {
        const down = await waitForState(page, (s) => s.signalingState !== 'open',
          { what: `${who} lost the server` });
        assert.equal(down.call.connectionState, 'connected');
        await grows(page, (s) => inboundBytes(s, 'video'), `${who}: media while the server is down`);
      }
      restarted = await startServer([], { port });
      for (const [page, who] of [[alice, 'alice'], [bob, 'bob']]) {
        const s = await waitForState(page, (st) => st.signalingState === 'open' &&
          st.signalingReconnects >= 1 && st.phase === 'in-call', { timeout: 20000,
          what: `${who} rejoined` });
        assert.equal(s.you, before[who].you, 'the same id from the new server run');
        assert.equal(s.sessionsOpened, 1, 'the same RTCPeerConnection');
        assert.equal(s.call.connectionState, 'connected');
        assert.deepEqual(s.call.negotiation, before[who].call.negotiation,
          'no new offer/answer exchange');
      }
      // Still in the same call through the new server run: chat goes both ways.
      await labAction(alice, 'send-chat', 'still here');
      await waitForState(bob, (s) => s.call.chat.received.includes('still here'),
        { what: 'chat after the restart' });
    } finally {
      await alice.context().close();
      await bob.context().close();
      await restarted?.stop();
      await own.stop();
    }
  });

test('TLS: the server serves the lab over https and the call connects over wss', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rtclab-tls-'));
  const tls = await startServer(['--tls', '--cert', join(dir, 'cert.pem'),
    '--key', join(dir, 'key.pem')]);
  // The certificate is self-signed (made on first use): the test browser is told to accept it,
  // as a learner does once per device.
  const trusting = await launchBrowser({ extraArgs: ['--ignore-certificate-errors'] });
  try {
    assert.match(tls.url, /^https:\/\//);
    const { alice, bob } = await callBetween('tls', { base: tls.url, using: trusting });
    const a = await labState(alice);
    assert.match(a.url, /^wss:\/\//, 'signaling over wss');
    assert.equal(a.signalingState, 'open');
    assert.match(a.you, /^u-[0-9a-f]{20}$/, 'sessionStorage works in the secure context');
    assert.ok(a.local.capturing, 'getUserMedia in a secure context');
    await grows(bob, (s) => inboundBytes(s, 'video'), 'media over the TLS-signaled call');
  } finally {
    await trusting.close();
    await tls.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
