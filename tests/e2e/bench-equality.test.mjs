// The browser benchmark's page (bench/client) does the same work on both of its paths, the typed
// C++ API in wasm and plain JavaScript: the same bytes delivered in the same order (the same
// checksum, equal to the one computed from the payload alone) and every call path connected (the
// call layer, the typed API alone, the JS client) after the same signaling messages. Without
// this, `make bench` could compare against a path that silently does less. Brief: 4 MiB per
// path and size, one call each.
//
// Chromium only: the benchmark runs on Chromium (bench/README.md), so this test is skipped when
// the suite runs on Firefox (RTCLAB_BROWSER=firefox).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { callPaths, callSetup, callSetupAcrossPages, dataChannelRun, expectedChecksum,
  heapCopies, launchBrowser, MiB, openBenchPage, paths, startServer }
  from '../../bench/client/bench-page.mjs';

const skip = process.env.RTCLAB_BROWSER === 'firefox' && 'the browser benchmark is Chromium-only';

let server;
let browser;
let page;
const consoleErrors = [];
before(async () => {
  if (skip) return;
  server = await startServer();
  browser = await launchBrowser({ engine: 'chromium' });
  page = await openBenchPage(browser, server.url, { consoleErrors });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('both paths deliver the same bytes in the same order, 16 KiB and 64 KiB messages',
  { skip, timeout: 60000 }, async () => {
    const bytes = 4 * MiB;
    for (const size of [16 * 1024, 64 * 1024]) {
      const expected = await expectedChecksum(page, size, bytes);
      for (const path of paths) {
        const run = await dataChannelRun(page, path, size, bytes);
        assert.equal(run.path, path);
        assert.equal(run.messages, bytes / size, `${path}, ${size} B: every message`);
        assert.equal(run.bytes, bytes, `${path}, ${size} B: every byte`);
        assert.equal(run.checksum, expected, `${path}, ${size} B: the same bytes, in order`);
        assert.ok(run.ms > 0);
      }
    }
    assert.deepEqual(consoleErrors, []);
  });

test('the C++ path copies each message once at the heap\'s edge on each side, the JS path never',
  { skip, timeout: 30000 }, async () => {
    const cpp = await heapCopies(page, 'cpp', 16 * 1024, MiB);
    assert.equal(cpp.bytes, MiB);
    assert.equal(cpp.senderCopies, 1, JSON.stringify(cpp));
    assert.equal(cpp.receiverCopies, 1, JSON.stringify(cpp));
    assert.equal(cpp.heapBytesPerMessage, 2 * 16 * 1024);
    const js = await heapCopies(page, 'js', 16 * 1024, MiB);
    assert.equal(js.senderCopies + js.receiverCopies, 0, JSON.stringify(js));
  });

test('every call path connects a 1:1 call through rtclab-server', { skip, timeout: 60000 },
  async () => {
    for (const path of callPaths) {
      const call = await callSetup(page, path, server.url, `equality-${path}-${Date.now()}`);
      assert.equal(call.error, null, `${path}: ${call.error}`);
      assert.equal(call.connections, 2, `${path}: one RTCPeerConnection per participant`);
      assert.equal(call.connected, 2, `${path}: both connected`);
      if (path !== 'js') {
        assert.equal(call.participantsConnected, 2, `${path}: both C++ sides see it`);
      }
      // The same negotiation on the wire: both join, one offer, one answer, trickled candidates
      // (how many depends on when gathering ends against connected), and nothing else.
      const { candidate, ...negotiation } = call.sent;
      assert.deepEqual(negotiation, { join: 2, offer: 1, answer: 1 },
        `${path} sent ${JSON.stringify(call.sent)}`);
      assert.ok(candidate >= 2, `${path}: candidates from both sides, ${JSON.stringify(call.sent)}`);
      assert.ok(call.ms > 0);
    }
    assert.deepEqual(consoleErrors, []);
  });

test('every call path connects a 1:1 call between two pages, one participant in each',
  { skip, timeout: 60000 }, async () => {
    const second = await openBenchPage(browser, server.url, { consoleErrors });
    try {
      for (const path of callPaths) {
        const call = await callSetupAcrossPages([page, second], path, server.url,
          `equality-pages-${path}-${Date.now()}`);
        assert.equal(call.error, null, `${path}: ${call.error}`);
        assert.equal(call.connected, 2, `${path}: both sides connected`);
        if (path !== 'js') {
          assert.equal(call.participantsConnected, 2, `${path}: both C++ sides see it`);
        }
        assert.ok(call.ms > 0);
      }
    } finally {
      await second.close();
    }
    assert.deepEqual(consoleErrors, []);
  });
