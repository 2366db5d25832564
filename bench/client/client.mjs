// The browser benchmark (bench/run.sh, BENCH_ONLY=client; bench/README.md, "The typed API
// against plain JavaScript"): in one headless Chromium, the typed C++ API (wasm) against the
// same work in plain JavaScript in the same page, and what the labs' panels and sizes cost.
//
//   node bench/client/client.mjs [--parts dc,call,size,panel] [--runs 5] [--mib 64]
//                                [--out build/bench/client.txt] [--profile build/bench]
//                                [--profiles] [--web DIR]
//
// Parts, each printed as min / median / max of --runs runs and, for the two paths, the ratio
// C++ / JS of the medians:
//   dc     data-channel throughput, --mib MiB through one channel, 16 KiB and 64 KiB messages,
//          paced by bufferedAmountLowThreshold; and the wasm heap copies per message, counted
//   call   join -> both connected for a 1:1 call through rtclab-server: RoomCall against a
//          minimal JavaScript client of the same protocol and the same perfect negotiation;
//          beside them, that client's steps in C++ on the typed API alone (no call layer)
//   size   each lab's lab.wasm + lab.js gzipped, and navigation -> first panel frame
//   panel  the panel's CPU time per frame (rAF callback, performance.now()) for Labs 02, 04
//          and 05 with 1, 4 and 8 remote peers, and the main thread's busy share in a 1:1 call
//          with and without the panel drawn
// Runs inside bench/run.sh's network namespace (loopback only). Every wait has a time cap.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { callPaths, callSetup, callSetupAcrossPages, collectClosedConnections, dataChannelRun,
  expectedChecksum, heapCopies, launchBrowser, MiB, openBenchPage, spread, startServer }
  from './bench-page.mjs';
import { labAction, siteDir, waitForState } from '../../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const parts = option('parts', 'dc,call,size,panel').split(',');
const runs = Number(option('runs', '5'));
const mib = Number(option('mib', '64'));
const out = option('out', 'build/bench/client.txt');
const profileDir = option('profile', 'build/bench');
// Another web root, e.g. the site with a lab relinked with --profiling-funcs, so that its CPU
// profile names the lab's functions (bench/README.md says how).
const webRoot = option('web', undefined);
// --profiles: take every part's CPU profiles, not only where a target is missed.
const alwaysProfile = args.includes('--profiles');

const lines = [];
const print = (line = '') => {
  lines.push(line);
  console.log(line);
};
const ms = (v) => (v === null || v === undefined ? '-' : `${v.toFixed(v < 10 ? 2 : 1)}`);
const row = (cells) => `| ${cells.join(' | ')} |`;
const triple = (s, f = ms) => `${f(s.min)} / ${f(s.median)} / ${f(s.max)}`;
const verdict = (ok) => (ok ? 'PASS' : 'MISS');

// --- CPU profile through CDP: the functions that cost, by self time ----------------------------
// Writes NAME.cpuprofile (open it in Chromium's DevTools, Performance panel) and returns the
// self time by origin (the page's wasm, its JS files, the browser's own functions, idle) and the
// costliest functions overall and in the wasm (named when the wasm keeps its names: the bench
// page does, --profiling-funcs; a lab does not, so its functions read wasm-function[N]).
async function profiled(page, name, work) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  mkdirSync(profileDir, { recursive: true });
  const file = join(profileDir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  const self = new Map();
  const wasm = new Map();
  const origin = new Map();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id).callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    const fileName = frame.url ? frame.url.split('/').pop() : '';
    const fn = (frame.functionName || '(anonymous)').slice(0, 90);
    add(self, `${fn} ${fileName}`.trim(), us);
    if (fileName.endsWith('.wasm')) add(wasm, fn, us);
    add(origin, fileName.endsWith('.wasm') ? 'wasm' : fileName ? 'page JS'
      : fn === '(idle)' ? 'idle' : 'browser', us);
  });
  // Inclusive time of the wasm's functions: each sample counts once for every distinct wasm
  // function on its stack.
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map();
  profile.samples.forEach((id, i) => {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at).callFrame;
      if (frame.url.endsWith('.wasm')) seen.add((frame.functionName || '(anonymous)').slice(0, 90));
    }
    for (const fn of seen) add(inclusive, fn, profile.timeDeltas[i] ?? 0);
  });
  const top = (map, n) => [...map.entries()].sort((x, y) => y[1] - x[1]).slice(0, n);
  return { result, file, top: top(self, 8), wasm: top(wasm, 6), origin: top(origin, 4),
    inclusive: top(inclusive, 12) };
}

