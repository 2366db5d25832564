// Lab 02 in headless Chromium with the fake camera: two peers in one page, what a learner sees.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { badgeBand, browserEngine, labAction, labState, launchBrowser, openLab, recordedStreams,
  recordStreams, screenshotCanvas, startServer, tones, waitForState } from './harness.mjs';

// The step checklist (7 steps) sits above the badges: harness.mjs's band, moved below it.
const badgesBelowSteps = { ...badgeBand, y: badgeBand.y + 201 };

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const labUrl = () => `${server.url}/labs/02-loopback/`;
const bothPeers = (state, predicate) => predicate(state.peers.a) && predicate(state.peers.b);
const connected = (s) => bothPeers(s, (p) => p.connectionState === 'connected');
const chatOpen = (s) => bothPeers(s, (p) => p.dataChannel?.state === 'open');

// Polls the step checklist until its `current` reaches `last`: every value seen, in order.
async function stepsSeen(page, last) {
  const seen = [];
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    const { steps } = await labState(page);
    if (seen.at(-1) !== steps.current) seen.push(steps.current);
    if (steps.current >= last) return seen;
    await page.waitForTimeout(10);
  }
  throw new Error(`the steps stopped at ${JSON.stringify(seen)}`);
}
const stepsDone = (state) => state.steps.list.map((step) => step.done);

// Starts the camera and places a call; resolves with the first state where both peers are
// connected and both ends of "chat" are open.
async function call(page, callNumber) {
  await labAction(page, 'call');
  return waitForState(page, (s) => s.callCount === callNumber && connected(s) && chatOpen(s),
    { timeout: 20000, what: `call ${callNumber}: both peers connected, chat open` });
}

