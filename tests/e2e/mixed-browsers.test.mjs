// Chromium and Firefox in one room (issue 14): Lab 04's call between the two browsers, and Lab
// 05's mesh with two Chromium participants and one Firefox. Each browser runs the same lab page
// through the same automation interface (Module.labState / Module.labAction); what the two
// negotiate is what a learner with both browsers open would see.
//
// Needs both browsers at once, so it runs in the Chromium pass of `make test` only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browserEngine, labAction, labState, launchBrowser, openLab, startServer, waitForState }
  from './harness.mjs';

const once = browserEngine === 'firefox' && 'runs in the Chromium pass (it starts both browsers)';

let server;
let chromium;
let firefox;
before(async () => {
  if (once) return;
  server = await startServer();
  chromium = await launchBrowser({ engine: 'chromium' });
  firefox = await launchBrowser({ engine: 'firefox' });
});
after(async () => {
  await firefox?.close();
  await chromium?.close();
  await server?.stop();
});

const inbound = (s, kind) => s.call?.stats?.inbound?.[kind];
const outbound = (s, kind) => s.call?.stats?.outbound?.[kind];

test('Lab 04 between Chromium and Firefox: connected, media and chat both ways, one codec',
  { skip: once }, async () => {
    const url = (name) => `${server.url}/labs/04-one-to-one/?room=mixed-call&name=${name}`;
    const pages = [];
    try {
      for (const [using, name] of [[chromium, 'chromium'], [firefox, 'firefox']]) {
        const page = await openLab(using, url(name));
        pages.push(page);
        await labAction(page, 'start');
        await waitForState(page, (s) => s.local.capturing, { what: `${name}'s camera` });
        await labAction(page, 'join');
      }
      const [fromChromium, fromFirefox] = pages;
      const named = await Promise.all(pages.map(labState));
      assert.deepEqual(named.map((s) => s.browser.name), ['chrome', 'firefox'],
        'adapter.js names each browser');

      // Connected, with audio and video decoded on both sides.
      const states = [];
      for (const [page, who] of [[fromChromium, 'chromium'], [fromFirefox, 'firefox']]) {
        states.push(await waitForState(page, (s) => s.call?.connectionState === 'connected' &&
          (inbound(s, 'video')?.framesDecoded ?? 0) > 0 && (inbound(s, 'audio')?.bytes ?? 0) > 0,
        { timeout: 30000, what: `${who} connected, decoding the other's video and audio` }));
      }
      const [c, f] = states;
      assert.equal(c.call.peer, f.you);
      assert.equal(f.call.peer, c.you);

      // The codec each side shows is the one the other side sends: one negotiation, two panels.
      for (const kind of ['audio', 'video']) {
        assert.match(inbound(c, kind).codec, kind === 'audio' ? /^audio\/opus$/i : /^video\//);
        assert.equal(inbound(c, kind).codec, outbound(f, kind).codec,
          `${kind}: Chromium receives what Firefox sends`);
        assert.equal(inbound(f, kind).codec, outbound(c, kind).codec,
          `${kind}: Firefox receives what Chromium sends`);
      }
      console.log(`codecs: Chromium receives ${inbound(c, 'video').codec} and ` +
        `${inbound(c, 'audio').codec}; Firefox receives ${inbound(f, 'video').codec}`);

      // Chat both ways over the negotiated data channel.
      for (const [page, who] of [[fromChromium, 'chromium'], [fromFirefox, 'firefox']]) {
        await waitForState(page, (s) => s.call.chat.state === 'open', { what: `${who}'s chat open` });
      }
      await labAction(fromChromium, 'send-chat', '안녕 from Chromium');
      await labAction(fromFirefox, 'send-chat', 'hello from Firefox');
      await waitForState(fromFirefox, (s) => s.call.chat.received.includes('안녕 from Chromium'),
        { what: 'Chromium\'s message at Firefox' });
      await waitForState(fromChromium, (s) => s.call.chat.received.includes('hello from Firefox'),
        { what: 'Firefox\'s message at Chromium' });

      // The transport: DTLS connected on both; only Chromium reports certificate stats.
      const [ct, ft] = (await Promise.all(pages.map(labState))).map((s) => s.call.transport);
      assert.equal(ct.dtlsState, 'connected');
      assert.equal(ft.dtlsState, 'connected');
      assert.notEqual(ct.dtlsRole, ft.dtlsRole, 'one DTLS client, one server');
      assert.ok(ct.remoteSdpFingerprintLine.endsWith(ct.remoteFingerprint.split(' ')[1]),
        'Chromium sees the certificate Firefox announced');
      assert.equal(ft.localFingerprint, null, 'Firefox: not reported');
      // Firefox would take 1 GiB messages, Chromium 256 KiB: the call settles on the smaller.
      const [cm, fm] = (await Promise.all(pages.map(labState))).map((s) => s.call.maxMessageSize);
      assert.deepEqual([cm, fm], [262144, 262144], 'one message size limit for both');
    } finally {
      await Promise.all(pages.map((p) => p.close()));
    }
  });

test('Lab 05 with two Chromium participants and one Firefox: a full mesh, video and chat',
  { skip: once }, async () => {
    const url = (name) => `${server.url}/labs/05-mesh/?room=mixed-mesh&name=${name}` +
      '&width=160&height=120&fps=15';
    const pages = [];
    try {
      for (const [using, name] of [[chromium, 'c1'], [chromium, 'c2'], [firefox, 'f1']]) {
        const page = await openLab(using, url(name), { viewport: { width: 720, height: 400 } });
        pages.push(page);
        await labAction(page, 'start');
        await waitForState(page, (s) => s.local.capturing, { timeout: 30000, what: `${name}'s camera` });
        await labAction(page, 'join');
        page.you = (await waitForState(page, (s) => s.phase !== 'joining' && s.phase !== 'idle',
          { what: `${name} joined` })).you;
        page.who = name;
      }
      for (const page of pages) {
        const others = pages.filter((p) => p !== page).map((p) => p.you).sort();
        await waitForState(page, (s) => JSON.stringify(s.remotes.map((r) => r.peer).sort()) ===
          JSON.stringify(others) && s.remotes.every((r) => r.connectionState === 'connected' &&
            r.videoBytesReceived > 0 && r.tileVideoWidth > 0),
        { timeout: 45000, what: `${page.who} connected to both others, their video in tiles` });
      }
      const firefoxPage = pages[2];
      await labAction(firefoxPage, 'send-chat', 'hello mesh from Firefox');
      for (const page of pages.slice(0, 2)) {
        await waitForState(page, (s) => s.chat.some((m) => m.from === firefoxPage.you &&
          m.text === 'hello mesh from Firefox'), { what: `Firefox's message at ${page.who}` });
      }
      await labAction(pages[0], 'send-chat', 'hello mesh from Chromium');
      await waitForState(firefoxPage, (s) => s.chat.some((m) => m.from === pages[0].you &&
        m.text === 'hello mesh from Chromium'), { what: 'Chromium\'s message at Firefox' });
      // Firefox does not say what limits its encoder: absent, not "none".
      const f = await labState(firefoxPage);
      assert.ok(f.remotes.every((r) => r.qualityLimitationReason === null));
      const c = await labState(pages[0]);
      assert.ok(c.remotes.every((r) => typeof r.qualityLimitationReason === 'string'));
    } finally {
      await Promise.all(pages.map((p) => p.close()));
    }
  });
