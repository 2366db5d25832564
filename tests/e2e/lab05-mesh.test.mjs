// Lab 05 in headless Chromium: a mesh conference through the real rtclab-server. Four browser
// contexts (four people) connect all 6 pairs, decode each other's video and chat; one leaves and
// its connections and tiles go everywhere; a fifth joins; two join and leave at the same moment;
// the room limit refuses and says so. The README's steps tick in order on the panel, in English
// or Korean. Small fake video (160x120) keeps 2 cores able to encode
// and decode 12 streams at once.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { browserEngine, labAction, labReady, labState, launchBrowser, openLab, startServer,
  waitForState } from './harness.mjs';

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
  `${base}/labs/05-mesh/?room=${room}&name=${name}&width=160&height=120&fps=15`;

// A small canvas (the tiles stay 2 to a row beside it): five pages on two cores render less.
const smallViewport = { width: 720, height: 400 };

const connectedTo = (s) => new Set(s.remotes.filter((r) => r.connectionState === 'connected')
  .map((r) => r.peer));

// Opens one participant (its own browser context), starts its camera (unless `camera` is
// false) and joins `room`; resolves once the server has answered the join.
async function joinMesh(room, name, { camera = true, errors = [], base } = {}) {
  const page = await openLab(browser, labUrl(room, name, base),
    { consoleErrors: errors, viewport: smallViewport });
  if (camera) {
    await labAction(page, 'start');
    await waitForState(page, (s) => s.local.capturing, { timeout: 30000, what: `${name}'s camera` });
  }
  await labAction(page, 'join');
  const s = await waitForState(page, (st) => st.phase !== 'joining' && st.phase !== 'idle',
    { what: `${name} joined` });
  page.you = s.you;
  page.who = name;
  return page;
}

// Every page connected to exactly every other page (and nobody else), within `timeout`.
async function fullMesh(pages, { timeout = 45000 } = {}) {
  for (const page of pages) {
    const others = pages.filter((p) => p !== page).map((p) => p.you).sort();
    await waitForState(page, (s) => {
      const peers = s.remotes.map((r) => r.peer).sort();
      return JSON.stringify(peers) === JSON.stringify(others) &&
        connectedTo(s).size === others.length;
    }, { timeout, what: `${page.who} connected to ${others.length} others` });
  }
}

// Inbound video bytes from each remote grow, at every page: everyone decodes everyone.
async function videoFromEveryone(pages) {
  for (const page of pages) {
    const first = await labState(page);
    const before = new Map(first.remotes.map((r) => [r.peer, r.videoBytesReceived]));
    await waitForState(page, (s) => s.remotes.length === pages.length - 1 &&
      s.remotes.every((r) => r.videoBytesReceived > (before.get(r.peer) ?? 0) &&
        r.tileVideoWidth > 0),
    { timeout: 20000, what: `${page.who}: video from all ${pages.length - 1} others grows` });
  }
}

const t0 = Date.now();
const step = (what) => console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);

const closeAll = (pages) => Promise.all(pages.map((p) => p.context().close()));

// The panel's step checklist: the first `count` steps done, in order, and the next one current.
async function stepsDone(page, count) {
  const s = await waitForState(page, (st) => st.steps.current === count,
    { what: `${page.who}'s steps: ${count} done` });
  assert.deepEqual(s.steps.list.map((item) => item.done),
    s.steps.list.map((_, i) => i < count), `${page.who}'s steps done in order`);
  return s;
}