test('two peers connect in one page: W3C state sequences, media, chat, 1 MiB, hang up, call again',
  async () => {
    const browser = await launchBrowser();
    try {
      const consoleErrors = [];
      const page = await openLab(browser, labUrl(), { consoleErrors });
      const initial = await labState(page);
      assert.equal(initial.phase, 'idle');
      assert.deepEqual(stepsDone(initial), Array(7).fill(false));
      await labAction(page, 'start');
      const capturing = await waitForState(page, (s) => s.phase === 'capturing' &&
        s.localVideo.width > 0, { what: 'the local camera preview' });
      assert.equal(capturing.steps.current, 0, 'the camera alone creates no RTCPeerConnection');

      // Steps 2-7 tick in the README's order as the call comes up: only the hang-up is left.
      const watching = stepsSeen(page, 6);
      const up = await call(page, 1);
      const seen = await watching;
      assert.deepEqual(seen, [...seen].sort((x, y) => x - y), `in order: ${seen}`);
      assert.equal(seen.at(-1), 6);
      assert.deepEqual(stepsDone(await labState(page)), [true, true, true, true, true, true, false]);
      const a = up.peers.a;
      const b = up.peers.b;
      // The caller's and callee's signaling, as the spec (and the guide's steps 4-5) has them.
      assert.deepEqual(a.timelines.signaling, ['stable', 'have-local-offer', 'stable']);
      assert.deepEqual(b.timelines.signaling, ['stable', 'have-remote-offer', 'stable']);
      assert.deepEqual(a.timelines.connection, ['new', 'connecting', 'connected']);
      assert.deepEqual(b.timelines.connection, ['new', 'connecting', 'connected']);
      assert.equal(a.timelines.iceConnection[0], 'new');
      assert.ok(['connected', 'completed'].includes(a.iceConnectionState));
      assert.deepEqual(a.timelines.iceGathering.slice(0, 2), ['new', 'gathering']);
      // Loopback only: every candidate is a host candidate on 127.0.0.1 (Firefox adds ::1 and
      // TCP ones), each seen on both sides.
      assert.ok(a.candidates.local.length > 0, 'A gathered candidates');
      assert.ok(a.candidates.local.every((c) => c.type === 'host'));
      assert.deepEqual(b.candidates.remote, a.candidates.local, 'B got exactly A\'s candidates');
      assert.equal(up.errors.length, 0, JSON.stringify(up.errors));
      // DevTools: the lab's own objects, live in the console (window.rtclab).
      const fromConsole = await page.evaluate(async () => ({
        a: rtclab.pcA.connectionState,
        b: rtclab.pcB.connectionState,
        tracks: rtclab.localStream.getTracks().map((t) => t.kind).sort(),
        chat: rtclab.chatA.label,
        statsRecords: (await rtclab.pcA.getStats()).size,
      }));
      assert.deepEqual(fromConsole, { ...fromConsole, a: 'connected', b: 'connected',
        tracks: ['audio', 'video'], chat: 'chat' });
      assert.ok(fromConsole.statsRecords > 0);

      // Media: B's inbound video grows between two stats samples, and its <video> has a size.
      const firstSample = await waitForState(page, (s) =>
        s.peers.b.stats.inbound.video?.framesDecoded > 0 && s.peers.b.selectedPair !== null,
      { what: 'B decoding video, with a selected candidate pair' });
      const before = firstSample.peers.b.stats.inbound.video;
      const later = await waitForState(page, (s) =>
        s.peers.b.stats.inbound.video?.framesDecoded > before.framesDecoded &&
        s.peers.b.stats.inbound.video.bytes > before.bytes, { what: 'inbound video growing' });
      assert.ok(later.peers.a.stats.outbound.video.bytes > 0, 'A sends video');
      // The data channels' size limit, from both SDPs' a=max-message-size: 256 KiB in Chromium,
      // 1 GiB in Firefox.
      const maxMessageSize = browserEngine === 'firefox' ? 1073741823 : 262144;
      assert.equal(later.peers.a.maxMessageSize, maxMessageSize);
      assert.equal(later.peers.b.maxMessageSize, maxMessageSize);
      assert.ok(later.peers.b.stats.inbound.audio.packets > 0, 'B receives audio');
      // Firefox may pick its IPv6 loopback pair: both are this machine.
      assert.ok(['127.0.0.1', ...(browserEngine === 'firefox' ? ['::1'] : [])]
        .includes(later.peers.b.selectedPair.local.address), later.peers.b.selectedPair.local.address);
      const sized = await waitForState(page, (s) => s.remoteVideo.width > 0,
        { what: 'B\'s remote <video> rendering' });
      assert.ok(sized.remoteVideo.height > 0);
      await waitForState(page, (s) => s.peers.b.stats.rates !== null &&
        s.peers.b.stats.rates.kbpsIn > 0, { what: 'a bitrate for B\'s plots' });

      // Chat: text both ways.
      await labAction(page, 'send-text', 'hello from A: 안녕');
      await labAction(page, 'reply-text', 'hi from B');
      const chatted = await waitForState(page, (s) => s.chat.receivedByB.length === 1 &&
        s.chat.receivedByA.length === 1, { what: 'the chat messages' });
      assert.deepEqual(chatted.chat.receivedByB, ['hello from A: 안녕']);
      assert.deepEqual(chatted.chat.receivedByA, ['hi from B']);

      // 1 MiB in 16 KiB chunks, with flow control; B checks size and checksum.
      await labAction(page, 'send-binary', '1048576');
      const transferred = await waitForState(page, (s) => s.binary.verified || s.binary.failed,
        { timeout: 20000, what: 'the 1 MiB transfer' });
      assert.equal(transferred.binary.failed, false);
      assert.equal(transferred.binary.verified, true);
      assert.equal(transferred.binary.received, 1048576);
      assert.equal(transferred.binary.sent, 1048576);

      // The badges at the top say what the state says: "chat readyState (A) open (B) open" in
      // the good tone, nothing failed (red) there.
      const shot = await screenshotCanvas(page, 'lab02-connected');
      assert.ok(shot.pixelsOf(tones.good, badgesBelowSteps) > 20, `both ends open, in green (${shot.path})`);
      assert.equal(shot.pixelsOf(tones.bad, badgesBelowSteps), 0, `nothing failed (${shot.path})`);

      // Hang up: pc.close() fires no events; both sides still read "closed".
      await labAction(page, 'hangup');
      const closed = await waitForState(page, (s) => s.phase === 'hung-up' &&
        bothPeers(s, (p) => p.connectionState === 'closed' && p.signalingState === 'closed'),
      { what: 'both peers closed' });
      assert.equal(closed.peers.a.iceConnectionState, 'closed');
      assert.equal(closed.remoteVideo.width, 0, 'the remote video is cleared');
      assert.deepEqual(stepsDone(closed), Array(7).fill(true), 'the hang-up ticks the last step');
      assert.equal(closed.steps.current, 7);
      // The channels follow asynchronously: readyState turns "closed" and onclose fires.
      await waitForState(page, (s) => bothPeers(s, (p) => p.dataChannel?.state === 'closed'),
        { what: 'both ends of "chat" closed' });
      // A normal hang-up is no error: on Chromium B's end of "chat" hears A's close() as an SCTP
      // abort (an RTCError with cause 12, User-Initiated Abort), which the lab tells as the other
      // side closing, in the log's normal tone. Firefox closes it without an error event.
      const afterHangup = browserEngine === 'chromium'
        ? await waitForState(page, (s) =>
          s.peers.b.log.some((line) => /other side closed/.test(line.text)),
        { what: 'B told that A closed the connection' })
        : await labState(page);
      assert.deepEqual(afterHangup.errors, [], 'no error after a normal hang-up');
      assert.ok(afterHangup.peers.b.log.every((line) => line.level !== 'error'),
        JSON.stringify(afterHangup.peers.b.log));
      const closedShot = await screenshotCanvas(page, 'lab02-hung-up');
      assert.equal(closedShot.pixelsOf(tones.good, badgesBelowSteps), 0,
        `no end of "chat" shows open any more (${closedShot.path})`);
      assert.equal(await page.evaluate(() => typeof rtclab.pcA), 'undefined',
        'a hung-up connection is gone from the console');
      const refused = JSON.parse(await page.evaluate(() => Module.labAction('send-text', 'late')));
      assert.match(refused.error, /send failed in state closed: InvalidStateError/);

      // A second call connects again, from fresh timelines.
      const again = await call(page, 2);
      assert.deepEqual(again.peers.a.timelines.connection, ['new', 'connecting', 'connected']);
      assert.equal(again.errors.length, 0, JSON.stringify(again.errors));
      assert.deepEqual(consoleErrors, []);
    } finally {
      await browser.close();
    }
  });

