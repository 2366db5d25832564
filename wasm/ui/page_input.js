// The panel's text entry and its Korean font (linked with --pre-js by rtclab::app; see app.cpp).
//
// Why a hidden <textarea>: an input method (Hangul, Japanese, Chinese) composes text only in an
// editable element, and a <canvas> is not one, so composed text never reached ImGui. While an
// ImGui text box is active the shell focuses this textarea instead of the canvas; keys still
// reach ImGui through GLFW (it listens on window), and the text comes from here, whole:
//   - compositionstart/update: the syllable being composed is shown in the textarea itself,
//     placed at ImGui's caret (the browser draws it, with its own font);
//   - compositionend: the committed text goes to ImGui;
//   - input of inputType insertText (a key, or text a tool inserts) or insertFromPaste (Ctrl+V,
//     from the system clipboard): goes to ImGui as it is.
// GLFW's own keypress -> character path is switched off in app.cpp, so no character arrives twice.
Module['rtclabPageInput'] = (function () {
  var entry = null;
  var composing = false;

  function send(text) {
    if (text) Module['rtclabTextEntered'](text);
    entry.value = '';
  }

  function install(canvas) {
    entry = document.createElement('textarea');
    entry.id = 'rtclab-text-entry';
    entry.setAttribute('autocomplete', 'off');
    entry.setAttribute('autocapitalize', 'off');
    entry.setAttribute('spellcheck', 'false');
    entry.setAttribute('aria-label', 'text entry for the panel');
    entry.className = 'rtclab-text-entry';
    canvas.parentNode.insertBefore(entry, canvas.nextSibling);
    entry.addEventListener('compositionstart', function () {
      composing = true;
      entry.classList.add('composing');
    });
    entry.addEventListener('compositionend', function (event) {
      composing = false;
      entry.classList.remove('composing');
      send(event.data);
    });
    entry.addEventListener('input', function (event) {
      // A composition's steps arrive as insertCompositionText and end in compositionend.
      if (composing || event.isComposing) return;
      if (event.inputType === 'insertText') {
        send(event.data);
      } else if (event.inputType === 'insertFromPaste') {
        send(entry.value); // the system clipboard (ImGui's own paste is off: see app.cpp)
      } else {
        entry.value = ''; // Enter, Backspace...: ImGui had them as keys
      }
    });
    // A click on the canvas gives it the focus; the next frame hands it back here if a text box
    // is active. Without this, a click that keeps the same box active would lose the typing.
    canvas.addEventListener('mouseup', function () {
      if (entry.dataset.wanted === 'yes') setTimeout(function () { entry.focus({ preventScroll: true }); });
    });
  }

  // Called by the shell when ImGui starts or stops wanting text.
  function want(wanted) {
    if (!entry) return;
    entry.dataset.wanted = wanted ? 'yes' : 'no';
    if (wanted) {
      entry.focus({ preventScroll: true });
    } else {
      if (composing) {
        composing = false;
        entry.classList.remove('composing');
      }
      entry.value = '';
      if (document.activeElement === entry) Module['canvas'].focus({ preventScroll: true });
    }
  }

  // ImGui's caret, in canvas buffer pixels: the composing syllable is shown there.
  function place(x, y, lineHeight) {
    if (!entry) return;
    var ratio = window.devicePixelRatio || 1;
    var canvas = Module['canvas'];
    entry.style.left = (canvas.offsetLeft + x / ratio) + 'px';
    entry.style.top = (canvas.offsetTop + y / ratio) + 'px';
    entry.style.fontSize = Math.max(10, Math.round(lineHeight / ratio)) + 'px';
  }

  // The Korean font: fetched after start-up so the panel's first frame does not wait for it.
  function fetchFont(url) {
    fetch(url)
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.arrayBuffer();
      })
      .then(function (bytes) { Module['rtclabTextFontArrived'](new Uint8Array(bytes)); })
      .catch(function (error) {
        console.warn('rtclab: the Korean font ' + url + ' did not load (' + error.message +
                     '): Hangul shows as ?');
      });
  }

  // ImGui's Ctrl+C. The browser may refuse (no permission, no focus): then nothing is copied.
  function copy(text) {
    if (navigator.clipboard) navigator.clipboard.writeText(text).catch(function () {});
  }

  // The canvas' size is read again (app.cpp, matchCanvasToCssSize: a layout read) only when it
  // may have changed: the canvas resized, or the window (a zoom changes devicePixelRatio too).
  function watchSize(canvas) {
    var changed = function () { Module['rtclabCanvasMayHaveResized'](); };
    if (typeof ResizeObserver === 'function') new ResizeObserver(changed).observe(canvas);
    window.addEventListener('resize', changed);
  }

  return { install: install, want: want, place: place, fetchFont: fetchFont, copy: copy,
           watchSize: watchSize };
})();
