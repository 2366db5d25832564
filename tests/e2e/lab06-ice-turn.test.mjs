// Lab 06 in headless Chromium with a real coturn on loopback: gathering through the server's
// TURN credentials (host and relay candidates, priorities split), a wrong credential of the
// learner's own and expired server credentials reported with the browser's 401, and a relay-only
// call through coturn that carries media and shows up in coturn's log under the peer's username;
// the README's steps tick in order as one learner goes through them, in English or Korean.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browserEngine, freeUdpAndTcpPort, labAction, labState, launchBrowser, openLab,
  startServer, startTurn, waitForState } from './harness.mjs';

let turn;
let server;
let browser;
before(async () => {
  turn = await startTurn();
  server = await startServer(turnFlags());
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await turn?.stop();
});

function turnFlags(extra = []) {
  return ['--turn-secret-file', turn.secretFile, '--turn-url', turn.stunUrl,
    '--turn-url', turn.turnUrl, ...extra];
}

const labUrl = (room, base = server.url) => `${base}/labs/06-ice-turn/?room=${room}`;

async function joined(page) {
  await labAction(page, 'join');
  return waitForState(page, (s) => s.serverIceServers.length > 0,
    { what: 'the server\'s ICE servers in joined' });
}

async function gathered(page) {
  await labAction(page, 'gather');
  return (await waitForState(page, (s) => s.gathering.completedAfterMs !== null,
    { timeout: 30000, what: 'gathering complete' })).gathering;
}

test('gather with the server\'s STUN and TURN: host and relay candidates, priorities split',
  async () => {
    const page = await openLab(browser, labUrl('gather'));
    try {
      const s = await joined(page);
      assert.deepEqual(s.serverIceServers.map((server) => server.urls[0]),
        [turn.stunUrl, turn.turnUrl]);
      assert.match(s.serverIceServers[1].username, /^\d+:u-[0-9a-f]{20}$/);
      assert.ok(s.serverExpiresInSeconds > 3500, 'an hour of validity by default');
      assert.doesNotMatch(s.configuration, /credential":"[^*]/, 'credentials are masked');

      const g = await gathered(page);
      const types = new Set(g.candidates.map((c) => c.type));
      assert.ok(types.has('host') && types.has('relay'), `host and relay: ${[...types]}`);
      assert.deepEqual(g.errors, []);
      for (const c of g.candidates) {
        assert.equal(c.priority, c.typePreference * 2 ** 24 + c.localPreference * 2 ** 8 +
          (256 - c.component), `the parts make up the priority: ${c.line}`);
      }
      const relay = g.candidates.find((c) => c.type === 'relay');
      assert.ok(relay.typePreference < g.candidates.find((c) => c.type === 'host').typePreference);
      assert.equal(relay.relatedAddress, '127.0.0.1');
      assert.deepEqual(g.firstOfEachType[0].type, 'host', 'host comes first');
      console.log(`first of each type: ${JSON.stringify(g.firstOfEachType)}, complete after ${g.completedAfterMs} ms`);
      assert.match(g.log, /typ relay/);
    } finally {
      await page.close();
    }
  });

test('a STUN binding check: the loopback STUN server answers; a STUN server that is not there does not',
  async () => {
    const page = await openLab(browser, labUrl('stun'));
    try {
      await joined(page);
      await labAction(page, 'stun-check');
      let s = await waitForState(page, (st) => st.gathering.completedAfterMs !== null,
        { timeout: 30000, what: 'the STUN check complete' });
      assert.match(s.stunCheck, /^the STUN server answered and saw your host address/);
      assert.match(s.gathering.log, /"urls":\["stun:127\.0\.0\.1:\d+"\]/);
      assert.doesNotMatch(s.gathering.log, /turn:/, 'STUN only');

      // A port nobody listens on: no answer, the browser's 701, said as such. Port 9 (discard)
      // is one Firefox refuses outright, as it refuses every well-known port of another service.
      await labAction(page, 'set-source', 'custom');
      await labAction(page, 'set-stun', 'stun:127.0.0.1:9');
      if (browserEngine === 'firefox') {
        await assert.rejects(labAction(page, 'stun-check'), /uses a port that is blocked/);
      }
      const silent = browserEngine === 'firefox' ? await freeUdpAndTcpPort() : 9;
      await labAction(page, 'set-stun', `stun:127.0.0.1:${silent}`);
      await labAction(page, 'stun-check');
      s = await waitForState(page, (st) => st.gathering.completedAfterMs !== null,
        { timeout: 60000, what: 'the failed STUN check complete' });
      assert.match(s.stunCheck,
        new RegExp(`^no answer: error 701 from stun:127\\.0\\.0\\.1:${silent}`));
    } finally {
      await page.close();
    }
  });

