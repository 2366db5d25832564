// Lab 03 in headless Chromium: two tabs in one room, a relayed offer, a server error, and a
// server killed and restarted on the same port: what a learner would see.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { badgeBand, labAction, labState, launchBrowser, openLab, screenshotCanvas, serverBinary,
  startServer, tones, waitForState } from './harness.mjs';

// The step checklist (5 steps) sits above the badges: harness.mjs's band, moved below it.
const badgesBelowSteps = { ...badgeBand, y: badgeBand.y + 163 };

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

// Each test its own room, so a peer left over from an earlier test cannot show up.
const labUrl = (room, name) =>
  `${server.url}/labs/03-signaling/?room=${room}&name=${encodeURIComponent(name)}`;

const stepsDone = (state) => state.steps.list.map((step) => step.done);

// Two pages of the same browser in two contexts (openLab makes a new context per page): two
// learners. Resolves once each sees the other, by id and name, in its peer list.
async function twoPeersIn(room) {
  const alice = await openLab(browser, labUrl(room, 'alice'));
  const bob = await openLab(browser, labUrl(room, 'bob'));
  const aliceId = (await waitForState(alice, (s) => s.socketState === 'open' && s.you !== '',
    { what: 'alice joined' })).you;
  const bobId = (await waitForState(bob, (s) => s.you !== '' &&
    s.peers.some((p) => p.id === aliceId && p.name === 'alice'), { what: 'bob sees alice' })).you;
  await waitForState(alice, (s) => s.peers.some((p) => p.id === bobId && p.name === 'bob'),
    { what: 'alice sees bob' });
  return { alice, bob, aliceId, bobId };
}

test('two tabs in one room see each other, and an offer arrives stamped with its sender',
  async () => {
    const { alice, bob, aliceId, bobId } = await twoPeersIn('relay');
    try {
      const initial = await labState(alice);
      assert.equal(initial.room, 'relay');
      assert.deepEqual(initial.stateTimeline, ['connecting', 'open']);
      assert.notEqual(aliceId, bobId);
      // Steps 1 and 2: in the room, with another peer there.
      assert.deepEqual(stepsDone(initial), [true, true, false, false, false]);
      assert.equal(initial.steps.current, 2);

      // Through the raw path, as typed in the Compose box, with a spoofed "from".
      const marker = `v=0\r\ns=marker-${Date.now()}\r\n`;
      await labAction(alice, 'send', JSON.stringify({ type: 'offer', to: bobId, from: 'p999',
        sdp: marker }));
      const got = await waitForState(bob, (s) => s.received.some((m) => m.type === 'offer'),
        { what: 'the offer at bob' });
      const offer = got.received.find((m) => m.type === 'offer');
      assert.equal(offer.sdp, marker);
      assert.equal(offer.from, aliceId, 'the server stamps the real sender over the spoofed one');
      assert.ok((await labState(alice)).sent >= 2, 'join and offer counted as sent');

      // The typed path: a candidate from bob back to alice.
      await labAction(bob, 'send-candidate', aliceId);
      const candidate = (await waitForState(alice, (s) => s.received.some((m) =>
        m.type === 'candidate'), { what: 'the candidate at alice' }))
        .received.find((m) => m.type === 'candidate');
      assert.equal(candidate.from, bobId);
      assert.match(candidate.candidate, /typ host/);
      assert.equal(candidate.sdpMLineIndex, 0);
      // Step 3 on both sides: an offer and a candidate went through, one way or the other.
      for (const page of [alice, bob]) {
        const now = await waitForState(page, (s) => s.steps.current === 3,
          { what: 'step 3 done' });
        assert.deepEqual(stepsDone(now), [true, true, true, false, false]);
      }

      // The heartbeat: a ping every 2 s, answered by a pong.
      const beating = await waitForState(alice, (s) => s.heartbeat.lastRttMs !== null,
        { timeout: 8000, what: 'a heartbeat round trip' });
      assert.ok(beating.heartbeat.lastRttMs >= 0 && beating.heartbeat.lastRttMs < 1000);

      // The socket badge says "open", in the good tone; nothing failed or closed beside it.
      const shot = await screenshotCanvas(alice, 'lab03-relay');
      assert.ok(shot.pixelsOf(tones.good, badgesBelowSteps) > 10, `socket open, in green (${shot.path})`);
      assert.equal(shot.pixelsOf(tones.bad, badgesBelowSteps), 0, `nothing failed (${shot.path})`);

      // Step 4: a broken message, and the server's error.
      await labAction(alice, 'send', '{oops');
      const erred = await waitForState(alice, (s) => s.steps.current === 4,
        { what: 'step 4 done' });
      assert.deepEqual(stepsDone(erred), [true, true, true, true, false]);

      // A tab that leaves disappears from the other's list.
      await labAction(bob, 'leave');
      await waitForState(alice, (s) => !s.peers.some((p) => p.id === bobId),
        { what: 'bob gone from alice\'s list' });
    } finally {
      await alice.context().close();
      await bob.context().close();
    }
  });

