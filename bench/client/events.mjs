// What each event of a call setup costs the page, on each call path: the call layer, the typed
// API alone and the JS client (bench/README.md, "Call setup: where the cost is"): two pages, one
// participant each, as the two-page call setup runs; every event's handler is timed in the page
// and summed per call by kind.
//
//   scripts/in-netns.sh node bench/client/events.mjs [--runs 60]
//
// C++ (both paths): every event enters the wasm through Module.rtclabInvoke (bridge.js), so timing that one
// function times every handler, promise settlements included. JS: the client's handlers are
// property handlers (onmessage, onicecandidate, onnegotiationneeded), timed through their
// setters; its `async` continuations after an await are not handlers and go untimed.
// performance.now() is 0.1 ms-coarse in this page, so a single figure is a step; the means of
// the per-call sums over many calls are not.
import { callPaths, callSetupAcrossPages, launchBrowser, openBenchPage, startServer }
  from './bench-page.mjs';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 60;

// Installed in each page: window.eventCosts collects [kind, ms] per handler run.
function timeHandlers() {
  window.eventCosts = [];
  const kindOf = (event) => {
    if (!event || typeof event !== 'object' || !('target' in event)) return 'promise settled';
    if (event.type === 'message' && typeof event.data === 'string') {
      return `message "${/"type":"([a-z-]+)"/.exec(event.data)?.[1]}"`;
    }
    return event.type;
  };
  const timed = (fn, self, event) => {
    const start = performance.now();
    const result = fn.call(self, event);
    window.eventCosts.push([kindOf(event), performance.now() - start]);
    return result;
  };
  const invoke = Module.rtclabInvoke;
  Module.rtclabInvoke = (id, argument) => timed(() => invoke(id, argument), null, argument);
  for (const [prototype, property] of [[WebSocket.prototype, 'onmessage'],
    [RTCPeerConnection.prototype, 'onicecandidate'],
    [RTCPeerConnection.prototype, 'onnegotiationneeded']]) {
    let descriptor;
    for (let p = prototype; p && !descriptor; p = Object.getPrototypeOf(p)) {
      descriptor = Object.getOwnPropertyDescriptor(p, property);
    }
    Object.defineProperty(prototype, property, {
      configurable: true,
      get: descriptor.get,
      set(handler) {
        descriptor.set.call(this, handler && function (event) { return timed(handler, this, event); });
      },
    });
  }
}

const server = await startServer(['--log-level', 'warn']);
const browser = await launchBrowser({ engine: 'chromium' });
try {
  const pages = [await openBenchPage(browser, server.url), await openBenchPage(browser, server.url)];
  await Promise.all(pages.map((page) => page.evaluate(timeHandlers)));
  for (const path of callPaths) {
    for (let w = 0; w < 3; w++) await callSetupAcrossPages(pages, path, server.url, `w${w}${path}${Date.now()}`);
    const sums = [new Map(), new Map()]; // per page: kind -> ms summed over all calls
    for (let r = 0; r < runs; r++) {
      await Promise.all(pages.map((page) => page.evaluate(() => { window.eventCosts = []; })));
      await callSetupAcrossPages(pages, path, server.url, `r${r}${path}${Date.now()}`);
      const costs = await Promise.all(pages.map((page) => page.evaluate(() => window.eventCosts)));
      costs.forEach((list, i) => {
        for (const [kind, ms] of list) sums[i].set(kind, (sums[i].get(kind) ?? 0) + ms);
      });
    }
    ['first page (answers)', 'second page (offers)'].forEach((name, i) => {
      const rows = [...sums[i]].map(([kind, ms]) => [kind, ms / runs]).sort((a, b) => b[1] - a[1]);
      const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
      console.log(`\n${path}, ${name}: ms per call, mean over ${runs} calls (total ${total.toFixed(2)})`);
      for (const [kind, ms] of rows) if (ms >= 0.005) console.log(`${ms.toFixed(3).padStart(8)}  ${kind}`);
    });
  }
} finally {
  await browser.close();
  await server.stop?.();
}
