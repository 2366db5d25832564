// Lab 01 in headless Chromium with the fake camera and microphone: what a learner would see.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { badgeBand, browserEngine, labAction, labState, launchBrowser, openLab, recordedStreams,
  recordStreams, screenshotCanvas, startServer, tones, waitForState } from './harness.mjs';

// The step checklist (4 steps) sits above the badges: harness.mjs's band, moved below it.
const badgesBelowSteps = { ...badgeBand, y: badgeBand.y + 144 };

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const labUrl = () => `${server.url}/labs/01-local-capture/`;
const stepsDone = (state) => state.steps.list.map((step) => step.done);

test('start captures a live video track at its real size and a live audio track; stop ends both',
  async () => {
    const browser = await launchBrowser({ permission: 'granted' });
    try {
      const errors = [];
      const page = await openLab(browser, labUrl(), { consoleErrors: errors });
      const initial = await labState(page);
      assert.equal(initial.phase, 'idle');
      assert.equal(initial.secureContext, true, 'http://127.0.0.1 is a secure context');
      // The README's steps: the first is the one to do. (Step 3 may be ticked already: with the
      // permission granted beforehand, the browser names the devices from the start.)
      assert.deepEqual(stepsDone(initial).slice(0, 2), [false, false]);
      assert.equal(initial.steps.current, 0);
      assert.equal(initial.steps.list[0].step, 'lab01.step.request');

      await labAction(page, 'set-resolution', '640x480');
      await labAction(page, 'start');
      const live = await waitForState(page, (s) => s.phase === 'capturing' &&
        s.preview.width > 0, { what: 'capturing with a rendering preview' });
      // The steps are one click away: the page links the lab's README, which the server serves.
      const readme = await page.evaluate(async () => {
        const link = document.getElementById('readme');
        const response = await fetch(link.href);
        return { status: response.status, type: response.headers.get('content-type'),
          text: await response.text() };
      });
      assert.equal(readme.status, 200);
      assert.match(readme.type, /^text\/markdown; charset=utf-8/);
      assert.match(readme.text, /^# Lab 01/);
      // DevTools: the stream itself, live in the console.
      assert.deepEqual(await page.evaluate(() =>
        rtclab.localStream.getTracks().map((t) => `${t.kind}:${t.readyState}`).sort()),
      ['audio:live', 'video:live']);
      const video = live.tracks.find((t) => t.kind === 'video');
      const audio = live.tracks.find((t) => t.kind === 'audio');
      assert.ok(video && audio, 'one video and one audio track');
      assert.equal(video.readyState, 'live');
      assert.equal(audio.readyState, 'live');
      assert.equal(video.settings.width, 640);
      assert.equal(video.settings.height, 480);
      assert.equal(live.preview.width, 640, 'the <video> element renders the camera frames');
      // Chromium names the devices as soon as the permission is granted; Firefox only while a
      // capture runs, so its list is named by the enumeration the lab makes after Start.
      await waitForState(page, (s) => s.devices.some((d) => d.kind === 'videoinput' &&
        d.label !== ''), { what: 'device labels, visible once permission is granted' });
      // Steps 1-3 ticked: a capture, with a chosen resolution, and the devices named.
      const named = await waitForState(page, (s) => s.steps.current === 3,
        { what: 'steps 1-3 done' });
      assert.deepEqual(stepsDone(named), [true, true, true, false]);

      await labAction(page, 'toggle-video');
      const toggled = await waitForState(page, (s) => s.tracks.find((t) => t.kind === 'video')
        ?.enabled === false, { what: 'video track disabled' });
      assert.equal(toggled.tracks.find((t) => t.kind === 'video').readyState, 'live',
        'a disabled track stays live');
      assert.equal(toggled.steps.list[3].done, false, 'step 4 also wants stop()');

      // What the canvas shows matches the state: the two live tracks' readyState in the good
      // tone, and no failure (the red tone) where the capture badge is.
      const shot = await screenshotCanvas(page, 'lab01-capturing');
      assert.ok(shot.pixelsOf(tones.good) > 40, `"live" twice in green (${shot.path})`);
      assert.equal(shot.pixelsOf(tones.bad, badgesBelowSteps), 0, `no red badge (${shot.path})`);

      await labAction(page, 'stop');
      const stopped = await waitForState(page, (s) => s.phase === 'stopped');
      assert.deepEqual(stopped.tracks.map((t) => t.readyState), ['ended', 'ended']);
      assert.deepEqual(stepsDone(stopped), [true, true, true, true]);
      assert.equal(stopped.steps.current, 4);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

test('a second Start while getUserMedia is pending leaves exactly one live stream', async () => {
  const browser = await launchBrowser({ permission: 'granted' });
  try {
    const page = await openLab(browser, labUrl(), { initScript: recordStreams });
    // Both in one task: the first request cannot have settled before the second starts.
    const results = await page.evaluate(() => [Module.labAction('start'),
      Module.labAction('start')].map((r) => JSON.parse(r).ok));
    assert.deepEqual(results, [true, true]);
    const capturing = await waitForState(page, (s) => s.phase === 'capturing',
      { what: 'capturing' });
    await page.waitForFunction(() => window.rtclabStreams.length === 2 &&
      window.rtclabStreams.every((s) => s.getTracks().length === 2), null, { timeout: 10000 });
    const streams = await recordedStreams(page);
    const live = streams.filter((s) => s.tracks.every((t) => t.readyState === 'live'));
    const ended = streams.filter((s) => s.tracks.every((t) => t.readyState === 'ended'));
    assert.equal(live.length, 1, `one live stream: ${JSON.stringify(streams)}`);
    assert.equal(ended.length, 1, 'the other stream\'s tracks (camera and microphone) ended');
    assert.deepEqual(capturing.tracks.map((t) => t.id).sort(),
      live[0].tracks.map((t) => t.id).sort(), 'the lab shows the live stream');
  } finally {
    await browser.close();
  }
});

test('a denied camera shows NotAllowedError with its explanation, and the lab stays usable',
  async () => {
    const browser = await launchBrowser({ permission: 'denied' });
    try {
      const page = await openLab(browser, labUrl());
      await labAction(page, 'start');
      const failed = await waitForState(page, (s) => s.phase === 'failed',
        { what: 'the permission failure' });
      assert.equal(failed.error.name, 'NotAllowedError');
      assert.equal(failed.steps.current, 0, 'a refused capture is no step done');
      assert.match(failed.error.meaning, /permission/);
      assert.match(failed.error.remedy, /Allow/);
      assert.deepEqual(failed.tracks, []);

      // Still usable: the same button runs again and fails the same clear way, no crash.
      await labAction(page, 'set-kinds', 'audio');
      await labAction(page, 'start');
      const again = await waitForState(page, (s) => s.phase === 'failed' &&
        s.log.filter((e) => e.level === 'error').length >= 2, { what: 'a second clear failure' });
      assert.equal(again.error.name, 'NotAllowedError');
      const shot = await screenshotCanvas(page, 'lab01-denied');
      assert.ok(shot.pixelsOf(tones.bad, badgesBelowSteps) > 20, `the badge reads failed, in red (${shot.path})`);
      assert.equal(shot.pixelsOf(tones.good), 0, `no live track anywhere (${shot.path})`);
    } finally {
      await browser.close();
    }
  });

test('an exact constraint no camera can meet is an OverconstrainedError naming it', async () => {
  const browser = await launchBrowser({ permission: 'granted' });
  try {
    const page = await openLab(browser, labUrl());
    await labAction(page, 'set-resolution', '9000x9000');
    await labAction(page, 'set-exact', 'true');
    await labAction(page, 'start');
    if (browserEngine === 'chromium') {
      const failed = await waitForState(page, (s) => s.phase === 'failed');
      assert.equal(failed.error.name, 'OverconstrainedError');
      assert.ok(['width', 'height'].includes(failed.error.constraint));
      // Step 2 is about exactly this failure; step 1 still waits for a capture that works.
      assert.deepEqual(stepsDone(failed).slice(0, 2), [false, true]);
    } else {
      // Firefox's fake camera takes an exact width and height it cannot make and delivers
      // 4096x2160 instead (docs/browsers.md): the track's settings show what was really given.
      const given = await waitForState(page, (s) => s.phase === 'capturing');
      assert.notEqual(given.tracks.find((t) => t.kind === 'video').settings.width, 9000);
      await labAction(page, 'stop');
    }
    // A frame rate no camera has fails on both.
    await labAction(page, 'set-resolution', 'default');
    await labAction(page, 'set-frame-rate', '1000');
    await labAction(page, 'start');
    const failed = await waitForState(page, (s) => s.phase === 'failed' &&
      s.error?.constraint === 'frameRate', { what: 'OverconstrainedError naming frameRate' });
    assert.equal(failed.error.name, 'OverconstrainedError');
  } finally {
    await browser.close();
  }
});

test('an unknown action is refused with the list of actions', async () => {
  const browser = await launchBrowser();
  try {
    const page = await openLab(browser, labUrl());
    const result = JSON.parse(await page.evaluate(() => Module.labAction('fly')));
    assert.equal(result.ok, false);
    assert.match(result.error, /start/);
  } finally {
    await browser.close();
  }
});

test('the language action switches the step texts to Korean and back', async () => {
  const browser = await launchBrowser();
  try {
    const page = await openLab(browser, labUrl());
    const english = await labState(page);
    assert.equal(english.language, 'en');
    assert.equal(english.steps.list[0].text, '1. Ask for the camera and microphone (getUserMedia)');
    await labAction(page, 'language', 'ko');
    const korean = await labState(page);
    assert.equal(korean.language, 'ko');
    assert.equal(korean.steps.list[0].text, '1. 카메라와 마이크 요청 (getUserMedia)');
    assert.equal(korean.steps.list[0].step, 'lab01.step.request', 'the key stays');
    assert.equal(korean.phase, 'idle', 'state strings stay English');
    await labAction(page, 'language', 'en');
    assert.equal((await labState(page)).steps.list[0].text, english.steps.list[0].text);
  } finally {
    await browser.close();
  }
});