test('malformed messages get the server\'s error shown, and the lab keeps working', async () => {
  const page = await openLab(browser, labUrl('errors', 'carol'));
  try {
    await waitForState(page, (s) => s.you !== '', { what: 'joined' });
    await labAction(page, 'send', '{this is not json');
    const badJson = await waitForState(page, (s) => s.errors.length >= 1,
      { what: 'the bad-json error' });
    assert.equal(badJson.errors[0].code, 'not-json');
    assert.equal(badJson.errors[0].source, 'server');
    assert.ok(badJson.log.some((e) => e.level === 'error' && /not-json/.test(e.text)));

    await labAction(page, 'send-offer', 'p424242');
    const unknownPeer = await waitForState(page, (s) => s.errors.length >= 2,
      { what: 'the unknown-peer error' });
    assert.equal(unknownPeer.errors[1].code, 'unknown-peer');
    assert.equal(unknownPeer.socketState, 'open', 'errors keep the connection open');

    const refused = JSON.parse(await page.evaluate(() => Module.labAction('fly')));
    assert.equal(refused.ok, false);
    assert.match(refused.error, /send-offer/);

    // The step texts follow the language; keys, codes and states stay as they are.
    const english = await labState(page);
    assert.equal(english.steps.list[0].text, '1. Open the socket and join a room');
    assert.equal(english.steps.list[3].done, true, 'step 4: the server\'s error was read');
    await labAction(page, 'language', 'ko');
    const korean = await labState(page);
    assert.equal(korean.language, 'ko');
    assert.equal(korean.steps.list[0].text, '1. 소켓을 열고 방에 참가합니다');
    assert.equal(korean.errors[0].code, 'not-json');
  } finally {
    await page.context().close();
  }
});

test('a killed server is noticed, and both tabs reconnect and rejoin on their own', async () => {
  const { alice, bob } = await twoPeersIn('restart');
  try {
    const port = new URL(server.url).port;
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGKILL'); // no close frames: the clients must notice by themselves
    await exited;

    for (const page of [alice, bob]) {
      const lost = await waitForState(page, (s) => s.socketState === 'reconnecting',
        { timeout: 10000, what: 'the lost socket noticed' });
      assert.equal(lost.peers.length, 0, 'no peer list while the server is gone');
    }
    // Let both fail at least once against the closed port: the backoff is visible.
    await waitForState(alice, (s) => s.reconnects.attempts >= 1, { what: 'a failed attempt' });

    server = await startServer([], { port: Number(port) });

    const [aliceBack, bobBack] = await Promise.all([alice, bob].map((page) =>
      waitForState(page, (s) => s.socketState === 'open' && s.you !== '' && s.peers.length === 1,
        { timeout: 20000, what: 'reconnected, rejoined and seeing the other tab' })));
    for (const back of [aliceBack, bobBack]) {
      assert.ok(back.reconnects.successful >= 1, 'the reconnect is counted');
      // Step 5 ticked; steps 1 and 2 stayed ticked while the server was gone.
      assert.deepEqual(stepsDone(back), [true, true, false, false, true]);
      assert.ok(back.reconnects.attempts >= back.reconnects.successful);
      assert.deepEqual(back.stateTimeline.slice(0, 3), ['connecting', 'open', 'reconnecting']);
      assert.equal(back.stateTimeline.at(-1), 'open');
      assert.equal(back.room, 'restart', 'the same room, joined again');
    }
    assert.deepEqual(aliceBack.peers, [{ id: bobBack.you, name: 'bob' }],
      'each sees the other again, under its new id and the same name');
    assert.deepEqual(bobBack.peers, [{ id: aliceBack.you, name: 'alice' }]);
    // Nothing stale: the raw message is addressed to the other tab's new id (ids changed with
    // the new sockets), and rtclab.ws in DevTools is the socket that is open now.
    for (const [page, other] of [[alice, bobBack], [bob, aliceBack]]) {
      const now = await labState(page);
      assert.equal(now.compose.to, other.you, 'the raw message names the other tab\'s new id');
      assert.equal(JSON.parse(now.compose.text).to, other.you);
      assert.equal(await page.evaluate(() => rtclab.ws.readyState), 1);
    }
  } finally {
    await alice.context().close();
    await bob.context().close();
  }
});

