// app.hpp: the shell every lab runs in: a WebGL2 canvas, Dear ImGui, and the frame loop.
//
//   int main() {
//     static LabState state;                    // lives as long as the page
//     return rtclab::ui::runApp({.title = "01 getUserMedia"}, [] { drawPanel(state); });
//   }
//
// runApp() opens the GLFW window on the page's canvas, loads the page's texts in the learner's
// language (language.hpp), sets up ImGui (dark style, default font at fontSizePixels merged with
// the Korean font once it arrives, no imgui.ini), makes text entry go through the page's input
// method (page_input.js) and then calls drawFrame once per browser animation frame, between
// ImGui::NewFrame() and the render. The canvas' drawing buffer follows the size CSS gives
// it (times devicePixelRatio, so text stays sharp): the page must size the canvas with CSS.
// In the browser runApp() does not return: the frame loop takes over from main() (see app.cpp);
// it returns 1 only when the window or WebGL2 context cannot be created.
// Wasm only (target rtclab::app).
#pragma once

#include <functional>
#include <string>

namespace rtclab::ui {

struct AppOptions {
  std::string title = "rtclab";
  std::string canvasSelector = "#canvas"; // the element Emscripten's GLFW draws on (Module.canvas)
  float fontSizePixels = 15.0f;           // in CSS pixels; scaled by devicePixelRatio
  // The font for Hangul and whatever else ImGui's own font lacks (fonts.hpp), fetched after
  // start-up; the build serves Debian's NanumGothic there.
  std::string textFontUrl = "../../fonts/NanumGothic.ttf";
};

int runApp(const AppOptions& options, std::function<void()> drawFrame);

} // namespace rtclab::ui