test('four join: all 6 pairs connect, video and chat reach everyone; one leaves, a fifth joins',
  async () => {
    const errors = [];
    const pages = [];
    try {
      for (const name of ['ann', 'ben', 'cat', 'dan']) {
        pages.push(await joinMesh('mesh4', name, { errors }));
        if (name === 'ann') {
          const alone = await stepsDone(pages[0], 2); // camera and join; nobody else yet
          assert.deepEqual(alone.steps.list.map((item) => item.step), ['lab05.step.camera',
            'lab05.step.join', 'lab05.step.connect', 'lab05.step.chat', 'lab05.step.measure',
            'lab05.step.leave']);
          assert.equal(alone.steps.list[0].text, '1. Start camera: one capture for every connection');
        }
      }
      const [ann, ben, cat, dan] = pages;
      await fullMesh(pages);
      await stepsDone(ann, 3);
      step('4 joined, all 6 pairs connected');
      await videoFromEveryone(pages);
      step('video from everyone, at everyone');

      // Who offered: the later joiner, to each one already there; nobody answered an offer
      // while making one (no glare), no rollback.
      for (const page of pages) {
        const s = await labState(page);
        const myIndex = pages.indexOf(page);
        for (const remote of s.remotes) {
          const theirIndex = pages.findIndex((p) => p.you === remote.peer);
          const weOffered = myIndex > theirIndex;
          assert.equal(remote.offersMade >= 1, weOffered,
            `${page.who} -> ${pages[theirIndex].who}: the newcomer offers`);
          assert.equal(remote.answersMade >= 1, !weOffered);
          assert.equal(remote.offersIgnored, 0, 'no glare');
          assert.equal(remote.rollbacks, 0);
        }
        // Four tiles: ours and one per remote, each captioned with its name.
        const tiles = await page.evaluate(() => [...document.querySelectorAll('#videos figure.tile')]
          .map((f) => f.querySelector('figcaption').textContent));
        assert.equal(tiles.length, 4, `${page.who}'s tiles: ${tiles}`);
        for (const other of pages.filter((p) => p !== page)) {
          assert.ok(tiles.some((t) => t.startsWith(`${other.who} (`)), `${other.who}'s tile`);
        }
      }

      // A chat message from ann reaches the other three.
      for (const page of pages) {
        await waitForState(page, (s) => s.remotes.every((r) => r.chatState === 'open'),
          { what: `${page.who}'s chat channels open` });
      }
      await labAction(ann, 'send-chat', 'hello mesh');
      for (const page of [ben, cat, dan]) {
        await waitForState(page, (s) => s.chat.some((m) => m.from === ann.you &&
          m.text === 'hello mesh'), { what: `ann's message at ${page.who}` });
      }
      await stepsDone(ann, 4);

      step('offers, tiles and chat checked');
      // The measurements: a row for N = 4 once sampled; the CSV export is the panel's table.
      const measured = await waitForState(ann, (s) => s.measurements.some((r) =>
        r.participants === 4 && r.samples >= 2), { timeout: 20000, what: 'N=4 measured' });
      const beforeExport = await labState(ann);
      const download = ann.waitForEvent('download');
      await labAction(ann, 'export-csv');
      const csv = readFileSync(await (await download).path(), 'utf8');
      const afterExport = await labState(ann);
      // A sample may land between the two snapshots: the file is one of them, exactly.
      const shown = [beforeExport, afterExport].find((st) => st.csv === csv);
      assert.ok(shown, `the exported CSV is the panel's:\n${csv}`);
      const lines = csv.trim().split('\n');
      assert.match(lines[0], /^participants,connections,samples,up_kbps,/);
      assert.equal(lines.length, 1 + shown.measurements.length, 'one row per N seen');
      const row4 = lines.find((l) => l.startsWith('4,3,')).split(',');
      const panel4 = shown.measurements.find((r) => r.participants === 4);
      assert.equal(row4[3], panel4.kbpsUp.toFixed(1), 'the CSV holds the panel\'s figures');
      assert.ok(panel4.kbpsUp > 0, 'upload measured at N=4');
      assert.ok(measured.totals.fpsEncoded > 0);
      await stepsDone(ann, 5);

      step('CSV exported');
      // dan leaves: the other three drop his connection and tile, and stay connected.
      for (const page of [ann, ben, cat]) {
        await page.evaluate((id) => { window.leaverTile = document.getElementById(`tile-${id}`); },
          dan.you);
      }
      await labAction(dan, 'hangup');
      const three = [ann, ben, cat];
      await fullMesh(three, { timeout: 15000 });
      for (const page of three) {
        const gone = await page.evaluate(() => ({
          attached: window.leaverTile.isConnected,
          srcObject: window.leaverTile.srcObject,
          videos: document.querySelectorAll('#videos video').length,
        }));
        assert.deepEqual(gone, { attached: false, srcObject: null, videos: 3 },
          `${page.who}: dan's tile removed, its stream released`);
      }
      await videoFromEveryone(three);
      assert.deepEqual((await labState(dan)).remotes, []);

      step('dan left; the other 3 still connected');
      // A fifth joins and connects to all three.
      const eve = await joinMesh('mesh4', 'eve', { errors });
      pages.push(eve);
      await fullMesh([ann, ben, cat, eve]);
      await videoFromEveryone([ann, ben, cat, eve]);
      step('eve connected to all 3');
      await labAction(ann, 'hangup');
      const finished = await stepsDone(ann, 6);
      assert.ok(finished.steps.list.every((item) => item.done), 'every step done after the leave');
      // The language switch (last: the Korean font costs a loaded machine): the same steps,
      // their text in Korean; the rest of the state stays English.
      await labAction(ann, 'language', 'ko');
      const korean = await labState(ann);
      assert.equal(korean.language, 'ko');
      assert.equal(korean.steps.list[0].step, 'lab05.step.camera');
      assert.match(korean.steps.list[0].text, /^1\. 카메라 시작/);
      assert.match(korean.steps.list[4].text, /CSV/);
      assert.equal(korean.steps.current, 6);
      assert.equal(korean.phase, 'idle');
      assert.deepEqual(errors, []);
    } finally {
      await closeAll(pages);
    }
  });

