// Shared plumbing of the browser tests: the real rtclab-server on an ephemeral loopback port,
// Debian's Chromium driven by playwright-core, and waits on each lab's exported state.
//
// Every test runs inside scripts/in-netns.sh (a network namespace with only loopback), so
// Chromium and the server can reach 127.0.0.1 and nothing else.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverBinary = join(repoRoot, 'build/native/native-signaling/rtclab-server');
export const siteDir = join(repoRoot, 'build/wasm/site');
export const resultsDir = join(repoRoot, 'test-results');

// Starts rtclab-server and resolves once it prints the address it listens on. Port 0 (the
// default) lets the system pick a free port; pass the port of a killed server to restart it
// where its clients will reconnect.
export async function startServer(extraArgs = [], { port = 0 } = {}) {
  const child = spawn(serverBinary, ['--host', '127.0.0.1', '--port', String(port),
    '--web', siteDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(chunk));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('rtclab-server did not start in 10 s')), 10000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/[^\s]+)/);
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
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// The flags DESIGN.md verified on this machine: fake camera and microphone, loopback ICE, and
// no background traffic. `permission: 'granted' | 'denied'` chooses how the prompt is answered.
export async function launchBrowser({ permission = 'granted', extraArgs = [] } = {}) {
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
export async function openLab(browser, url, { consoleErrors = [] } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(url);
  await page.waitForFunction(() => typeof window.Module?.labState === 'function', null,
    { timeout: 20000 });
  return page;
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

// Saves a screenshot of the ImGui canvas and measures it: a rendered panel has many colours and
// a good share of pixels that differ from the background.
export async function screenshotCanvas(page, name) {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  const buffer = await page.locator('#canvas').screenshot({ path });
  const png = PNG.sync.read(buffer);
  const background = png.data.readUInt32BE(0);
  const colours = new Set();
  let differing = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const pixel = png.data.readUInt32BE(i);
    if (pixel !== background) differing++;
    if (colours.size < 10000) colours.add(pixel);
  }
  return { path, colours: colours.size, nonBackgroundShare: differing / (png.width * png.height) };
}