test('a frozen server (SIGSTOP: the socket stays open) is noticed by the heartbeat', async () => {
  const page = await openLab(browser, labUrl('frozen', 'dave'));
  try {
    await waitForState(page, (s) => s.you !== '' && s.heartbeat.lastRttMs !== null,
      { what: 'joined with a heartbeat' });
    server.process.kill('SIGSTOP'); // TCP stays up (the kernel still answers), pongs stop
    let frozen;
    try {
      frozen = await waitForState(page, (s) => s.socketState === 'reconnecting',
        { timeout: 12000, what: 'the heartbeat timeout' });
    } finally {
      server.process.kill('SIGCONT');
    }
    assert.match(frozen.reconnects.lastDisconnectReason, /no pong/);
    await waitForState(page, (s) => s.socketState === 'open' && s.you !== '',
      { timeout: 20000, what: 'back once the server runs again' });
  } finally {
    await page.context().close();
  }
});

test('a server stopped with Ctrl+C says goodbye: the lab shows the code it sent, 1001', async () => {
  const page = await openLab(browser, labUrl('ctrl-c', 'erin'));
  try {
    await waitForState(page, (s) => s.socketState === 'open' && s.you !== '',
      { what: 'joined' });
    const port = new URL(server.url).port;
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGINT'); // what Ctrl+C on `make run` sends
    await exited;
    const gone = await waitForState(page, (s) => s.socketState === 'reconnecting',
      { timeout: 10000, what: 'the closed socket noticed' });
    assert.match(gone.reconnects.lastDisconnectReason, /code 1001/,
      'the close code the server sent, not 1006');
    server = await startServer([], { port: Number(port) });
    await waitForState(page, (s) => s.socketState === 'open' && s.you !== '',
      { timeout: 20000, what: 'back once the server runs again' });
  } finally {
    await page.context().close();
  }
});

// A server started with --token-secret-file admits a page whose URL carries a token it signed
// for that room (`?token=` goes into the join) and refuses one without, with the server's code.
test('with room tokens required, ?token= lets a tab in and a tab without one is refused',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtclab-token-'));
    const secretFile = join(dir, 'secret');
    writeFileSync(secretFile, 'lab03-test-secret\n');
    const token = execFileSync(serverBinary, ['token', '--room', 'guarded', '--ttl', '1h',
      '--token-secret-file', secretFile]).toString().trim();
    const guarded = await startServer(['--token-secret-file', secretFile]);
    const url = (query) => `${guarded.url}/labs/03-signaling/?room=guarded&${query}`;
    const admitted = await openLab(browser, url(`name=alice&token=${encodeURIComponent(token)}`));
    const refused = await openLab(browser, url('name=mallory'));
    try {
      const inside = await waitForState(admitted, (s) => s.you !== '', { what: 'alice joined' });
      assert.equal(inside.room, 'guarded');
      assert.ok(!JSON.stringify(inside).includes(token), 'labState never shows the token');
      const outside = await waitForState(refused, (s) => s.errors.length >= 1,
        { what: 'the bad-token error' });
      assert.equal(outside.errors[0].code, 'bad-token');
      assert.equal(outside.you, '');
      assert.deepEqual((await labState(admitted)).peers, [], 'mallory never entered the room');
    } finally {
      await admitted.context().close();
      await refused.context().close();
      await guarded.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
