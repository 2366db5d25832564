// Debian's firefox-esr for the browser tests, behind the part of playwright-core's Browser and
// Page API the tests use, so a test written for Chromium runs on Firefox unchanged
// (RTCLAB_BROWSER=firefox; see harness.mjs launchBrowser()).
//
// The recipe is DESIGN.md's: puppeteer-core over WebDriver BiDi (no geckodriver), the prefs
// that give a fake camera without a prompt and host candidates on loopback, and an Xvfb display
// because Firefox's WebGL2 needs X even when headless. Everything stays inside the test's
// loopback-only namespace (scripts/in-netns.sh): Xvfb listens on no TCP port.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

export const firefoxBinary = '/usr/bin/firefox-esr';

// The prefs DESIGN.md verified: fake media, no permission prompt (or a refusal, for the tests of
// a denied camera), fake permission so host candidates are not hidden, and loopback ICE.
function firefoxPrefs({ permission, locale, downloads }) {
  const granted = permission === 'granted';
  return {
    // The page's language (navigator.language), as playwright's `locale` is for Chromium.
    ...(locale ? { 'intl.accept_languages': locale } : {}),
    // Downloads land in `downloads` without a dialog (FirefoxPage.waitForEvent('download')).
    'browser.download.dir': downloads,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': granted,
    'media.navigator.permission.fake': true,
    'media.peerconnection.ice.loopback': true,
    // A camera and microphone permission the origin holds before any capture. Without one,
    // Firefox gathers only the default route's address, and this namespace has no default
    // route: a page that gathers before it captures (Lab 06) would get no candidate at all.
    ...(granted ? { 'permissions.default.camera': 1, 'permissions.default.microphone': 1 } : {}),
    // A denied prompt: every getUserMedia is refused as the user would (NotAllowedError).
    ...(granted ? {} : { 'permissions.default.camera': 2, 'permissions.default.microphone': 2 }),
    // No background traffic: updates, telemetry, safe browsing, captive portal, remote settings.
    'app.update.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'toolkit.telemetry.enabled': false,
  };
}

// An X display for WebGL2: Xvfb on the first free display number, unix socket only.
async function startXvfb() {
  for (let display = 90; display < 140; display++) {
    if (existsSync(`/tmp/.X11-unix/X${display}`) || existsSync(`/tmp/.X${display}-lock`)) continue;
    const child = spawn('Xvfb', [`:${display}`, '-nolisten', 'tcp', '-screen', '0', '1600x1000x24'],
      { stdio: 'ignore' });
    const ready = await new Promise((resolve) => {
      const deadline = Date.now() + 5000;
      const poll = () => {
        if (child.exitCode !== null) return resolve(false);
        if (existsSync(`/tmp/.X11-unix/X${display}`)) return resolve(true);
        if (Date.now() > deadline) return resolve(false);
        setTimeout(poll, 50);
      };
      poll();
    });
    if (ready) return { display: `:${display}`, stop: () => child.kill() };
    child.kill();
  }
  throw new Error('no free X display for Xvfb (:90 to :139)');
}

// A puppeteer Page that answers to the playwright calls the tests make.
class FirefoxPage {
  constructor(page, browser) {
    this.page = page;
    this.browserWrapper = browser;
  }

  goto(url) { return this.page.goto(url); }
  reload() { return this.page.reload(); }
  close() { return this.page.close(); }
  url() { return this.page.url(); }
  evaluate(fn, arg) { return this.page.evaluate(fn, arg); }
  addInitScript(script) { return this.page.evaluateOnNewDocument(script); }
  setViewportSize(size) { return this.page.setViewport(size); }
  waitForTimeout(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
  // playwright: (fn, arg, {timeout}); puppeteer: (fn, {timeout}, arg).
  waitForFunction(fn, arg, options = {}) {
    return this.page.waitForFunction(fn, { timeout: options.timeout ?? 30000, polling: 100 }, arg);
  }
  on(event, handler) {
    if (event === 'console') {
      this.page.on('console', (message) => handler({ type: () => message.type(), text: () => message.text() }));
    } else {
      this.page.on(event, handler);
    }
  }
  locator(selector) {
    const page = this.page;
    return {
      screenshot: async ({ path } = {}) => (await page.$(selector)).screenshot({ path }),
      click: async ({ position } = {}) => {
        const box = await (await page.$(selector)).boundingBox();
        await page.mouse.click(box.x + (position?.x ?? box.width / 2), box.y + (position?.y ?? box.height / 2));
      },
    };
  }
  get keyboard() { return this.page.keyboard; }
  // playwright's download event, for the downloads a lab offers: resolves once a new file is
  // complete in the profile's download folder (Firefox writes a .part file first).
  waitForEvent(event, { timeout = 15000 } = {}) {
    if (event !== 'download') throw new Error(`FirefoxPage.waitForEvent('${event}') is not supported`);
    const folder = this.browserWrapper.downloads;
    const before = new Set(readdirSync(folder));
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeout;
      const poll = () => {
        const names = readdirSync(folder).filter((name) => !before.has(name));
        const done = names.find((name) => !name.endsWith('.part'));
        if (done && !names.some((name) => name.endsWith('.part'))) {
          const path = join(folder, done);
          return resolve({ path: async () => path, suggestedFilename: () => done });
        }
        if (Date.now() > deadline) return reject(new Error(`no download in ${timeout} ms`));
        setTimeout(poll, 100);
      };
      poll();
    });
  }
  // Tests close a page's context to end it; here every page is its own browser context.
  context() { return { close: () => this.contextHandle.close() }; }
}

export async function launchFirefox({ permission = 'granted', locale } = {}) {
  const xvfb = await startXvfb();
  const profile = mkdtempSync(join(tmpdir(), 'rtclab-firefox-'));
  const downloads = join(profile, 'downloads');
  mkdirSync(downloads);
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxBinary,
      headless: true,
      userDataDir: profile,
      // The TLS test's server certificate is self-signed, as `make run-tls` makes it (Chromium's
      // tests pass --ignore-certificate-errors for the same reason).
      acceptInsecureCerts: true,
      extraPrefsFirefox: firefoxPrefs({ permission, locale, downloads }),
      env: { ...process.env, DISPLAY: xvfb.display, MOZ_HEADLESS: '1' },
    });
  } catch (error) {
    xvfb.stop();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const wrapper = {
    engine: 'firefox',
    downloads,
    version: () => browser.version(),
    async newPage({ viewport = { width: 1280, height: 800 } } = {}) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(viewport);
      const wrapped = new FirefoxPage(page, wrapper);
      wrapped.contextHandle = context;
      return wrapped;
    },
    async newContext({ viewport = { width: 1280, height: 800 } } = {}) {
      const context = await browser.createBrowserContext();
      return {
        newPage: async () => {
          const page = await context.newPage();
          await page.setViewport(viewport);
          const wrapped = new FirefoxPage(page, wrapper);
          wrapped.contextHandle = context;
          return wrapped;
        },
        close: () => context.close(),
      };
    },
    async close() {
      try {
        await browser.close();
      } finally {
        xvfb.stop();
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
  return wrapper;
}