function printProfile(title, { file, top, wasm, origin, inclusive }) {
  const msOf = (us) => `${(us / 1000).toFixed(1)} ms`;
  print(`${title} (${file}), self time:`);
  print(`  by origin: ${origin.map(([k, us]) => `${k} ${msOf(us)}`).join(', ')}`);
  for (const [fn, us] of top) print(`  ${msOf(us).padStart(10)}  ${fn}`);
  if (wasm.length) print('  costliest in the wasm:');
  for (const [fn, us] of wasm) print(`  ${msOf(us).padStart(10)}  ${fn}`);
  if (inclusive.length) print('  wasm functions, inclusive (with what they call):');
  for (const [fn, us] of inclusive) print(`  ${msOf(us).padStart(10)}  ${fn}`);
  print();
}

// --- 1. Data-channel throughput ----------------------------------------------------------------
async function dataChannelPart(browser, server) {
  const page = await openBenchPage(browser, server.url);
  const bytes = mib * MiB;
  const sizes = [16 * 1024, 64 * 1024];
  const summary = [];
  print(`## Data-channel throughput: ${mib} MiB per run through one reliable ordered channel`);
  print('(MB/s = 10^6 bytes/s; runs interleaved C++, JS, JS, C++, ...; both checked for the');
  print(' checksum of the payload)');
  print();
  print(row(['message', 'C++ MB/s min / median / max', 'JS MB/s min / median / max',
    'C++ / JS (medians)', 'target >= 0.95']));
  print(row(['---', '---', '---', '---', '---']));
  for (const size of sizes) {
    const expected = await expectedChecksum(page, size, bytes);
    // One short warm-up each, not counted.
    for (const path of ['cpp', 'js']) await dataChannelRun(page, path, size, MiB);
    const rates = { cpp: [], js: [] };
    for (let r = 0; r < runs; r++) {
      for (const path of r % 2 ? ['js', 'cpp'] : ['cpp', 'js']) {
        const run = await dataChannelRun(page, path, size, bytes);
        if (run.bytes !== bytes || run.checksum !== expected) {
          throw new Error(`${path} ${size} B: ${run.bytes} bytes, checksum ${run.checksum} ` +
            `(expected ${bytes}, ${expected})`);
        }
        rates[path].push(bytes / (run.ms / 1000) / 1e6);
      }
    }
    const cpp = spread(rates.cpp);
    const js = spread(rates.js);
    const ratio = cpp.median / js.median;
    summary.push({ size, cpp, js, ratio });
    print(row([`${size / 1024} KiB`, triple(cpp, (v) => v.toFixed(0)),
      triple(js, (v) => v.toFixed(0)), `${ratio.toFixed(3)}`, verdict(ratio >= 0.95)]));
  }
  print();
  print('Wasm heap copies per message (counted in the page on a 1 MiB run: send() of a heap view,');
  print('set() into the heap, slice() of it; and payload-sized operator new calls inside it):');
  print();
  print(row(['message', 'path', 'sender copies', 'receiver copies', 'heap bytes moved',
    'payload-sized allocations']));
  print(row(['---', '---', '---', '---', '---', '---']));
  for (const size of sizes) {
    for (const path of ['cpp', 'js']) {
      const c = await heapCopies(page, path, size, MiB);
      print(row([`${size / 1024} KiB`, path, c.senderCopies.toFixed(2),
        c.receiverCopies.toFixed(2), `${(c.heapBytesPerMessage / size).toFixed(2)} x size`,
        c.payloadAllocations.toFixed(2)]));
    }
  }
  print();
  // Where a C++ run spends its time: one 16 MiB run of 16 KiB messages, profiled.
  if (summary.some((s) => s.ratio < 0.95) || alwaysProfile) {
    for (const path of ['cpp', 'js']) {
      printProfile(`Profile of a ${path} run (16 MiB, 16 KiB messages)`, await profiled(page,
        `dc-${path}`, () => dataChannelRun(page, path, 16 * 1024, 16 * MiB)));
    }
  }
  await page.close();
}

