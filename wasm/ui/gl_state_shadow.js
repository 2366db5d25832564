// Answers the panel's per-frame GL state reads from the page, not from the GPU process (linked
// with --pre-js by rtclab::app; bench/README.md, "Panel cost", has the profile that asked for it).
//
// Why: Dear ImGui's OpenGL3 backend saves every piece of GL state it changes before it draws
// and restores it afterwards (ImGui_ImplOpenGL3_RenderDrawData, in Debian's imgui sources, which
// we do not patch). In Chromium most of those reads are answered from state the page keeps, but
// the scissor box and the six blend parameters are not: each such getParameter() is a
// synchronous round trip to the GPU process, which first finishes everything queued before it,
// the previous frame included. With software WebGL (SwiftShader, as in CI and on machines
// without a GPU) the main thread then waits out the whole previous frame's rendering on every
// frame: 97 % of it busy in a call with the panel drawn, against 5 % without the panel.
//
// What: for those seven parameters, WebGL2RenderingContext's setters record the value they set
// (only a value the GL would accept: a call it rejects changes nothing, so it changes nothing
// here either), and getParameter() answers from that record. The first read of a parameter on a
// context, before anything set it, still asks the GPU once. A lost context forgets its record.
// Every other parameter, and every other context method, is the browser's own.
(function () {
  if (typeof WebGL2RenderingContext === 'undefined') return; // node (unit tests): no WebGL
  var proto = WebGL2RenderingContext.prototype;
  var GL = {
    SCISSOR_BOX: 0x0c10,
    BLEND_SRC_RGB: 0x80c9, BLEND_DST_RGB: 0x80c8,
    BLEND_SRC_ALPHA: 0x80cb, BLEND_DST_ALPHA: 0x80ca,
    BLEND_EQUATION_RGB: 0x8009, BLEND_EQUATION_ALPHA: 0x883d,
  };
  var shadowed = new Set(Object.values(GL));
  // Blend factors (ES 3.0 §4.1.7) and equations (FUNC_ADD, SUBTRACT, REVERSE_SUBTRACT, MIN, MAX).
  var factors = new Set([0, 1, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x0305, 0x0306, 0x0307,
    0x0308, 0x8001, 0x8002, 0x8003, 0x8004]);
  var constantColor = new Set([0x8001, 0x8002]); // CONSTANT_COLOR, ONE_MINUS_CONSTANT_COLOR
  var constantAlpha = new Set([0x8003, 0x8004]); // CONSTANT_ALPHA, ONE_MINUS_CONSTANT_ALPHA
  var equations = new Set([0x8006, 0x800a, 0x800b, 0x8007, 0x8008]);
  var native = {
    getParameter: proto.getParameter,
    scissor: proto.scissor,
    blendFunc: proto.blendFunc,
    blendFuncSeparate: proto.blendFuncSeparate,
    blendEquation: proto.blendEquation,
    blendEquationSeparate: proto.blendEquationSeparate,
  };
  var records = new WeakMap(); // context -> Map(pname -> value)

  function recordOf(gl) {
    var record = records.get(gl);
    if (!record) {
      record = new Map();
      records.set(gl, record);
      if (gl.canvas && gl.canvas.addEventListener) {
        gl.canvas.addEventListener('webglcontextlost', function () { record.clear(); });
      }
    }
    return record;
  }
  // WebGL rejects a source and destination that mix a constant colour with a constant alpha.
  function acceptedFactors(source, destination) {
    return factors.has(source) && factors.has(destination) &&
      !(constantColor.has(source) && constantAlpha.has(destination)) &&
      !(constantAlpha.has(source) && constantColor.has(destination));
  }

  proto.getParameter = function (pname) {
    if (!shadowed.has(pname)) return native.getParameter.call(this, pname);
    var record = recordOf(this);
    if (!record.has(pname)) record.set(pname, native.getParameter.call(this, pname));
    var value = record.get(pname);
    return pname === GL.SCISSOR_BOX && value ? new Int32Array(value) : value;
  };
  proto.scissor = function (x, y, width, height) {
    native.scissor.call(this, x, y, width, height);
    if ((width | 0) >= 0 && (height | 0) >= 0) {
      recordOf(this).set(GL.SCISSOR_BOX, Int32Array.of(x | 0, y | 0, width | 0, height | 0));
    }
  };
  proto.blendFuncSeparate = function (srcRgb, dstRgb, srcAlpha, dstAlpha) {
    native.blendFuncSeparate.call(this, srcRgb, dstRgb, srcAlpha, dstAlpha);
    if (acceptedFactors(srcRgb, dstRgb) && factors.has(srcAlpha) && factors.has(dstAlpha)) {
      var record = recordOf(this);
      record.set(GL.BLEND_SRC_RGB, srcRgb).set(GL.BLEND_DST_RGB, dstRgb);
      record.set(GL.BLEND_SRC_ALPHA, srcAlpha).set(GL.BLEND_DST_ALPHA, dstAlpha);
    }
  };
  proto.blendFunc = function (source, destination) {
    native.blendFunc.call(this, source, destination);
    if (acceptedFactors(source, destination)) {
      var record = recordOf(this);
      record.set(GL.BLEND_SRC_RGB, source).set(GL.BLEND_DST_RGB, destination);
      record.set(GL.BLEND_SRC_ALPHA, source).set(GL.BLEND_DST_ALPHA, destination);
    }
  };
  proto.blendEquationSeparate = function (rgb, alpha) {
    native.blendEquationSeparate.call(this, rgb, alpha);
    if (equations.has(rgb) && equations.has(alpha)) {
      recordOf(this).set(GL.BLEND_EQUATION_RGB, rgb).set(GL.BLEND_EQUATION_ALPHA, alpha);
    }
  };
  proto.blendEquation = function (mode) {
    native.blendEquation.call(this, mode);
    if (equations.has(mode)) {
      recordOf(this).set(GL.BLEND_EQUATION_RGB, mode).set(GL.BLEND_EQUATION_ALPHA, mode);
    }
  };

  // For the browser test (tests/e2e/panel-frame.test.mjs): the GPU's own answer, to compare.
  Module['rtclabGlStateFromGpu'] = function (gl, pname) {
    var value = native.getParameter.call(gl, pname);
    return ArrayBuffer.isView(value) ? Array.from(value) : value;
  };
})();
