// The mesh benchmark (bench/run.sh, BENCH_ONLY=mesh): Lab 05's conference in headless Chromium
// with N = 2, 3, 4 and 6 participants on this machine, fake media at 160x120 15 fps, each N for
// a bounded time. Per N: the time from the last join until every pair is connected, total and
// per-participant upload and download, frames decoded per second per tile, CPU seconds of the
// browser processes per second of call; each beside the N=2 figure of the same run as a ratio.
//
//   node bench/mesh/mesh.mjs [--sizes 2,3,4,6] [--seconds 15] [--out build/bench/mesh.txt]
//
// Runs inside bench/run.sh's network namespace (loopback only); the pages and the server talk
// over 127.0.0.1 and nothing else.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { labAction, labState, launchBrowser, openLab, startServer, waitForState }
  from '../../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = option('sizes', '2,3,4,6').split(',').map(Number);
const seconds = Number(option('seconds', '15'));
const out = option('out', 'build/bench/mesh.txt');
const connectTimeoutMs = 90000;

// CPU seconds (user + system) of every descendant of `root` (not `root` itself), leaving out
// the subtree of `skip`, from /proc: this node's children are Chromium's processes and the server.
function cpuSecondsOfTree(root, skip) {
  const ticks = 100; // USER_HZ on Linux
  const children = new Map();
  const cpu = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / ticks);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch { /* the process ended meanwhile */ }
  }
  let total = 0;
  const stack = [...(children.get(root) ?? [])].filter((pid) => pid !== skip);
  while (stack.length) {
    const pid = stack.pop();
    total += cpu.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

// When a mesh does not finish connecting: where each unconnected connection stands (its
// connection, ICE and signaling states, negotiation counters, errors), so the table's "failed"
// can be told apart: a negotiation that never completed, or ICE/DTLS that ran out of time.
async function reportStuckConnections(pages, server) {
  const warnings = server.log().split('\n').filter((line) => line.trim());
  console.error(`# server: ${warnings.length} log lines at warn and above; the last 20:`);
  for (const line of warnings.slice(-20)) console.error(`#   ${line}`);
  for (const [i, page] of pages.entries()) {
    const s = await labState(page).catch(() => null);
    if (!s) continue;
    for (const r of s.remotes.filter((remote) => remote.connectionState !== 'connected')) {
      console.error(`# p${i} -> ${r.name}: connection ${r.connectionState}, ` +
        `ice ${r.iceConnectionState}, ` +
        `signaling ${r.signalingState}, role ${r.role}, offers ${r.offersMade}, ` +
        `answers ${r.answersMade}, ignored ${r.offersIgnored}, rollbacks ${r.rollbacks}, ` +
        `errors ${JSON.stringify(r.errors)}; cpu pressure ${s.totals.cpuPressure || '-'}`);
    }
  }
}

async function runMesh(browser, server, n) {
  const room = `bench-${n}-${Date.now()}`;
  const pages = [];
  try {
    for (let i = 0; i < n; i++) {
      // A small viewport: the panel's software-rendered canvas costs less CPU than the media.
      const page = await openLab(browser,
        `${server.url}/labs/05-mesh/?room=${room}&name=p${i}&width=160&height=120&fps=15`,
        { viewport: { width: 720, height: 400 } });
      await labAction(page, 'start');
      await waitForState(page, (s) => s.local.capturing, { what: `p${i}'s camera` });
      pages.push(page);
    }
    let lastJoin = 0;
    for (const page of pages) {
      await labAction(page, 'join');
      lastJoin = Date.now();
      await waitForState(page, (s) => s.phase === 'waiting' || s.phase === 'in-call',
        { what: 'joined' });
    }
    try {
      for (const page of pages) {
        await waitForState(page, (s) => s.totals.connected === n - 1, { timeout: connectTimeoutMs,
          what: `all ${n - 1} connections of a page` });
      }
    } catch (error) {
      await reportStuckConnections(pages, server);
      throw error;
    }
    const connectMs = Date.now() - lastJoin;
    // Let bandwidth estimation ramp up a little, then measure for `seconds`.
    await pages[0].waitForTimeout(3000);
    const cpuBefore = cpuSecondsOfTree(process.pid, server.process.pid);
    const started = Date.now();
    const samples = [];
    while (Date.now() - started < seconds * 1000) {
      await pages[0].waitForTimeout(1000);
      const states = await Promise.all(pages.map(labState));
      samples.push(states.map((s) => s.totals));
    }
    const cpuPerSecond = (cpuSecondsOfTree(process.pid, server.process.pid) - cpuBefore) / ((Date.now() - started) / 1000);
    const mean = (pick) => samples.flat().reduce((sum, t) => sum + pick(t), 0) /
      samples.flat().length;
    const incomplete = samples.flat().filter((t) => t.connected !== n - 1).length;
    return {
      n, connectMs,
      upPerParticipant: mean((t) => t.kbpsUp),
      downPerParticipant: mean((t) => t.kbpsDown),
      fpsPerTile: mean((t) => t.fpsDecodedPerTile),
      fpsEncoded: mean((t) => t.fpsEncoded),
      cpuPerSecond, incomplete,
      limited: [...new Set(samples.flat().map((t) => t.qualityLimitation))].join('/'),
      pressure: [...new Set(samples.flat().map((t) => t.cpuPressure || '-'))].join('/'),
    };
  } finally {
    await Promise.all(pages.map((p) => p.context().close()));
  }
}

const fixed = (v, d = 0) => v.toFixed(d);
const ratio = (v, base) => (base > 0 ? `${(v / base).toFixed(1)}x` : '-');

const server = await startServer(['--log-level', process.env.RTCLAB_BENCH_LOG_LEVEL ?? 'warn']);
const browser = await launchBrowser();
const results = [];
try {
  for (const n of sizes) {
    try {
      results.push(await runMesh(browser, server, n));
    } catch (error) {
      results.push({ n, error: String(error.message).split('\n')[0].replace('; last state:', '') });
    }
  }
} finally {
  await browser.close();
  await server.stop();
}

const base = results.find((r) => r.n === 2 && !r.error);
const lines = [
  `rtclab mesh bench, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
  `headless Chromium (720x400 pages), fake media 160x120 15 fps, ${seconds} s per N, ` +
  `${(await import('node:os')).cpus().length} CPUs, load average at the end ` +
  `${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  '',
  '| N | connected after | up kbps / participant | total up kbps (all) | down kbps / participant ' +
  '| decoded fps / tile | encoded fps / participant | browser CPU s/s | limited by ' +
  '| CPU pressure |',
  '|---|---|---|---|---|---|---|---|---|---|',
];
for (const r of results) {
  if (r.error) {
    lines.push(`| ${r.n} | failed: ${r.error} | | | | | | | | |`);
    continue;
  }
  const b = base ?? r;
  lines.push(`| ${r.n} | ${fixed(r.connectMs)} ms (${ratio(r.connectMs, b.connectMs)}) ` +
    `| ${fixed(r.upPerParticipant)} (${ratio(r.upPerParticipant, b.upPerParticipant)}) ` +
    `| ${fixed(r.upPerParticipant * r.n)} (${ratio(r.upPerParticipant * r.n, b.upPerParticipant * 2)}) ` +
    `| ${fixed(r.downPerParticipant)} (${ratio(r.downPerParticipant, b.downPerParticipant)}) ` +
    `| ${fixed(r.fpsPerTile, 1)} (${ratio(r.fpsPerTile, b.fpsPerTile)}) ` +
    `| ${fixed(r.fpsEncoded, 1)} (${ratio(r.fpsEncoded, b.fpsEncoded)}) ` +
    `| ${fixed(r.cpuPerSecond, 2)} (${ratio(r.cpuPerSecond, b.cpuPerSecond)}) ` +
    `| ${r.limited || '-'}${r.incomplete ? `, ${r.incomplete} samples not fully connected` : ''} ` +
    `| ${r.pressure} |`);
}
lines.push('', 'Ratios in brackets are to N=2 of the same run. A mesh predicts upload and ' +
  'encoding per participant growing as N-1 (1x, 2x, 3x, 5x for N = 2, 3, 4, 6).');
const text = lines.join('\n');
console.log(text);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${text}\n`);
process.exitCode = results.some((r) => r.error) ? 1 : 0;