test('a wrong TURN credential of my own is reported with its meaning, not silent', async () => {
  const page = await openLab(browser, labUrl('wrong'));
  try {
    for (const [action, value] of [['set-source', 'custom'], ['set-turn', turn.turnUrl],
      ['set-username', 'learner'], ['set-credential', 'not-the-password'],
      ['set-policy', 'relay']]) {
      await labAction(page, action, value);
    }
    const g = await gathered(page);
    assert.equal(g.candidates.filter((c) => c.type === 'relay').length, 0);
    const error = g.errors.find((e) => e.errorCode === 401);
    assert.ok(error, `a 401 from coturn: ${JSON.stringify(g.errors)}`);
    assert.match(error.url, /^turn:127\.0\.0\.1:/);
    assert.match(error.meaning, /wrong, or expired/);
  } finally {
    await page.close();
  }
});

test('expired server credentials: no relay candidates, and the panel says why', async () => {
  const shortLived = await startServer(turnFlags(['--turn-credential-lifetime', '1']));
  const page = await openLab(browser, labUrl('expired', shortLived.url));
  try {
    await joined(page);
    await waitForState(page, (s) => s.serverExpiresInSeconds < -1,
      { what: 'the credentials expired' });
    await labAction(page, 'set-policy', 'relay');
    const g = await gathered(page);
    assert.equal(g.candidates.length, 0, 'relay only, and the relay refused us');
    assert.ok(g.errors.some((e) => e.errorCode === 401), JSON.stringify(g.errors));
  } finally {
    await page.close();
    await shortLived.stop();
  }
});

test('a relay-only call connects through coturn with the server\'s credentials', async () => {
  const pages = [];
  try {
    for (const name of ['alice', 'bob']) {
      const page = await openLab(browser, `${labUrl('relay')}&policy=relay`);
      await labAction(page, 'start');
      await waitForState(page, (s) => s.local.capturing, { what: `${name}'s camera` });
      await joined(page);
      pages.push(page);
    }
    for (const page of pages) {
      const s = await waitForState(page, (st) => st.peer?.connectionState === 'connected' &&
        st.peer?.selectedPair !== null, { timeout: 30000, what: 'connected through the relay' });
      assert.equal(s.peer.selectedPair.local.type, 'relay');
      // Chromium marks the selected pair 'in-progress' again while each consent check is in
      // flight, so wait for a snapshot between checks rather than asserting the first one.
      const pairs = (await waitForState(page, (st) => st.candidatePairs.some((p) =>
        p.selected && p.state === 'succeeded'),
      { what: 'the selected pair succeeded in the candidate-pair table' })).candidatePairs;
      const chosen = pairs.find((p) => p.selected);
      assert.equal(chosen.nominated, true);
      assert.ok(pairs.every((p) => p.localType === 'relay'), 'relay only: no other local type');
      const before = s.peer.stats?.inbound?.video?.bytes ?? 0;
      await waitForState(page, (st) => (st.peer.stats?.inbound?.video?.bytes ?? 0) > before,
        { what: 'video bytes arrive through the relay' });
    }
    const call = (await waitForState(pages[1], (s) => s.calls.length === 1,
      { what: 'the call recorded' })).calls[0];
    assert.equal(call.localType, 'relay');
    assert.equal(call.relayProtocol, 'udp');
    // Both browsers report the RTT in whole milliseconds: 0 through a relay on loopback is a
    // reading (the call is recorded only once its pair has a currentRoundTripTime).
    assert.ok(call.rttMs >= 0 && call.rttMs < 1000, `${call.rttMs}`);
    const usernames = await Promise.all(pages.map(async (p) =>
      (await labState(p)).serverIceServers[1].username));
    const log = turn.log();
    for (const username of usernames) {
      assert.ok(log.includes(username), `coturn's log names ${username}`);
    }
  } finally {
    await Promise.all(pages.map((p) => p.close()));
  }
});