// --- 2. Call setup ------------------------------------------------------------------------------
async function callPart(browser, server) {
  const page = await openBenchPage(browser, server.url);
  // callPaths: the call layer (held against the target), the typed API alone (what the wrapper
  // costs without the call layer's work: information), the JS client.
  const each = () => Object.fromEntries(callPaths.map((path) => [path, []]));
  // A different order each run, so no path always follows the same one.
  const order = (r) => [callPaths, ['js', 'cpp', 'api'], ['api', 'js', 'cpp']][r % 3];
  const times = each();
  const phases = each();
  // Three warm-ups each, not counted: the first RTCPeerConnection of a page costs more, and the
  // wasm's functions are compiled when first called (then again, optimized, once they are hot).
  for (let w = 0; w < 3; w++) {
    for (const path of callPaths) await callSetup(page, path, server.url, `warm-${w}-${path}-${Date.now()}`);
  }
  // A setup takes ~15 ms and its spread is wide (when ICE and DTLS get the CPU): eight times
  // --runs, at least 40 (with 15, the ratio of the medians moved by 0.05 from run to run on the
  // same build). Beside the time, the page's main-thread CPU for each (CDP TaskDuration; from
  // the two participants' sockets opening to their hang-up): on this thread the two paths'
  // extra work adds up.
  const callRuns = Math.max(40, runs * 8);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  // And the JS heap's growth over each (JSHeapUsedSize: what the call left allocated, garbage
  // included, less whatever a collection during it freed), and the wasm heap's size before and
  // after all of them (it only grows: a leak per call would show there).
  const metrics = async () => {
    const all = (await cdp.send('Performance.getMetrics')).metrics;
    const get = (name) => all.find((m) => m.name === name).value;
    return { task: get('TaskDuration'), jsHeap: get('JSHeapUsedSize') };
  };
  const wasmHeapBytes = () => page.evaluate(() => Module.HEAPU8.length);
  const wasmHeapBefore = await wasmHeapBytes();
  const busy = each();
  const jsHeap = each();
  for (let r = 0; r < callRuns; r++) {
    if (r % 10 === 9) await collectClosedConnections(page); // untimed: see bench-page.mjs
    for (const path of order(r)) {
      const before = await metrics();
      const call = await callSetup(page, path, server.url, `setup-${r}-${path}-${Date.now()}`);
      const after = await metrics();
      busy[path].push((after.task - before.task) * 1000);
      jsHeap[path].push((after.jsHeap - before.jsHeap) / 1024);
      if (call.error || call.connected !== 2) throw new Error(`${path}: ${call.error}`);
      times[path].push(call.ms);
      phases[path].push(call.phases);
    }
  }
  const wasmHeapAfter = await wasmHeapBytes();
  await cdp.detach();
  // The same call between two pages, one participant in each: a 1:1 call's real shape, each
  // side on its own main thread (above, both sides' work shares the page's one thread).
  const second = await openBenchPage(browser, server.url);
  const pair = [page, second];
  const across = each();
  for (let w = 0; w < 3; w++) {
    for (const path of callPaths) await callSetupAcrossPages(pair, path, server.url, `warm2-${w}-${path}-${Date.now()}`);
  }
  for (let r = 0; r < callRuns; r++) {
    if (r % 10 === 9) await Promise.all(pair.map(collectClosedConnections));
    for (const path of order(r)) {
      const call = await callSetupAcrossPages(pair, path, server.url, `pages-${r}-${path}-${Date.now()}`);
      if (call.error || call.connected !== 2) throw new Error(`${path}, two pages: ${call.error}`);
      across[path].push(call.ms);
    }
  }
  await second.close();
  const ratioOf = (samples, path) => spread(samples[path]).median / spread(samples.js).median;
  const ratio = ratioOf(times, 'cpp');
  const ratio2 = ratioOf(across, 'cpp');
  print('## Call setup: join -> both RTCPeerConnections connected, 1:1 through rtclab-server');
  print();
  print('(both participants in one page, joining at once; and one participant in each of two');
  print(' pages, from the second one\'s join, the newcomer offering)');
  print();
  print(row(['path', 'ms min / median / max', 'main-thread CPU per call, ms',
    'two pages: ms min / median / max']));
  print(row(['---', '---', '---', '---']));
  const names = { cpp: 'C++ call layer (RoomCall)', api: 'C++ typed API alone', js: 'JS client' };
  for (const path of callPaths) {
    print(row([names[path], triple(spread(times[path])), triple(spread(busy[path])),
      triple(spread(across[path]))]));
  }
  print();
  print(`C++ call layer / JS (medians), one page: ${ratio.toFixed(2)}x; two pages: ` +
    `${ratio2.toFixed(2)}x; target <= 1.1x: ${verdict(ratio <= 1.1 && ratio2 <= 1.1)}`);
  print(`C++ typed API alone / JS (information: the wrapper without the call layer's work), one ` +
    `page: ${ratioOf(times, 'api').toFixed(2)}x; two pages: ${ratioOf(across, 'api').toFixed(2)}x`);
  print();
  const kib = (v) => v.toFixed(0);
  print(`JS heap growth per call, KiB min / median / max (CDP JSHeapUsedSize): call layer ` +
    `${triple(spread(jsHeap.cpp), kib)}, typed API ${triple(spread(jsHeap.api), kib)}, JS ` +
    `${triple(spread(jsHeap.js), kib)}; wasm heap ` +
    `${(wasmHeapBefore / MiB).toFixed(1)} MiB before the ${callRuns * 3} timed calls, ` +
    `${(wasmHeapAfter / MiB).toFixed(1)} MiB after`);
  print();
  print('Where the time goes, median ms after the joins (first RTCPeerConnection created,');
  print('negotiationneeded fired, setLocalDescription() called, offer applied by the offerer,');
  print('the offer sent on its WebSocket, the offer arrived at the answerer\'s, the answer sent,');
  print('the answer arrived, the answer applied by the offerer, ICE checking on either side,');
  print('both connected):');
  print();
  const milestones = ['created', 'needed', 'sld', 'offer', 'offerOut', 'offerIn', 'answerOut',
    'answerIn', 'answered', 'checking', 'connected'];
  print(row(['path', ...milestones]));
  print(row(['---', ...milestones.map(() => '---')]));
  for (const path of callPaths) {
    print(row([path, ...milestones.map((m) => ms(spread(phases[path].map((p) => p[m])).median))]));
  }
  print();
  if (ratio > 1.1 || alwaysProfile) {
    for (const path of ['cpp', 'js']) {
      printProfile(`Profile of three ${path} call setups`, await profiled(page, `call-${path}`,
        async () => {
          for (let r = 0; r < 3; r++) {
            await callSetup(page, path, server.url, `profile-${r}-${path}-${Date.now()}`);
          }
        }));
    }
  }
  await page.close();
}

