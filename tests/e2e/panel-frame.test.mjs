// What the panel's frame loop leaves out to stay cheap (bench/README.md, "Panel cost"), and that
// nothing a learner sees is lost by it:
// - the GL state shadow (wasm/ui/gl_state_shadow.js): ImGui's backend reads the scissor box and
//   the blend state back every frame; the page answers those reads itself, so the main thread no
//   longer waits for the GPU process every frame. The reads stay in the page, and every answer
//   is the GPU's own.
// - the canvas' size is read again only when the page says it may have changed (app.cpp,
//   matchCanvasToCssSize), and still follows the window.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openLab, startServer } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const shadowedParameters = {
  SCISSOR_BOX: 0x0c10,
  BLEND_SRC_RGB: 0x80c9, BLEND_DST_RGB: 0x80c8, BLEND_SRC_ALPHA: 0x80cb, BLEND_DST_ALPHA: 0x80ca,
  BLEND_EQUATION_RGB: 0x8009, BLEND_EQUATION_ALPHA: 0x883d,
};

// Runs before the lab's scripts, so it sits under the shadow: it counts the reads that reach the
// browser's getParameter, by parameter, and the frames drawn.
function countGpuReads(pnames) {
  window.gpuReads = Object.fromEntries(pnames.map((p) => [p, 0]));
  window.framesDrawn = 0;
  const getParameter = WebGL2RenderingContext.prototype.getParameter;
  WebGL2RenderingContext.prototype.getParameter = function (pname) {
    if (pname in window.gpuReads) window.gpuReads[pname]++;
    return getParameter.call(this, pname);
  };
  const requestAnimationFrame = window.requestAnimationFrame;
  window.requestAnimationFrame = (callback) => requestAnimationFrame((time) => {
    callback(time);
    window.framesDrawn++;
  });
}

async function openPanel(consoleErrors) {
  const pnames = Object.values(shadowedParameters);
  const page = await openLab(browser, `${server.url}/labs/01-local-capture/`, {
    consoleErrors, initScript: `(${countGpuReads})(${JSON.stringify(pnames)})`,
  });
  await page.waitForFunction(() => window.framesDrawn >= 20, null, { timeout: 30000 });
  return page;
}

// Every shadowed parameter as the page answers it and as the GPU process does.
function bothAnswers(page) {
  return page.evaluate((pnames) => {
    const gl = document.querySelector('canvas').getContext('webgl2');
    const read = (value) => (ArrayBuffer.isView(value) ? Array.from(value) : value);
    return Object.fromEntries(Object.entries(pnames).map(([name, p]) =>
      [name, { page: read(gl.getParameter(p)), gpu: Module.rtclabGlStateFromGpu(gl, p) }]));
  }, shadowedParameters);
}

test('the panel draws frame after frame without reading the scissor box or blend state from the GPU',
  async () => {
    const consoleErrors = [];
    const page = await openPanel(consoleErrors);
    const { frames, reads } = await page.evaluate(() => ({ frames: window.framesDrawn,
      reads: window.gpuReads }));
    assert.ok(frames >= 20, `frames drawn: ${frames}`);
    for (const [name, pname] of Object.entries(shadowedParameters)) {
      // At most the first read of each, before anything had set it.
      assert.ok(reads[pname] <= 1, `${name} read from the GPU ${reads[pname]} times in ${frames} frames`);
    }
    for (const [name, { page: fromPage, gpu }] of Object.entries(await bothAnswers(page))) {
      assert.deepEqual(fromPage, gpu, `${name}: the page answers as the GPU does`);
    }
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });

test('state set outside the panel, accepted or rejected by WebGL, reads back as the GPU has it',
  async () => {
    const consoleErrors = [];
    const page = await openPanel(consoleErrors);
    const steps = {
      'scissor(3, 4, 50, 60)': (gl) => gl.scissor(3, 4, 50, 60),
      'scissor with a negative width (rejected)': (gl) => gl.scissor(1, 1, -5, 10),
      'blendFunc(ONE, ZERO)': (gl) => gl.blendFunc(gl.ONE, gl.ZERO),
      'blendFuncSeparate(SRC_COLOR, DST_ALPHA, CONSTANT_ALPHA, ONE)':
        (gl) => gl.blendFuncSeparate(gl.SRC_COLOR, gl.DST_ALPHA, gl.CONSTANT_ALPHA, gl.ONE),
      'blendFunc(CONSTANT_COLOR, CONSTANT_ALPHA) (rejected by WebGL)':
        (gl) => gl.blendFunc(gl.CONSTANT_COLOR, gl.CONSTANT_ALPHA),
      'blendFunc with an unknown factor (rejected)': (gl) => gl.blendFunc(0x1234, gl.ONE),
      'blendEquation(FUNC_SUBTRACT)': (gl) => gl.blendEquation(gl.FUNC_SUBTRACT),
      'blendEquationSeparate(MIN, MAX)': (gl) => gl.blendEquationSeparate(gl.MIN, gl.MAX),
      'blendEquation with an unknown mode (rejected)': (gl) => gl.blendEquation(0x1234),
    };
    for (const [what, step] of Object.entries(steps)) {
      // Set and read back in one task, before the panel's next frame can set anything itself.
      const answers = await page.evaluate(([source, pnames]) => {
        const gl = document.querySelector('canvas').getContext('webgl2');
        (0, eval)(`(${source})`)(gl);
        while (gl.getError() !== gl.NO_ERROR) { /* the rejected calls' errors, consumed */ }
        const read = (value) => (ArrayBuffer.isView(value) ? Array.from(value) : value);
        return Object.fromEntries(Object.entries(pnames).map(([name, p]) =>
          [name, { page: read(gl.getParameter(p)), gpu: Module.rtclabGlStateFromGpu(gl, p) }]));
      }, [step.toString(), shadowedParameters]);
      for (const [name, { page: fromPage, gpu }] of Object.entries(answers)) {
        assert.deepEqual(fromPage, gpu, `after ${what}: ${name}`);
      }
    }
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });

test('the canvas follows the window: its drawing buffer matches the new CSS size', async () => {
  const consoleErrors = [];
  const page = await openPanel(consoleErrors);
  const bufferSize = () => page.evaluate(() => {
    const canvas = document.querySelector('canvas');
    const ratio = window.devicePixelRatio;
    const box = canvas.getBoundingClientRect();
    return { buffer: [canvas.width, canvas.height],
      css: [Math.round(box.width * ratio), Math.round(box.height * ratio)] };
  });
  const before = await bufferSize();
  assert.deepEqual(before.buffer, before.css, 'at start');
  await page.setViewportSize({ width: 900, height: 640 });
  await page.waitForFunction(() => {
    const canvas = document.querySelector('canvas');
    const box = canvas.getBoundingClientRect();
    return canvas.width === Math.round(box.width * window.devicePixelRatio) &&
      canvas.height === Math.round(box.height * window.devicePixelRatio);
  }, null, { timeout: 10000 });
  const after = await bufferSize();
  assert.notDeepEqual(after.buffer, before.buffer, 'the drawing buffer was resized');
  assert.deepEqual(after.buffer, after.css);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
