// The driver's side of the bench page (bench/client/index.html), shared by the benchmark
// (client.mjs) and its equality test (tests/e2e/bench-equality.test.mjs): open the page, run one
// measurement on either path ('cpp': the typed C++ API in wasm; 'js': plain JavaScript), and
// the figures' arithmetic. Browser and server come from tests/e2e/harness.mjs.
import { launchBrowser, startServer } from '../../tests/e2e/harness.mjs';

export { launchBrowser, startServer };
export const paths = ['cpp', 'js'];
// The call bench's paths: the call layer (RoomCall, as Lab 04), the typed API alone (C++ doing
// the JS client's steps on SignalingClient and PeerConnection: what the wrapper costs without the
// call layer's work), the JS client.
export const callPaths = ['cpp', 'api', 'js'];
export const MiB = 1 << 20;

// Opens the bench page and waits until its wasm module has started.
export async function openBenchPage(browser, serverUrl, { consoleErrors = [] } = {}) {
  const page = await browser.newPage();
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(`${serverUrl}/bench/client/`);
  await page.waitForFunction(() => window.rtclabBench !== undefined, null, { timeout: 45000 });
  await page.evaluate(() => rtclabBench.ready);
  return page;
}

// `bytes` through the page's channel in messages of `size`:
// {path, messages, bytes, checksum, ms}. The checksum folds every message in order.
export function dataChannelRun(page, path, size, bytes) {
  return page.evaluate(([p, s, n]) => rtclabBench.dc(p, s, n), [path, size, bytes / size]);
}

// The checksum a receiver must reach for `bytes` in messages of `size`, computed from the payload
// alone (not by either path).
export function expectedChecksum(page, size, bytes) {
  return page.evaluate(([s, n]) => rtclabBench.expectedChecksum(s, n), [size, bytes / size]);
}

// The wasm heap copies per message on each side, counted in the page (baseline.js).
export function heapCopies(page, path, size, bytes) {
  return page.evaluate(([p, s, n]) => rtclabBench.copies(p, s, n), [path, size, bytes / size]);
}

// One 1:1 call through rtclab-server on one of callPaths:
// {path, ms, connections, connected, participantsConnected, error}.
export function callSetup(page, path, serverUrl, room) {
  const url = `${serverUrl.replace(/^http/, 'ws')}/ws`;
  return page.evaluate(([p, u, r]) => rtclabBench.call(p, u, r), [path, url, room]);
}

// A 1:1 call between two bench pages, one participant in each, on `path` in both: the first
// page joins, then the second (which offers); the time from the second's join to the later of
// the two "connected": {path, error, connected, ms, participantsConnected}.
export async function callSetupAcrossPages([first, second], path, serverUrl, room) {
  const url = `${serverUrl.replace(/^http/, 'ws')}/ws`;
  const sides = [first, second];
  await Promise.all(sides.map((page, i) => page.evaluate(([p, u, r, n]) =>
    rtclabBench.sidePrepare(p, u, r, n), [path, url, room, `${path}-${i ? 'b' : 'a'}`])));
  await first.evaluate(() => rtclabBench.sideJoin());
  const start = await second.evaluate(() => rtclabBench.sideJoin());
  const results = await Promise.all(sides.map((page) =>
    page.evaluate(() => rtclabBench.sideConnected())));
  await Promise.all(sides.map((page) => page.evaluate(() => rtclabBench.sideHangup())));
  const error = results.find((r) => r.error)?.error ?? null;
  return { path, error,
    connected: results.filter((r) => r.connectedAt !== null).length,
    ms: error ? null : Math.max(...results.map((r) => r.connectedAt)) - start,
    participantsConnected: path !== 'js'
      ? results.reduce((sum, r) => sum + r.participantsConnected, 0) : null };
}

// Chromium refuses a page's RTCPeerConnection beyond 500 that exist ("Cannot create so many
// PeerConnections"), closed ones included until they are garbage collected, and a page that does
// nothing but call setups can make hundreds of them between two major collections. A driver
// running many setups in one page calls this between them (untimed) every few dozen.
export async function collectClosedConnections(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
}

// min / median / max of a list of numbers.
export function spread(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { min: sorted[0], median, max: sorted.at(-1), n: sorted.length };
}