// The same two people call three times, changing only the settings: trickle against
// non-trickle (both with the server's STUN and TURN, so non-trickle waits for the relay
// allocation) and a direct pair against a relayed one, all measured in the same page.
test('trickle against non-trickle, direct against relayed: each call measured in one page',
  async () => {
    const pages = [];
    const callWith = async (settings) => {
      for (const page of pages) {
        for (const [action, value] of settings) await labAction(page, action, value);
        await labAction(page, 'join');
        await waitForState(page, (s) => s.phase === 'waiting' || s.phase === 'in-call',
          { what: 'joined' });
      }
      const count = (await labState(pages[1])).calls.length + 1;
      for (const page of pages) {
        await waitForState(page, (s) => s.calls.length === count,
          { timeout: 30000, what: `call ${count} connected and measured` });
      }
      for (const page of pages) await labAction(page, 'hangup');
      for (const page of pages) {
        await waitForState(page, (s) => s.phase === 'idle', { what: 'hung up' });
      }
      return (await labState(pages[1])).calls[count - 1]; // the offerer (the second to join)
    };
    try {
      for (let i = 0; i < 2; i++) pages.push(await openLab(browser, labUrl('compare')));
      const trickled = await callWith([['set-trickle', 'on'], ['set-policy', 'all']]);
      const whole = await callWith([['set-trickle', 'off']]);
      const relayed = await callWith([['set-trickle', 'on'], ['set-policy', 'relay']]);
      console.log(`connected after: trickle ${trickled.connectedAfterMs} ms, ` +
        `non-trickle ${whole.connectedAfterMs} ms; RTT direct ${trickled.rttMs} ms, ` +
        `relayed ${relayed.rttMs} ms`);
      assert.equal(trickled.trickle, true);
      assert.equal(whole.trickle, false);
      assert.ok(trickled.candidatesSent > 0, 'trickle: candidates went out one by one');
      assert.equal(whole.candidatesSent, 0, 'non-trickle: every candidate inside the SDP');
      // Which connects first is the lab's to show, not this test's to time: on loopback Firefox
      // gathers everything, relay included, in a few milliseconds, so both take as long.
      assert.ok(trickled.connectedAfterMs > 0 && whole.connectedAfterMs > 0, 'both measured');
      assert.equal(trickled.localType, 'host');
      const calls = (await labState(pages[1])).calls;
      // The settings reach the call at join, not only with the next frame: Firefox draws no
      // frames in a headless tab that is not in front, and the relay-only call then opened with
      // the previous call's policy (seen as a host pair in ~70 ms).
      assert.equal(relayed.localType, 'relay', `the relay-only call; every call of the page: ` +
        `${JSON.stringify(calls)}`);
      // Both browsers report the RTT in whole milliseconds (Chromium's currentRoundTripTime is
      // 0.001 s steps): through the relay on loopback it reads 0 or 1 ms. A call is recorded only
      // once its selected pair has a currentRoundTripTime, so 0 is a reading, not a gap.
      assert.ok(typeof trickled.rttMs === 'number' && typeof relayed.rttMs === 'number',
        'both RTTs reported');
      assert.ok(trickled.rttMs >= 0 && relayed.rttMs >= 0 && relayed.rttMs < 1000,
        `RTTs in range: direct ${trickled.rttMs} ms, relayed ${relayed.rttMs} ms`);
    } finally {
      await Promise.all(pages.map((p) => p.close()));
    }
  });

// The panel's step checklist: the first `count` steps done, in order, and the next one current.
async function stepsDone(page, count) {
  const s = await waitForState(page, (st) => st.steps.current === count,
    { timeout: 30000, what: `steps: ${count} done` });
  assert.deepEqual(s.steps.list.map((item) => item.done),
    s.steps.list.map((_, i) => i < count), 'steps done in order');
  return s;
}

test('the steps tick in order as one learner goes through the lab', async () => {
  const pages = [];
  try {
    const alice = await openLab(browser, labUrl('steps'));
    pages.push(alice);
    const first = await stepsDone(alice, 0);
    assert.deepEqual(first.steps.list.map((item) => item.step), ['lab06.step.servers',
      'lab06.step.gather', 'lab06.step.stun-check', 'lab06.step.turn-401', 'lab06.step.call',
      'lab06.step.compare']);
    await joined(alice);
    await stepsDone(alice, 1);
    await gathered(alice);
    await stepsDone(alice, 2);
    await labAction(alice, 'stun-check');
    await stepsDone(alice, 3);
    for (const [action, value] of [['set-source', 'custom'], ['set-turn', turn.turnUrl],
      ['set-username', 'learner'], ['set-credential', 'not-the-password'],
      ['set-policy', 'relay']]) {
      await labAction(alice, action, value);
    }
    await gathered(alice);
    await stepsDone(alice, 4);
    await labAction(alice, 'set-source', 'server');
    await labAction(alice, 'set-policy', 'all');

    // The same steps in Korean; what they say changes, their keys and state do not.
    await labAction(alice, 'language', 'ko');
    const korean = await labState(alice);
    assert.equal(korean.language, 'ko');
    assert.equal(korean.steps.current, 4);
    assert.equal(korean.steps.list[4].step, 'lab06.step.call');
    assert.match(korean.steps.list[4].text, /^5\. 통화/);
    assert.match(korean.steps.list[1].text, /수집/);

    const bob = await openLab(browser, labUrl('steps'));
    pages.push(bob);
    // alice is still in the room from step 1: the first call needs bob only.
    const call = async (count) => {
      for (const page of count === 1 ? [bob] : pages) {
        await labAction(page, 'join');
        await waitForState(page, (s) => s.phase === 'waiting' || s.phase === 'in-call',
          { what: 'joined' });
      }
      await waitForState(alice, (s) => s.calls.length === count,
        { timeout: 30000, what: `call ${count} connected and measured` });
    };
    await call(1);
    await stepsDone(alice, 5);
    for (const page of pages) await labAction(page, 'hangup');
    for (const page of pages) {
      await waitForState(page, (s) => s.phase === 'idle', { what: 'hung up' });
      await labAction(page, 'set-trickle', 'off');
    }
    await call(2);
    const done = await stepsDone(alice, 6);
    assert.ok(done.steps.list.every((item) => item.done));
    assert.match(done.steps.list[5].text, /^6\. 비교/);
  } finally {
    await Promise.all(pages.map((p) => p.close()));
  }
});
