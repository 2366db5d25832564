// Two builds of the bench page against each other, for work on call setup (bench/README.md,
// "Call setup: where the cost is"): a change to the call layer moves its ratio by a few
// hundredths, less than the ratio moves between two complete runs, so the old and the new page
// run in one browser, against one server, their call setups interleaved (a, b, b, a, ... and
// C++ / JS alternating), and each gets its own ratio against the JS client of its own page.
//
//   scripts/in-netns.sh node bench/client/ab.mjs OLD_DIR NEW_DIR [--runs 150] [--layout one|two]
//                                                [--js-flags FLAGS] [--path cpp|api]
//
// OLD_DIR and NEW_DIR are copies of build/wasm/site/bench/client (copy the first before
// rebuilding). Prints per build: the median setup time per path and their ratio, and (one page)
// the page's main-thread CPU per setup (CDP TaskDuration, sockets opening to hang-up).
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callSetup, callSetupAcrossPages, collectClosedConnections, launchBrowser, spread,
  startServer } from './bench-page.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const [oldDir, newDir] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!oldDir || !newDir) {
  console.error('usage: ab.mjs OLD_DIR NEW_DIR [--runs 150] [--layout one|two] [--js-flags FLAGS] ' +
    '[--path cpp|api]');
  process.exit(2);
}
const runs = Number(option('runs', '150'));
// The C++ path held against the JS client: 'cpp' (the call layer) or 'api' (the typed API alone).
const cppPath = option('path', 'cpp');
const layout = option('layout', 'one');
const builds = { a: oldDir, b: newDir };

// One web root holding both pages: /a/bench/client/ and /b/bench/client/.
const site = mkdtempSync(join(tmpdir(), 'rtclab-ab-'));
for (const [name, dir] of Object.entries(builds)) {
  mkdirSync(join(site, name, 'bench'), { recursive: true });
  cpSync(dir, join(site, name, 'bench', 'client'), { recursive: true });
}
const server = await startServer(['--log-level', 'warn'], { web: site });
// --js-flags FLAGS: V8's flags for the browser, e.g. --no-liftoff (every wasm function compiled by
// the optimizing tier from its first call), to see what the baseline tier costs.
const jsFlags = option('js-flags', '');
const browser = await launchBrowser({
  engine: 'chromium', extraArgs: jsFlags ? [`--js-flags=${jsFlags}`] : [],
});
try {
  const pages = {};
  for (const name of Object.keys(builds)) {
    pages[name] = [];
    for (let i = 0; i < (layout === 'two' ? 2 : 1); i++) {
      const page = await browser.newPage();
      await page.goto(`${server.url}/${name}/bench/client/`);
      await page.waitForFunction(() => window.rtclabBench !== undefined, null, { timeout: 45000 });
      await page.evaluate(() => rtclabBench.ready);
      pages[name].push(page);
    }
  }
  const setup = (name, path, room) => (layout === 'two'
    ? callSetupAcrossPages(pages[name], path, server.url, room)
    : callSetup(pages[name][0], path, server.url, room));
  // Three warm-ups per build and path, as client.mjs does.
  for (const name of Object.keys(builds)) {
    for (let w = 0; w < 3; w++) {
      for (const path of [cppPath, 'js']) await setup(name, path, `warm-${w}-${name}-${path}-${Date.now()}`);
    }
  }
  const cpuOf = {};
  for (const name of Object.keys(builds)) {
    const cdp = await pages[name][0].context().newCDPSession(pages[name][0]);
    await cdp.send('Performance.enable');
    cpuOf[name] = async () => (await cdp.send('Performance.getMetrics')).metrics
      .find((m) => m.name === 'TaskDuration').value * 1000;
  }
  const ms = { a: { [cppPath]: [], js: [] }, b: { [cppPath]: [], js: [] } };
  const cpu = { a: { [cppPath]: [], js: [] }, b: { [cppPath]: [], js: [] } };
  for (let r = 0; r < runs; r++) {
    if (r % 20 === 19) {
      await Promise.all(Object.values(pages).flat().map(collectClosedConnections)); // untimed
    }
    for (const name of r % 2 ? ['a', 'b'] : ['b', 'a']) {
      for (const path of r % 4 < 2 ? [cppPath, 'js'] : ['js', cppPath]) {
        const before = await cpuOf[name]();
        const call = await setup(name, path, `ab-${r}-${name}-${path}-${Date.now()}`);
        const after = await cpuOf[name]();
        if (call.error || call.connected !== 2) throw new Error(`${name} ${path}: ${call.error}`);
        ms[name][path].push(call.ms);
        cpu[name][path].push(after - before);
      }
    }
  }
  console.log(`${runs} setups per build and path, ${layout === 'two' ? 'one participant in each of two pages' : 'both participants in one page'}`);
  for (const [name, dir] of Object.entries(builds)) {
    const median = (values) => spread(values).median;
    const line = [`${name} (${dir}): C++ (${cppPath}) ${median(ms[name][cppPath]).toFixed(2)} ms, ` +
      `JS ${median(ms[name].js).toFixed(2)} ms, ratio ` +
      `${(median(ms[name][cppPath]) / median(ms[name].js)).toFixed(3)}`];
    if (layout === 'one') {
      line.push(`main-thread CPU per setup: C++ ${median(cpu[name][cppPath]).toFixed(2)} ms, JS ` +
        `${median(cpu[name].js).toFixed(2)} ms`);
    }
    console.log(line.join('; '));
  }
} finally {
  await browser.close();
  await server.stop?.();
  rmSync(site, { recursive: true, force: true });
}
process.exit(0);
