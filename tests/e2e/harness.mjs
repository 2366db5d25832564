// Shared plumbing of the browser tests: the real rtclab-server on an ephemeral loopback port,
// Debian's Chromium driven by playwright-core, and waits on each lab's exported state.
//
// Every test runs inside scripts/in-netns.sh (a network namespace with only loopback), so
// Chromium and the server can reach 127.0.0.1 and nothing else.
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { launchFirefox } from './firefox.mjs';
import { stunBinding } from './stun.mjs';

// The browser every test runs in: Chromium (playwright-core) by default, Debian's firefox-esr
// (puppeteer-core, firefox.mjs) with RTCLAB_BROWSER=firefox. `make test` runs the suite on both.
export const browserEngine = process.env.RTCLAB_BROWSER === 'firefox' ? 'firefox' : 'chromium';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverBinary = join(repoRoot, 'build/native/native-signaling/rtclab-server');
export const siteDir = join(repoRoot, 'build/wasm/site');
export const resultsDir = join(repoRoot, 'test-results');

// Starts rtclab-server and resolves once it prints the address it listens on. Port 0 (the
// default) lets the system pick a free port; pass the port of a killed server to restart it
// where its clients will reconnect. `web` is the web root (a test without the labs' wasm build
// passes a folder of its own). For TURN, pass the flags of a startTurn() result:
//   startServer(['--turn-secret-file', turn.secretFile, '--turn-url', turn.stunUrl,
//                '--turn-url', turn.turnUrl])
export async function startServer(extraArgs = [], { port = 0, web = siteDir } = {}) {
  const child = spawn(serverBinary, ['--host', '127.0.0.1', '--port', String(port),
    '--web', web, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(chunk));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('rtclab-server did not start in 10 s')), 10000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (https?:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`rtclab-server exited with ${code}: ${Buffer.concat(stderr)}`));
    });
  });
  return {
    url,
    process: child,
    log: () => Buffer.concat(stderr).toString(),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return; // exited, or killed
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// A port free for both UDP and TCP on 127.0.0.1 (coturn listens on both), found by binding
// port 0 over TCP and then the same port over UDP; retried when the UDP one is taken.
export async function freeUdpAndTcpPort() {
  for (let attempt = 0; attempt < 20; attempt++) {
    const tcp = createServer();
    const port = await new Promise((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, '127.0.0.1', () => resolve(tcp.address().port));
    });
    const udp = createSocket('udp4');
    const udpFree = await new Promise((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    if (udpFree) udp.close();
    await new Promise((resolve) => tcp.close(resolve));
    if (udpFree) return port;
  }
  throw new Error('no port free for both UDP and TCP on 127.0.0.1');
}

// Starts a coturn of the test's own (Debian's /usr/bin/turnserver) on 127.0.0.1 only: free
// listening port, 32 relay ports, a fresh secret in a temporary folder, the configuration
// `make run` uses (scripts/turn-config.sh: use-auth-secret, realm rtclab, loopback peers, no
// TLS). Resolves once it answers a STUN Binding request. Call inside scripts/in-netns.sh.
//   { stunUrl, turnUrl, turnTcpUrl, secret, secretFile, logFile, port, log(), stop() }
export async function startTurn() {
  const dir = mkdtempSync(join(tmpdir(), 'rtclab-turn-'));
  const port = await freeUdpAndTcpPort();
  // Relay ports are bound only when a client allocates: a range away from the system's
  // ephemeral ports (32768 and up) and different per run keeps parallel runs apart.
  const minRelayPort = 10000 + Math.floor(Math.random() * 700) * 32;
  const config = execFileSync(join(repoRoot, 'scripts/turn-config.sh'),
    [dir, String(port), String(minRelayPort), String(minRelayPort + 31)]).toString().trim();
  const child = spawn('/usr/bin/turnserver', ['-c', config], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const logFile = join(dir, 'turnserver.log');
  const log = () => { try { return readFileSync(logFile, 'utf8'); } catch { return ''; } };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10000;
  for (;;) {
    if (child.exitCode !== null) {
      const text = log();
      await stop();
      throw new Error(`turnserver exited with ${child.exitCode}:\n${text.slice(-2000)}`);
    }
    try {
      await stunBinding(port, { timeout: 300 });
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`turnserver did not answer STUN on 127.0.0.1:${port} in 10 s: ${error}`);
      }
    }
  }
  return {
    port,
    stunUrl: `stun:127.0.0.1:${port}`,
    turnUrl: `turn:127.0.0.1:${port}?transport=udp`,
    turnTcpUrl: `turn:127.0.0.1:${port}?transport=tcp`,
    secret: readFileSync(join(dir, 'secret'), 'utf8').trim(),
    secretFile: join(dir, 'secret'),
    logFile,
    log,
    process: child,
    stop,
  };
}

// The flags DESIGN.md verified on this machine: fake camera and microphone, loopback ICE, and
// no background traffic. `permission: 'granted' | 'denied'` chooses how the prompt is answered.
// `locale` sets Firefox's page language for the whole browser; Chromium takes it per context
// (browser.newContext({ locale })), and a test that needs it passes both.
export async function launchBrowser({ permission = 'granted', extraArgs = [],
  engine = browserEngine, locale } = {}) {
  if (engine === 'firefox') return launchFirefox({ permission, locale });
  const args = [
    '--no-sandbox',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-quic', '--no-first-run', '--disable-default-apps',
    '--use-fake-device-for-media-stream',
    '--allow-loopback-in-peer-connection',
    '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
    permission === 'granted' ? '--use-fake-ui-for-media-stream' : '--deny-permission-prompts',
    ...extraArgs,
  ];
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
}

// Opens a lab page and waits for its automation interface (Module.labState) to exist.
// `initScript` runs in the page before the lab's own scripts (see recordStreams). A smaller
// `viewport` makes a smaller canvas: many pages at once cost less software-rendered WebGL.
export async function openLab(browser, url,
  { consoleErrors = [], initScript, viewport = { width: 1280, height: 800 } } = {}) {
  const page = await browser.newPage({ viewport });
  if (initScript) await page.addInitScript(initScript);
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(url);
  await labReady(page);
  return page;
}

// Waits for the lab's automation interface (after a goto or a reload). Generous: a page that
// compiles its wasm while two calls encode and decode video on two cores can take a while.
export async function labReady(page) {
  await page.waitForFunction(() => typeof window.Module?.labState === 'function', null,
    { timeout: 45000 });
}

export async function labState(page) {
  return JSON.parse(await page.evaluate(() => Module.labState()));
}

export async function labAction(page, name, argument) {
  const result = JSON.parse(await page.evaluate(([n, a]) => Module.labAction(n, a),
    [name, argument]));
  if (!result.ok) throw new Error(`labAction(${name}) failed: ${result.error}`);
  return result;
}

// Polls labState() until `predicate(state)` holds; on timeout the error shows the last state.
export async function waitForState(page, predicate, { timeout = 15000, what = 'state' } = {}) {
  const deadline = Date.now() + timeout;
  let state;
  for (;;) {
    state = await labState(page);
    if (predicate(state)) return state;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last state:\n` +
        JSON.stringify(state, null, 2).slice(0, 4000));
    }
    await page.waitForTimeout(100);
  }
}

// An init script for openLab: every MediaStream getUserMedia resolves with is kept in
// window.rtclabStreams, so a test sees the streams a lab no longer holds (a leaked camera).
export function recordStreams() {
  window.rtclabStreams = [];
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    window.rtclabStreams.push(stream);
    return stream;
  };
}

// [{id, tracks: [{id, kind, readyState}]}] for every stream recordStreams saw, in arrival order.
export async function recordedStreams(page) {
  return page.evaluate(() => window.rtclabStreams.map((s) => ({
    id: s.id,
    tracks: s.getTracks().map((t) => ({ id: t.id, kind: t.kind, readyState: t.readyState })),
  })));
}

// The state tones of rtclab::ui (wasm/ui/style_colors.hpp). The lab font is anti-aliased, so a
// glyph's pixels are blends of its colour over the window background: a pixel counts for a tone
// when it lies on the line from the background to that colour (the same share of the way in
// all three channels, at least 30 % of it). The grey of "closed" cannot be told apart from grey
// or white text this way, so only the coloured tones are listed.
export const tones = {
  good: [102, 217, 115], // connected, stable, open, live
  progress: [242, 204, 77], // connecting, checking, have-local-offer
  bad: [242, 102, 102], // failed, and errors
};
const windowBackground = [16, 16, 16];

// Where each lab's window draws its first lines (the window sits at 8,8 with ImGui's default
// style and font): the language switch, then the lab's state badges ("capture failed", "socket
// open", "chat readyState (A) open (B) open"), and nothing else in a tone colour.
export const badgeBand = { x: 8, y: 27, width: 560, height: 100 };

// Saves a screenshot of the ImGui canvas; `pixelsOf(tone, region)` counts the pixels drawn in
// one of `tones` inside region {x, y, width, height} (default: all of it).
export async function screenshotCanvas(page, name) {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  const buffer = await page.locator('#canvas').screenshot({ path });
  const png = PNG.sync.read(buffer);
  const pixelsOf = (tone, region = {}) => {
    const { x = 0, y = 0, width = png.width - x, height = png.height - y } = region;
    let count = 0;
    for (let row = y; row < Math.min(y + height, png.height); row++) {
      for (let column = x; column < Math.min(x + width, png.width); column++) {
        const i = (row * png.width + column) * 4;
        const shares = [0, 1, 2].map((c) =>
          (png.data[i + c] - windowBackground[c]) / (tone[c] - windowBackground[c]));
        if (Math.min(...shares) >= 0.3 && Math.max(...shares) - Math.min(...shares) <= 0.06) count++;
      }
    }
    return count;
  };
  return { path, width: png.width, height: png.height, pixelsOf };
}