test('two join and leave at the same moment: no half-open connection remains', async () => {
  const pages = [];
  try {
    // Data channels only (no camera): this test is about who is connected to whom.
    const one = await joinMesh('churn', 'one', { camera: false });
    const two = await joinMesh('churn', 'two', { camera: false });
    pages.push(one, two);
    await fullMesh([one, two]);
    // At the same moment: three and four join, two leaves; then four leaves again at once.
    const [three, four] = await Promise.all([
      joinMesh('churn', 'three', { camera: false }),
      joinMesh('churn', 'four', { camera: false }),
      labAction(two, 'hangup'),
    ]);
    pages.push(three, four);
    await labAction(four, 'hangup');
    // Within the bound every session is connected or gone: one and three, with each other only.
    await fullMesh([one, three], { timeout: 20000 });
    for (const page of [two, four]) {
      assert.deepEqual((await labState(page)).remotes, [], `${page.who} holds nothing`);
    }
  } finally {
    await closeAll(pages);
  }
});

test('the room limit is the server\'s: a join over it is refused, with the reason shown', async () => {
  const small = await startServer(['--max-peers-per-room', '2']);
  const pages = [];
  try {
    pages.push(await joinMesh('full', 'one', { camera: false, base: small.url }));
    pages.push(await joinMesh('full', 'two', { camera: false, base: small.url }));
    const third = await joinMesh('full', 'three', { camera: false, base: small.url });
    pages.push(third);
    const refused = await waitForState(third, (s) => s.phase === 'refused', { what: 'refused' });
    assert.match(refused.serverError, /^room-full: .*\(2 of 2 participants\)/);
    assert.deepEqual(refused.remotes, []);
  } finally {
    await closeAll(pages);
    await small.stop();
  }
});

// The Compute Pressure API's reading, driven through Chromium's DevTools pressure override so
// the state is known: the lab shows what the browser reports, and changes with it. Firefox has
// no such API: the lab says so, and the totals hold no reading rather than a made-up one.
test('the page\'s CPU pressure: the panel shows the browser\'s reading as it changes', async () => {
  const page = await browser.newPage({ viewport: smallViewport });
  try {
    if (browserEngine === 'firefox') {
      await page.goto(labUrl('pressure', 'solo'));
      await labReady(page);
      const state = await labState(page);
      assert.equal(state.cpuPressure.state, '', 'no reading, and none made up');
      assert.equal(state.cpuPressure.meaning, 'no reading yet');
      assert.match(state.cpuPressure.unavailable, /not exposed by this browser/);
      assert.equal(state.totals.cpuPressure, '');
      return;
    }
    const devtools = await page.context().newCDPSession(page);
    await devtools.send('Emulation.setPressureSourceOverrideEnabled',
      { enabled: true, source: 'cpu', metadata: { available: true } });
    await devtools.send('Emulation.setPressureStateOverride', { source: 'cpu', state: 'serious' });
    await page.goto(labUrl('pressure', 'solo'));
    await labReady(page);
    const serious = await waitForState(page, (s) => s.cpuPressure.state === 'serious',
      { what: 'the reading "serious"' });
    assert.equal(serious.cpuPressure.unavailable, '');
    assert.match(serious.cpuPressure.meaning, /near its limit/);
    await devtools.send('Emulation.setPressureStateOverride', { source: 'cpu', state: 'critical' });
    const critical = await waitForState(page, (s) => s.cpuPressure.state === 'critical',
      { what: 'the reading "critical"' });
    assert.equal(critical.totals.cpuPressure, 'critical');
  } finally {
    await page.close();
  }
});
