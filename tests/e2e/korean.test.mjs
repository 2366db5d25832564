// The learner's language in the browser (issue 13): Hangul composed through an input method
// reaches a lab's chat and is drawn as Hangul, and the panel speaks Korean or English.
// Module.panelText() reads back what the panel really drew (a missing glyph reads as '?').
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browserEngine, labAction, labReady, labState, launchBrowser, openLab, startServer,
  waitForState } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const lab02 = () => `${server.url}/labs/02-loopback/`;
const panelText = (page) => page.evaluate(() => Module.panelText());

async function waitForPanelText(page, needle, what) {
  const deadline = Date.now() + 20000;
  let text = '';
  while (Date.now() < deadline) {
    text = await panelText(page);
    if (text.includes(needle)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`the panel never showed ${what} (${JSON.stringify(needle)}); it showed:\n${text}`);
}

// ImGui 1.86 polls key states once a frame, so a key pressed and released between two frames is
// never seen: hold it until the page has drawn two frames. Not for a fixed time: a key held past
// io.KeyRepeatDelay (275 ms) repeats, and where frames are quick a second Tab moves the focus on.
const twoFrames = (page) => page.evaluate(() => new Promise((resolve) =>
  requestAnimationFrame(() => requestAnimationFrame(resolve))));
async function pressKey(page, key) {
  await page.keyboard.down(key);
  await twoFrames(page);
  await page.keyboard.up(key);
}

// Gives the lab window the focus (a click on an empty spot of its first line) and moves ImGui's
// keyboard focus to the first text box with Tab, as a learner would; the page then hands the
// typing to its text entry.
// ImGui focuses a clicked window at the end of the frame that saw the click, and a Tab pressed
// in that same frame finds no focused window: a learner's Tab comes frames later, so does ours.
async function focusFirstTextBox(page) {
  await page.locator('#canvas').click({ position: { x: 900, y: 45 } });
  await twoFrames(page);
  await pressKey(page, 'Tab');
  await page.waitForFunction(() => document.activeElement?.id === 'rtclab-text-entry', null,
    { timeout: 15000 });
}

test('Hangul composed through an input method reaches the chat and is drawn as Hangul', async () => {
  const browser = await launchBrowser();
  try {
    const page = await openLab(browser, lab02());
    await labAction(page, 'start');
    await waitForState(page, (s) => s.phase === 'capturing', { what: 'the camera' });
    await labAction(page, 'call');
    await waitForState(page, (s) => s.peers.a.dataChannel?.state === 'open' &&
      s.peers.b.dataChannel?.state === 'open', { timeout: 20000, what: 'the chat open' });

    await focusFirstTextBox(page);
    if (browserEngine === 'chromium') {
      const cdp = await page.context().newCDPSession(page);
      // An IME composes syllable by syllable; the composing text is shown at the caret by the
      // page's text entry and has not reached ImGui yet.
      await cdp.send('Input.imeSetComposition', { text: 'ㅇ', selectionStart: 1, selectionEnd: 1 });
      await cdp.send('Input.imeSetComposition', { text: '안', selectionStart: 1, selectionEnd: 1 });
      assert.equal(await page.evaluate(() =>
        document.getElementById('rtclab-text-entry').classList.contains('composing')), true,
      'the syllable being composed is shown');
      // Committing inserts the whole text, which ImGui's text box takes as it is.
      await cdp.send('Input.insertText', { text: '안녕하세요 B입니다' });
    } else {
      // WebDriver BiDi has no input-method composition: Firefox gets the syllables as typed
      // characters, which reach the same text entry as committed text.
      await page.keyboard.type('안녕하세요 B입니다');
    }
    await waitForPanelText(page, '안녕하세요 B입니다', 'the composed text in the chat box');
    await pressKey(page, 'Enter');
    const sent = await waitForState(page, (s) => s.chat.receivedByB.length > 0,
      { what: 'B receiving the Hangul message' });
    assert.deepEqual(sent.chat.receivedByB, ['안녕하세요 B입니다']);

    // The panel draws it with Hangul glyphs (the Korean font was fetched and holds them), not '?'.
    const drawn = await waitForPanelText(page, 'B received: 안녕하세요 B입니다', 'the Hangul message');
    assert.ok(!drawn.includes('?????'), 'no fallback glyphs');

    // Keys typed one by one arrive once each (the text entry is the only path for characters).
    await focusFirstTextBox(page);
    await page.keyboard.type('ok 2');
    await pressKey(page, 'Enter');
    const typed = await waitForState(page, (s) => s.chat.receivedByB.length > 1,
      { what: 'B receiving the typed message' });
    assert.deepEqual(typed.chat.receivedByB, ['안녕하세요 B입니다', 'ok 2']);
  } finally {
    await browser.close();
  }
});

test('the panel speaks the browser\'s language, switches, and remembers the choice', async () => {
  const browser = await launchBrowser({ locale: 'ko-KR' });
  try {
    const context = await browser.newContext({ locale: 'ko-KR', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(lab02());
    await labReady(page);
    assert.equal((await labState(page)).language, 'ko', 'Korean for a ko-KR browser');
    await waitForPanelText(page, '언어', 'the Korean label of the language switch');

    await labAction(page, 'language', 'en');
    assert.equal((await labState(page)).language, 'en');
    const english = await waitForPanelText(page, 'Language', 'the English label');
    assert.ok(!english.includes('언어'));
    await assert.rejects(labAction(page, 'language', 'fr'), /unknown language 'fr'/);

    // The choice holds for the next page of the site, and ?lang= overrides it.
    await page.goto(`${server.url}/labs/01-local-capture/`);
    await labReady(page);
    assert.equal((await labState(page)).language, 'en', 'the choice is remembered');
    await page.goto(`${server.url}/labs/01-local-capture/?lang=ko`);
    await labReady(page);
    assert.equal((await labState(page)).language, 'ko', '?lang=ko wins');
    await context.close();
  } finally {
    await browser.close();
  }
});