// --- Frames of a lab page: the rAF callback's time, and the first one -------------------------
// An init script: every requestAnimationFrame callback (Emscripten's main loop is the page's
// only one) is timed with performance.now(); `skip` keeps the loop alive without drawing.
// rtclabGlTiming(true) also sums, per frame, the time spent in WebGL2 calls (every method of
// WebGL2RenderingContext.prototype wrapped, as the page has it then: the lab's GL state shadow
// included), by method and, for getParameter, by pname: a call that must wait for the GPU process
// (software-rendered here) shows up there, not as C++ work. The wrappers cost time of their own
// (two performance.now() and a lookup per call, hundreds of calls a frame), so the frame's own
// figure comes from frames drawn without them, and the split from frames drawn with them.
function frameTimer() {
  const frames = { durations: [], gl: [], first: null, skip: false, glByName: {} };
  window.rtclabFrames = frames;
  let glMs = 0;
  let unwrapped = null; // name -> the method as it was before rtclabGlTiming(true)
  window.rtclabGlTiming = (on) => {
    const proto = window.WebGL2RenderingContext?.prototype;
    if (!proto || on === (unwrapped !== null)) return;
    if (!on) {
      for (const [name, method] of Object.entries(unwrapped)) proto[name] = method;
      unwrapped = null;
      return;
    }
    unwrapped = {};
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (typeof descriptor.value !== 'function' || name === 'constructor') continue;
      const method = descriptor.value;
      unwrapped[name] = method;
      proto[name] = function (...args) {
        const start = performance.now();
        try {
          return method.apply(this, args);
        } finally {
          const spent = performance.now() - start;
          glMs += spent;
          const key = name === 'getParameter' ? `getParameter(0x${args[0].toString(16)})` : name;
          frames.glByName[key] = (frames.glByName[key] ?? 0) + spent;
        }
      };
    }
  };
  const original = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => {
    const timed = (time) => {
      if (frames.skip) {
        original(timed);
        return;
      }
      glMs = 0;
      const start = performance.now();
      callback(time);
      const end = performance.now();
      if (frames.first === null && typeof window.Module?.labState === 'function') {
        frames.first = end;
      }
      frames.durations.push(end - start);
      frames.gl.push(glMs);
    };
    return original(timed);
  };
}