test('a destroyed DataChannel handle is never called back while its JS channel keeps receiving',
  async () => {
    const browser = await launchBrowser();
    try {
      const page = await openLab(browser, labUrl());
      await labAction(page, 'start');
      await waitForState(page, (s) => s.phase === 'capturing', { what: 'capturing' });
      await call(page, 1);
      await labAction(page, 'destroy-probe');
      const done = await waitForState(page, (s) => s.destroyProbe.phase === 'done',
        { what: 'the destroy probe' });
      const probe = done.destroyProbe;
      // B's probe handle heard message 1 and was destroyed in that callback; messages 2-5 still
      // reached its JS channel (the witness heard all five on its own channel).
      assert.equal(probe.callbacksBeforeDestroy, 1);
      assert.equal(probe.callbacksAfterDestroy, 0);
      assert.equal(probe.witnessCallbacks, 5);
      assert.deepEqual(done.errors, []);
    } finally {
      await browser.close();
    }
  });

test('a second Start while getUserMedia is pending leaves exactly one live stream', async () => {
  const browser = await launchBrowser();
  try {
    const page = await openLab(browser, labUrl(), { initScript: recordStreams });
    const results = await page.evaluate(() => [Module.labAction('start'),
      Module.labAction('start')].map((r) => JSON.parse(r).ok));
    assert.deepEqual(results, [true, true]);
    await waitForState(page, (s) => s.phase === 'capturing', { what: 'capturing' });
    await page.waitForFunction(() => window.rtclabStreams.length === 2 &&
      window.rtclabStreams.some((s) => s.getTracks().every((t) => t.readyState === 'ended')),
    null, { timeout: 10000 });
    const streams = await recordedStreams(page);
    const live = streams.filter((s) => s.tracks.some((t) => t.readyState === 'live'));
    assert.equal(live.length, 1, `one live stream: ${JSON.stringify(streams)}`);
    assert.ok(live[0].tracks.every((t) => t.readyState === 'live'));
  } finally {
    await browser.close();
  }
});

test('misuse is refused with a reason, and the lab stays usable', async () => {
  const browser = await launchBrowser();
  try {
    const page = await openLab(browser, labUrl());
    const refuse = async (name, arg) => JSON.parse(await page.evaluate(
      ([n, a]) => Module.labAction(n, a), [name, arg]));
    assert.match((await refuse('call')).error, /Start/);
    assert.match((await refuse('hangup')).error, /no call/);
    assert.match((await refuse('send-text', 'x')).error, /Call/);
    assert.match((await refuse('send-binary', 'lots')).error, /size in bytes/);
    assert.match((await refuse('destroy-probe')).error, /needs a call/);
  } finally {
    await browser.close();
  }
});

test('the language action switches the step texts to Korean', async () => {
  const browser = await launchBrowser();
  try {
    const page = await openLab(browser, labUrl());
    assert.equal((await labState(page)).steps.list[0].text, '2. Two RTCPeerConnections, A and B');
    await labAction(page, 'language', 'ko');
    const korean = await labState(page);
    assert.equal(korean.language, 'ko');
    assert.equal(korean.steps.list[0].text, '2. RTCPeerConnection 두 개, A와 B');
    assert.equal(korean.phase, 'idle', 'state strings stay English');
  } finally {
    await browser.close();
  }
});