async function openTimedLab(browser, url, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.addInitScript(frameTimer);
  await page.goto(url);
  await page.waitForFunction(() => window.rtclabFrames?.first !== null, null, { timeout: 45000 });
  return page;
}

// --- 3. Size and start-up ----------------------------------------------------------------------
async function sizePart(browser, server) {
  const labs = readdirSync(join(siteDir, 'labs')).sort();
  print('## Size and start-up, per lab');
  print('(gzip -9 of lab.wasm + lab.js, budget 350 KB = 350,000 bytes; start-up = navigation ->');
  print(' end of the first panel frame, performance.now() in a fresh browser context)');
  print();
  print(row(['lab', 'wasm gz', 'js gz', 'total gz', 'budget', 'start-up ms min / median / max']));
  print(row(['---', '---', '---', '---', '---', '---']));
  for (const lab of labs) {
    const gz = (file) => gzipSync(readFileSync(join(siteDir, 'labs', lab, file)), { level: 9 })
      .length;
    const wasm = gz('lab.wasm');
    const js = gz('lab.js');
    const starts = [];
    for (let r = 0; r < runs; r++) {
      const page = await openTimedLab(browser, `${server.url}/labs/${lab}/?room=size-${r}`);
      starts.push(await page.evaluate(() => window.rtclabFrames.first));
      await page.context().close();
    }
    print(row([lab, `${(wasm / 1000).toFixed(1)} KB`, `${(js / 1000).toFixed(1)} KB`,
      `${((wasm + js) / 1000).toFixed(1)} KB`, verdict(wasm + js <= 350000),
      triple(spread(starts), (v) => v.toFixed(0))]));
  }
  print();
}

// --- 4. Panel cost -----------------------------------------------------------------------------
// Frames drawn over `seconds` on a page already in its call, twice: first as the page runs (the
// rAF callback's ms per frame), then with the WebGL calls timed (their ms within each frame, and
// the rest, the frame's own C++ work), each min/median/max.
async function frameCost(page, seconds = 3) {
  const framesFor = async (timeGl) => {
    await page.evaluate((on) => {
      window.rtclabGlTiming(on);
      Object.assign(window.rtclabFrames, { durations: [], gl: [], glByName: {} });
    }, timeGl);
    await page.waitForTimeout(seconds * 1000);
    const frames = await page.evaluate(() => window.rtclabFrames);
    await page.evaluate(() => window.rtclabGlTiming(false));
    return frames;
  };
  const plain = await framesFor(false);
  const { durations, gl, glByName } = await framesFor(true);
  const top = Object.entries(glByName).sort((x, y) => y[1] - x[1]).slice(0, 3)
    .map(([name, total]) => `${name} ${(total / durations.length).toFixed(2)}`);
  return { frame: spread(plain.durations), n: plain.durations.length,
    timedFrame: spread(durations), gl: spread(gl),
    own: spread(durations.map((d, i) => d - gl[i])), top };
}

// The page's main-thread busy share over `seconds` (CDP Performance.getMetrics: TaskDuration).
async function busyShare(page, seconds = 5) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const sample = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { task: get('TaskDuration'), time: get('Timestamp') };
  };
  const before = await sample();
  await page.waitForTimeout(seconds * 1000);
  const after = await sample();
  await cdp.detach();
  return (after.task - before.task) / (after.time - before.time);
}

async function remotePeers(browser, server, room, count, capacity) {
  const page = await openBenchPage(browser, server.url);
  const url = `${server.url.replace(/^http/, 'ws')}/ws`;
  await page.evaluate(([u, r, n, c]) => rtclabBench.remotes(u, r, n, c), [url, room, count,
    capacity]);
  return page;
}

async function panelPart(browser, server) {
  print('## Panel cost: the rAF callback (the frame\'s C++ work) per frame, in a call');
  print();
  print('(ms per frame, min / median / max over 3 s: the whole rAF callback as the page runs;');
  print(' then 3 s with every WebGL call timed: the rAF callback so, the WebGL calls in it, the');
  print(' rest (the C++ work of the frame without them), the WebGL calls that cost most, ms/frame)');
  print();
  print(row(['lab', 'remote peers', 'frames', 'rAF callback', 'target: median <= 1 ms at 8',
    'rAF, WebGL timed', 'of which WebGL', 'C++ without WebGL', 'costliest WebGL calls']));
  print(row(['---', '---', '---', '---', '---', '---', '---', '---', '---']));
  const costRow = (lab, peers, cost, target) => print(row([lab, peers, cost.n,
    triple(cost.frame), target, triple(cost.timedFrame), triple(cost.gl), triple(cost.own),
    cost.top.join(', ')]));
  const viewport = { width: 1280, height: 800 };
  // Lab 02: two peers in one page, its loopback call.
  {
    const page = await openTimedLab(browser, `${server.url}/labs/02-loopback/`, viewport);
    await labAction(page, 'start');
    await waitForState(page, (s) => s.phase === 'capturing', { what: 'Lab 02 camera' });
    await labAction(page, 'call');
    await waitForState(page, (s) => s.peers.a.connectionState === 'connected' &&
      s.peers.b.connectionState === 'connected', { timeout: 20000, what: 'Lab 02 connected' });
    const cost = await frameCost(page);
    costRow('02-loopback', '1 (same page)', cost, '');
    await page.context().close();
  }
  // Lab 04 and Lab 05 against remote participants: the JavaScript client of the call bench, one
  // per remote peer, in a page of their own (data only: the lab's page draws their tiles empty).
  const results = [];
  for (const [lab, count] of [['04-one-to-one', 1], ['05-mesh', 1], ['05-mesh', 4],
    ['05-mesh', 8]]) {
    const room = `panel-${lab}-${count}-${Date.now()}`;
    const page = await openTimedLab(browser, `${server.url}/labs/${lab}/?room=${room}`, viewport);
    await labAction(page, 'join');
    const remotes = await remotePeers(browser, server, room, count, lab === '05-mesh' ? 0 : 2);
    const connected = lab === '05-mesh'
      ? (s) => s.totals.connected === count
      : (s) => s.call?.connectionState === 'connected';
    await waitForState(page, connected, { timeout: 45000, what: `${lab}: ${count} connected` });
    const cost = await frameCost(page);
    results.push({ lab, count, cost, page, remotes });
    costRow(lab, count, cost, count === 8
      ? verdict(cost.frame.median <= 1)
      : '');
    if (count !== 8) {
      await remotes.close();
      await page.context().close();
    }
  }
  print();
  const worst = results.at(-1);
  if (worst.cost.frame.median > 1 || alwaysProfile) {
    printProfile('Profile of Lab 05 with 8 remote peers over 2 s', await profiled(worst.page,
      'panel-05-mesh-8', () => worst.page.waitForTimeout(2000)));
  }
  await worst.remotes.close();
  await worst.page.context().close();

  // The main thread in a 1:1 call: two Lab 04 pages with the fake camera, measured on the first.
  const room = `busy-${Date.now()}`;
  const pages = [];
  for (const name of ['a', 'b']) {
    const page = await openTimedLab(browser, `${server.url}/labs/04-one-to-one/?room=${room}&name=${name}`, viewport);
    await labAction(page, 'start');
    await waitForState(page, (s) => s.local.capturing, { what: 'camera' });
    await labAction(page, 'join');
    pages.push(page);
  }
  await waitForState(pages[0], (s) => s.call?.connectionState === 'connected' &&
    (s.call?.stats?.inbound?.video?.framesDecoded ?? 0) > 0,
  { timeout: 30000, what: 'Lab 04 call connected, video decoded' });
  await pages[0].waitForTimeout(2000);
  const drawn = await busyShare(pages[0]);
  await pages[0].evaluate(() => { window.rtclabFrames.skip = true; });
  const hidden = await busyShare(pages[0]);
  await pages[0].evaluate(() => { window.rtclabFrames.skip = false; });
  print('## Main thread in a 1:1 call (Lab 04, fake camera both sides; CDP TaskDuration / wall)');
  print();
  print(row(['panel', 'main thread busy', 'target <= 10 %']));
  print(row(['---', '---', '---']));
  print(row(['drawn', `${(drawn * 100).toFixed(1)} %`, verdict(drawn <= 0.1)]));
  print(row(['not drawn (rAF skipped)', `${(hidden * 100).toFixed(1)} %`, '']));
  print();
  if (drawn > 0.1 || alwaysProfile) {
    printProfile('Profile of Lab 04 in a call, panel drawn, over 2 s', await profiled(pages[0],
      'panel-04-call', () => pages[0].waitForTimeout(2000)));
  }
  for (const page of pages) await page.context().close();
}

// --- Main ---------------------------------------------------------------------------------------
const started = Date.now();
const server = await startServer(['--log-level', 'warn', '--max-peers-per-room', '16'],
  webRoot ? { web: webRoot } : {});
const browser = await launchBrowser({ engine: 'chromium' });
let status = 0;
print(`rtclab browser bench, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
  `${cpus().length} CPUs, load average before the run: ${loadavg().map((v) => v.toFixed(2)).join(' ')}, ` +
  `Chromium ${browser.version()}, ${runs} runs`);
print();
try {
  const table = { dc: dataChannelPart, call: callPart, size: sizePart, panel: panelPart };
  for (const part of parts) {
    try {
      await table[part](browser, server);
    } catch (error) {
      status = 1;
      print(`${part}: FAILED: ${error.stack ?? error}`);
      print();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
print(`(${((Date.now() - started) / 1000).toFixed(0)} s; load average after: ` +
  `${loadavg().map((v) => v.toFixed(2)).join(' ')})`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${lines.join('\n')}\n`);
process.exit(status);
